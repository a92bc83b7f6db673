from django.contrib.postgres.search import SearchVectorField
from django.db import models

from cryoinfo.models import Indication


class SearchEntry(models.Model):
    """
    One searchable public page: a published article or an approved post.

    `search.index` writes a row when something is published and deletes it when it leaves
    the site, so the index holds public content only. PostgreSQL searches `vector` (GIN
    index); SQLite searches the FTS5 table `search_fts`, which triggers keep in step with
    this table (see the migrations).
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", "Reference article"
        STORY = "story", "Community post"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    published_at = models.DateTimeField()
    label = models.CharField(max_length=40, help_text="Shown on the result, e.g. 'Patient story'.")
    indications = models.ManyToManyField(Indication, related_name="+", blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_entry_per_page"),
        ]
        indexes = [
            models.Index(fields=["kind", "-published_at"], name="search_kind_date"),
            # Common words list their matches newest first (search/backends.py).
            models.Index(fields=["-published_at", "-id"], name="search_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
