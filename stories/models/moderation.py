"""What moderators decide and keep: decisions, reports, quotes, follow-ups, safety verdicts."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cryoinfo.models import Indication

from .choices import RejectReason
from .posts import Story, StoryRevision


class StoryQuote(models.Model):
    """
    A passage of an approved patient story that a moderator chose to show beside the
    reference articles for one indication: lived experience next to reviewed facts.
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="quotes")
    indication = models.ForeignKey(Indication, on_delete=models.CASCADE, related_name="+")
    passage = models.TextField(help_text="Words copied exactly from the approved story.")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["indication", "-created_at"], name="quote_by_indication")]

    def __str__(self) -> str:
        return f"“{self.passage[:60]}…” ({self.indication})"


class FollowUpSent(models.Model):
    """That the author was asked how they are doing, `months` after publication: once each."""

    MILESTONES = (3, 6, 12)

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="followups_sent")
    months = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "months"], name="one_followup_per_milestone")
        ]

    def __str__(self) -> str:
        return f"{self.months}-month follow-up for {self.story_id}"


class ModerationDecision(models.Model):
    """The moderation log: who decided what about which version, and why."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        REQUEST_CHANGES = "request_changes", "Changes requested"
        REJECT = "reject", "Rejected"
        RESTORE = "restore", "Reports dismissed"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="decisions")
    revision = models.ForeignKey(StoryRevision, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.CharField(max_length=20, choices=RejectReason.choices, blank=True)
    message = models.TextField(blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.get_action_display()} by {self.moderator} at {self.decided_at:%Y-%m-%d %H:%M}"
        )


class SafetyVerdict(models.Model):
    """
    A moderator's judgement of the crisis-language check on one version: a real crisis or a
    false alarm. Kept, with the pattern keys that matched, so the phrase list can be tuned
    (`manage.py safety_report`); a crisis on a version nothing matched is a miss.
    """

    class Verdict(models.TextChoices):
        CRISIS = "crisis", "This was a crisis"
        FALSE_ALARM = "false_alarm", "False alarm"

    revision = models.ForeignKey(
        StoryRevision, null=True, on_delete=models.SET_NULL, related_name="safety_verdicts"
    )
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    pattern_keys = models.JSONField(
        default=list, help_text="The check's patterns that matched; empty when it missed."
    )
    note = models.CharField(max_length=500, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} ({', '.join(self.pattern_keys) or 'missed'})"


class Report(models.Model):
    """A reader's report about a published post. The author never sees who reported."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["story", "reporter"], name="one_report_per_reader"),
        ]

    def __str__(self) -> str:
        return f"Report on {self.story_id} by {self.reporter_id}"
