"""Asking authors, who opted in, how they are doing 3, 6 and 12 months after publication."""

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cryoinfo.mail import send_later

from .models import FollowUpSent, Kind, Story

# A month here is a twelfth of a year, so the e-mails keep their spacing.
MILESTONE_DAYS = {3: 91, 6: 183, 12: 365}


def due_milestone(story: Story, now: datetime.datetime, sent: set[int]) -> int | None:
    """The latest milestone that has come and not yet been sent, if any."""
    due = [m for m, days in MILESTONE_DAYS.items()
           if story.published_at + datetime.timedelta(days=days) <= now]  # fmt: skip
    if not due or max(due) in sent or any(m > max(due) for m in sent):
        return None
    return max(due)


def send_followups(now: datetime.datetime | None = None) -> list[tuple[Story, int]]:
    """
    E-mail each opted-in author whose story reached a milestone. Each milestone is sent
    once; milestones missed while the job was not running are skipped, not sent in a burst.
    Safe to run as often as you like.
    """
    now = now or timezone.now()
    earliest = now - datetime.timedelta(days=min(MILESTONE_DAYS.values()))
    stories = (
        Story.objects.public()
        .originals()
        .filter(kind=Kind.PATIENT, followup_opt_in=True, published_at__lte=earliest)
        .exclude(author__email="")
        .select_related("author")
        .prefetch_related("followups_sent")
    )
    sent = []
    for story in stories:
        months = due_milestone(story, now, {f.months for f in story.followups_sent.all()})
        if months is None:
            continue
        with transaction.atomic():
            # The unique constraint makes a second, concurrent run fail here, not send twice.
            FollowUpSent.objects.create(story=story, months=months)
            body = render_to_string(
                "stories/email/followup.txt",
                {
                    "story": story,
                    "months": months,
                    "update_url": settings.SITE_URL.rstrip("/") + f"/stories/{story.pk}/update/",
                    "mine_url": settings.SITE_URL.rstrip("/") + "/stories/mine/",
                },
            )
            # Queued when this transaction commits, with the record that it was sent.
            send_later(f"How are you doing, {months} months on?", body, [story.author.email])
        sent.append((story, months))
    return sent
