"""Reads of community posts that pages of other apps show (an article's related stories)."""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from .models import CARD_FIELDS, Kind, ModerationDecision, Story, StoryQuote, public_condition

# What a quote's caption shows of its story: the title, linked, and the byline.
QUOTE_STORY_FIELDS = (
    "kind", "title", "show_name",
    "author__username", "author__display_name", "author__first_name", "author__last_name",
)  # fmt: skip


def stories_about(indication_ids: list[int], limit: int = 3):
    """The newest public posts about any of these indications, for cards without chips."""
    return (
        Story.objects.public()
        .about(indication_ids)
        .select_related("author")
        .only(*CARD_FIELDS)[:limit]
    )


def quotes_about(indication_ids: list[int], limit: int = 2):
    """Passages moderators chose from public patient stories about these indications."""
    return (
        StoryQuote.objects.filter(public_condition("story__"), indication__in=indication_ids)
        .select_related("story__author")
        .only("passage", *(f"story__{name}" for name in QUOTE_STORY_FIELDS))[:limit]
    )


@dataclass(frozen=True)
class ModerationFigures:
    """What the moderation policy publishes about itself, from the moderation log."""

    decisions: int  # in the last DAYS
    median_wait: datetime.timedelta | None  # from a version's sending to its decision
    patient_stories: int
    with_response: int

    DAYS = 30

    @property
    def median_wait_words(self) -> str:
        """'under an hour', '5 hours', '3 days'."""
        hours = self.median_wait.total_seconds() / 3600 if self.median_wait else 0
        if hours < 1:
            return "under an hour"
        if hours < 48:
            return f"{round(hours)} hour{'s' if round(hours) != 1 else ''}"
        return f"{round(hours / 24)} days"

    @property
    def response_share(self) -> int | None:
        """Per cent of public patient stories with a clinician response."""
        if not self.patient_stories:
            return None
        return round(100 * self.with_response / self.patient_stories)


def moderation_figures(now: datetime.datetime | None = None) -> ModerationFigures:
    """Two queries: the waits of the month's decisions, and the stories with responses."""
    since = (now or timezone.now()) - datetime.timedelta(days=ModerationFigures.DAYS)
    waits = [
        decided - sent
        for decided, sent in ModerationDecision.objects.filter(decided_at__gte=since)
        .exclude(action=ModerationDecision.Action.RESTORE)
        .values_list("decided_at", "revision__created_at")
    ]
    stories = Story.objects.public().originals().filter(kind=Kind.PATIENT)
    counted = stories.aggregate(
        total=Count("pk"), responded=Count("pk", filter=Q(response_count__gt=0))
    )
    return ModerationFigures(
        decisions=len(waits),
        median_wait=statistics.median(waits) if waits else None,
        patient_stories=counted["total"],
        with_response=counted["responded"],
    )
