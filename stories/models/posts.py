"""A post (Story), its versions (StoryRevision), its indications and its photos."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from cryoinfo.markdown import render_markdown
from cryoinfo.models import (
    Indication,
    IndicationsField,
    IndicationTaggedItem,
    IndicationTaggedQuerySet,
)
from cryoinfo.seo import html_to_text

from .choices import ANSWER_KINDS, POST_KINDS, Anaesthesia, Answer, Approach, Kind

TERMS_VERSION = "2026-11"
REPORTS_TO_HIDE = 3
RESTORE_DAYS = 30  # a withdrawn post can be restored by its author for this long
MAX_PHOTOS = 3
SUMMARY_WORDS = 32  # the opening words a story card shows
# The columns a story card reads; lists load these and nothing else.
CARD_FIELDS = (
    "kind", "title", "summary", "published_at", "show_name", "version",
    "response_count", "reply_count", "thanks_count",
    "author__username", "author__display_name", "author__first_name", "author__last_name",
)  # fmt: skip


def card_summary(body_html: str) -> str:
    """A story's opening words as plain text, for its card."""
    return Truncator(html_to_text(body_html)).words(SUMMARY_WORDS)


def public_condition(through: str = "") -> Q:
    """
    What makes a post public, as a condition on it or, with `through` ("story__"), on
    something that belongs to one: a join the query makes anyway instead of a subquery,
    which PostgreSQL took longer to plan than to run.
    """
    return Q(
        **{f"{through}live__isnull": False, f"{through}withdrawn_at__isnull": True,
           f"{through}hidden": False}
    )  # fmt: skip


class StoryQuerySet(IndicationTaggedQuerySet):
    def public(self):
        """Posts with an approved version that is not withdrawn or hidden by reports."""
        return self.filter(public_condition())

    def originals(self):
        """
        Stories and insights themselves, without what is shown under them instead: their
        follow-ups, clinician responses and replies.
        """
        return self.filter(parent__isnull=True)

    def posts(self):
        """Posts with pages of their own (stories, insights, follow-ups), not answers."""
        return self.filter(kind__in=POST_KINDS)

    def answers(self):
        """Clinician responses and replies, shown under the post they answer."""
        return self.filter(kind__in=ANSWER_KINDS)

    def for_cards(self):
        """
        What a story card shows and no more (CARD_FIELDS); the chips come from
        attach_indication_names() on the loaded list.
        """
        return self.select_related("author").only(*CARD_FIELDS)


class TaggedStory(IndicationTaggedItem):
    content_object = models.ForeignKey("Story", on_delete=models.CASCADE)


class Story(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Published"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        REJECTED = "rejected", "Not published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stories"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PATIENT)
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        help_text="Where the latest version stands. Change it with the moderation actions.",
    )
    current = models.ForeignKey(
        "StoryRevision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The latest version the author submitted.",
    )
    live = models.ForeignKey(
        "StoryRevision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The approved version the public sees.",
    )
    # Set from the live version on approval, so lists never join revisions.
    title = models.CharField(max_length=150, editable=False, default="")
    summary = models.TextField(
        editable=False, default="", help_text="The live version's opening words, for cards."
    )
    indications = IndicationsField(through=TaggedStory, blank=True)
    # Names for the chips on cards, set by attach_indication_names(); none else.
    indication_names: tuple[str, ...] | list[str] = ()
    show_name = models.BooleanField(
        "show my display name",
        default=True,
        help_text="Unticked, the post says 'Anonymous'.",
    )
    moderator_message = models.TextField(
        blank=True, help_text="The last message from a moderator, shown to the author."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_index=False,  # indexed for follow-ups only: see Meta.indexes
        related_name="updates",
        help_text="For a follow-up: the story it updates. For a response or reply: the post "
        "it answers.",
    )
    followup_opt_in = models.BooleanField(
        "follow-up e-mails",
        default=False,
        help_text="The author asked to be e-mailed 3, 6 and 12 months after publication.",
    )
    replies_open = models.BooleanField(
        "readers may reply",
        default=True,
        help_text="The author can turn replies off; clinician responses are still possible.",
    )
    signed_by_team = models.BooleanField(
        default=False,
        editable=False,
        help_text="A response written for the editorial team: signed “CryoInfo editorial team”.",
    )
    helped_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="On a clinician response: when the story's author marked that it helped them.",
    )
    # Counted from the public answers and the thanks whenever they change, for cards.
    response_count = models.PositiveIntegerField(default=0, editable=False)
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    thanks_count = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Goes up with every submission and decision; a decision names the version "
        "it was made on, so two moderators cannot both decide the same one.",
    )
    hidden = models.BooleanField(
        default=False, help_text="Hidden from the public until a moderator decides on reports."
    )
    consent_terms_version = models.CharField(max_length=20, default=TERMS_VERSION)
    consented_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = "community post"
        ordering = ["-published_at", "-id"]
        permissions = [
            ("moderate_story", "Can moderate community posts"),
            ("respond_for_editorial_team", "Can respond to stories for the editorial team"),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                name="story_public_order",
                condition=Q(live__isnull=False, withdrawn_at__isnull=True, hidden=False),
            ),
            # The story list: public stories without their follow-ups, newest first.
            models.Index(
                fields=["-published_at", "-id"],
                name="story_list_order",
                condition=Q(
                    live__isnull=False, withdrawn_at__isnull=True, hidden=False, parent__isnull=True
                ),
            ),
            # A story's follow-ups. Only they have a parent, so "parent IS NULL" in the
            # list's query cannot pull SQLite onto this index instead of the one above.
            models.Index(
                fields=["parent"], name="story_followups", condition=Q(parent__isnull=False)
            ),
            models.Index(fields=["status", "submitted_at"], name="story_queue"),
            models.Index(fields=["author", "-created_at"], name="story_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(live__isnull=True) | Q(published_at__isnull=False),
                name="story_live_has_published_at",
            ),
        ]

    def __str__(self) -> str:
        return self.title or (self.current.title if self.current else f"Post {self.pk}")

    def get_absolute_url(self) -> str:
        if self.is_answer:
            return f"{self.url_for(self.parent_id)}#{self.anchor}"
        return self.url_for(self.pk)

    @property
    def is_answer(self) -> bool:
        return self.kind in ANSWER_KINDS

    @property
    def anchor(self) -> str:
        """The id of an answer's place on its post's page."""
        return f"{self.kind}-{self.pk}"

    @staticmethod
    def url_for(pk: int) -> str:
        """A post's address from its id alone (the search rebuild has no model to ask)."""
        return reverse("stories:detail", args=[pk])

    @property
    def byline(self) -> str:
        # Only responses can be signed by the team: cards and captions, which load a few
        # columns, read no other.
        if self.kind == Kind.RESPONSE and self.signed_by_team:
            return "CryoInfo editorial team"
        return self.author.public_name if self.show_name else "Anonymous"

    @property
    def is_public(self) -> bool:
        return self.live_id is not None and self.withdrawn_at is None and not self.hidden

    @property
    def restorable_until(self):
        """When a withdrawn post can no longer be restored by its author; None if not now."""
        if self.status != self.Status.WITHDRAWN or self.withdrawn_at is None:
            return None
        until = self.withdrawn_at + datetime.timedelta(days=RESTORE_DAYS)
        return until if until > timezone.now() else None

    @property
    def editable(self) -> bool:
        return self.status != self.Status.WITHDRAWN and self.status != self.Status.REJECTED


class StoryRevision(models.Model):
    """One submitted version of a post, exactly as a moderator saw it."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=150)
    body = models.TextField()
    body_html = models.TextField(editable=False)
    indications = models.ManyToManyField(Indication, related_name="+", blank=True)

    # Structured outcome, for patient stories. Every answer is optional.
    procedure_year = models.PositiveSmallIntegerField(
        "year of the procedure",
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    approach = models.CharField(max_length=15, choices=Approach.choices, blank=True)
    anaesthesia = models.CharField(max_length=10, choices=Anaesthesia.choices, blank=True)
    nights_in_hospital = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(90)]
    )
    days_to_usual_activities = models.PositiveSmallIntegerField(
        "days until back to usual activities",
        null=True,
        blank=True,
        validators=[MaxValueValidator(730)],
    )
    pain_after_one_week = models.PositiveSmallIntegerField(
        "pain one week after (0 = none, 10 = worst)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
    )
    complication = models.CharField(
        "any complication", max_length=6, choices=Answer.choices, blank=True
    )
    would_recommend = models.CharField(max_length=6, choices=Answer.choices, blank=True)

    photos = models.ManyToManyField("StoryPhoto", related_name="revisions", blank=True)
    flagged_for_safety = models.BooleanField(
        default=False, help_text="Mentions self-harm or suicide: check on the author."
    )
    safety_concerns = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The sentences the crisis-language check matched, with the reason for each "
        "(stories.safety). Set when the version is submitted.",
    )
    # The one-time key of the form that sent this version: the same form sent twice (a
    # double click, a resent request) makes one version, not two.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["story", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["story", "number"], name="unique_story_revision"),
            models.CheckConstraint(
                condition=Q(pain_after_one_week__isnull=True) | Q(pain_after_one_week__lte=10),
                name="revision_pain_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(procedure_year__isnull=True)
                | Q(procedure_year__gte=1990, procedure_year__lte=2100),
                name="revision_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body, user_text=True).html
        super().save(*args, **kwargs)

    OUTCOME_FIELDS = (
        "procedure_year",
        "approach",
        "anaesthesia",
        "nights_in_hospital",
        "days_to_usual_activities",
        "pain_after_one_week",
        "complication",
        "would_recommend",
    )

    @property
    def outcome(self) -> list[tuple[str, str]]:
        """The answered outcome questions as (question, answer) pairs, for display."""
        pairs = []
        for name in self.OUTCOME_FIELDS:
            value = getattr(self, name)
            if value in (None, ""):
                continue
            field = self._meta.get_field(name)
            shown = getattr(self, f"get_{name}_display")() if field.choices else str(value)
            pairs.append((field.verbose_name[:1].upper() + field.verbose_name[1:], shown))
        return pairs
