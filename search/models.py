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


class IndexState(models.Model):
    """
    The one row that says what the index holds: the format it was built in (search.index
    FORMAT), and who is building it now. An instance claims a rebuild by an UPDATE that
    only one can win, so two instances starting together never both rebuild.
    """

    format = models.PositiveIntegerField(
        null=True, help_text="The format of the last complete rebuild; empty if never built."
    )
    built_at = models.DateTimeField(null=True)
    builder = models.CharField(max_length=100, blank=True, help_text="Who is rebuilding now.")
    heartbeat = models.DateTimeField(
        null=True, help_text="The rebuild's last sign of life: a stale one can be taken over."
    )

    class Meta:
        verbose_name = "search index state"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="one_index_state")]

    def __str__(self) -> str:
        return f"Search index, format {self.format}"
