"""What readers tell us about articles: whether a page helped, and problems they found."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from posts.models import Article

MAX_COMMENT = 1_000
MAX_PROBLEM = 2_000


class HelpfulVote(models.Model):
    """One browser's answer to "Was this page helpful?" on one article.

    Nothing here identifies a person: `voter_hash` is a SHA-256 hash of the article and the
    random token in the browser's signed cookie, so the token cannot be recovered from it
    and one browser's answers on different articles cannot be linked to each other.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="helpful_votes")
    helpful = models.BooleanField(help_text="Yes: the reader found the page helpful.")
    comment = models.TextField(
        blank=True,
        max_length=MAX_COMMENT,
        help_text="Optional, as the reader typed it. Anonymous: there is no way to reply.",
    )
    voter_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One answer per browser per article, even when two requests race.
            models.UniqueConstraint(fields=["article", "voter_hash"], name="one_vote_per_browser"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("comment"), MAX_COMMENT),
                name="helpful_vote_comment_length",
            ),
        ]
        indexes = [models.Index(fields=["-created_at"], name="helpful_vote_created")]

    def __str__(self) -> str:
        return f"{'Yes' if self.helpful else 'No'} on {self.article}"


class ProblemReport(models.Model):
    """A reader's note that something on an article is wrong, e-mailed to the editors."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="problem_reports")
    message = models.TextField(
        "what is wrong",
        max_length=MAX_PROBLEM,
        help_text="As the reader typed it.",
    )
    email = models.EmailField(
        "reader's e-mail",
        blank=True,
        help_text="Given only if the reader would like a reply. Use it for nothing else.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # What was sent, and the hour it was sent in (feedback.services.report_key): the same
    # report sent twice (a double click, a resent request) is stored, and e-mailed, once.
    # NULL, not "", for reports from before: many may have none, and none may share one.
    key = models.CharField(max_length=64, null=True, unique=True, editable=False)  # noqa: DJ001
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="problem_report_status")]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), MAX_PROBLEM),
                name="problem_report_message_length",
            ),
        ]

    def __str__(self) -> str:
        return f"Problem on “{self.article}”"


class ArticleFeedback(Article):
    """Articles as the feedback admin lists them: one row each, with its answer counts."""

    class Meta:
        proxy = True
        verbose_name = "answers per article"
        verbose_name_plural = "answers per article"
