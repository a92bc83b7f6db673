"""The stored outcome tallies (see stories.outcomes)."""

from django.db import models

from cryoinfo.models import Indication


class OutcomeTally(models.Model):
    """
    What patients reported about one indication, counted over its public patient stories:
    a stored summary, so that pages read one row instead of counting the stories. The
    services in `stories.services` move it by the difference each story makes, in the
    same transaction as the change; `manage.py recount_outcomes` recounts it from scratch.
    """

    indication = models.OneToOneField(
        Indication, on_delete=models.CASCADE, primary_key=True, related_name="outcome_tally"
    )
    stories = models.PositiveIntegerField(
        default=0, help_text="Public patient stories about the indication, answered or not."
    )
    answers = models.JSONField(
        default=dict,
        help_text='How many gave each answer, by question: {"days": {"7": 3}} means three '
        "people answered 7 days. Kept up to date automatically; never edit by hand.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indication_id"]  # by key: ["indication"] would join to sort by name

    def __str__(self) -> str:
        return f"Outcome tally for indication {self.indication_id}"
