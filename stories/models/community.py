"""What readers give back to a post beyond words: thanks."""

from django.conf import settings
from django.db import models

from .posts import Story


class Thanks(models.Model):
    """
    A signed-in reader's "This helped me" on a story or insight: one each, and undoable.
    Only the count is shown, to the author too; who thanked stays private.
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="thanks")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "thanks"
        constraints = [
            models.UniqueConstraint(fields=["story", "reader"], name="one_thanks_per_reader")
        ]

    def __str__(self) -> str:
        return f"Thanks for post {self.story_id}"
