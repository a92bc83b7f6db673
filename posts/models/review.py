"""Medical review: the versions sent for sign-off (posts.workflow), and review reminders."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .articles import Article


class ArticleVersion(models.Model):
    """
    The words of an article as an editor sent them for medical review, frozen, and what
    became of them: signed off by a reviewer (who, when, their credentials as shown),
    sent back with comments, withdrawn by a later edit, or marked by an editor as a fix
    with no change of meaning to a version already signed off. posts.workflow moves them.
    """

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for medical review"
        SIGNED_OFF = "signed_off", "Signed off"
        SENT_BACK = "sent_back", "Sent back"
        WITHDRAWN = "withdrawn", "Withdrawn by a later edit"
        FIX = "fix", "Fix with no change of meaning"

    APPROVED = (State.SIGNED_OFF, State.FIX)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    references = models.JSONField(default=list)  # posts.references.frozen_reference()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(
        "note to the reviewer", blank=True, help_text="What changed and why, for the reviewer."
    )
    # The decision: a reviewer's sign-off or sending back, or an editor's fix.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="article_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reviewer_name = models.CharField(max_length=200, blank=True)
    reviewer_credentials = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)
    change_note = models.CharField(max_length=300, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    # For a fix: the signed-off version whose meaning it keeps.
    basis = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    went_live_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_version_number"),
            models.CheckConstraint(
                condition=Q(state__in=["submitted", "withdrawn"]) | Q(decided_at__isnull=False),
                name="article_version_decision_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="fix") | Q(basis__isnull=False),
                name="article_version_fix_has_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} – version {self.number} ({self.get_state_display().lower()})"

    @property
    def is_approved(self) -> bool:
        return self.state in self.APPROVED

    @property
    def sign_off(self) -> "ArticleVersion":
        """The reviewer's sign-off that vouches for these words: its own, or a fix's basis."""
        return self.basis if self.state == self.State.FIX else self


class ReviewReminder(models.Model):
    """That the editors were reminded of an article's review due on `due_date`: once each."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "due_date"], name="one_reminder_per_review")
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.article} (due {self.due_date})"
