"""The changes of meaning readers are told about, at the foot of an article."""

from django.db import models
from django.utils import timezone

from .articles import Article, log_entries


class ArticleChange(models.Model):
    """A change of meaning readers are told about, dated, at the foot of the article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="changes")
    changed_on = models.DateField("date", default=timezone.localdate)
    description = models.CharField(
        "what changed",
        max_length=300,
        help_text="In a sentence a reader understands, e.g. 'Updated the numbers on kidney "
        "function after the 2026 guideline.' Not for typing fixes.",
    )

    class Meta:
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.changed_on}: {self.description}"


def write_change_log(article_id: int) -> None:
    """Copy the article's changes onto it (Article.change_log), and move its `updated_at`."""
    changes = ArticleChange.objects.filter(article_id=article_id)
    Article.objects.filter(pk=article_id).update(
        change_log=log_entries(changes), updated_at=timezone.now()
    )
