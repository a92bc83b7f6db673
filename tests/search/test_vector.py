"""PostgreSQL keeps each entry's weighted vector by trigger (search/migrations/0005)."""

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.utils import timezone

from search.models import SearchEntry

pytestmark = pytest.mark.django_db


def weighted(entry_id: int) -> str:
    """What Django's SearchVector makes of the entry: title A, summary B, body C."""
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    return SearchEntry.objects.annotate(v=vector).values_list("v", flat=True).get(pk=entry_id)


def test_the_vector_is_written_with_the_row_and_follows_its_words():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only; SQLite's FTS5 triggers have tests of their own")
    entry = SearchEntry.objects.create(
        kind="story",
        object_id=1,
        title="Frozen kidney",
        summary="Small tumour",
        body="Home the next day",
        url="/",
        published_at=timezone.now(),
        label="Story",
    )

    stored = SearchEntry.objects.values_list("vector", flat=True).get(pk=entry.pk)
    assert stored == weighted(entry.pk)
    assert "'kidney':2A" in stored and "'tumour':4B" in stored and "'home':5C" in stored

    SearchEntry.objects.filter(pk=entry.pk).update(body="Walking the dog")
    stored = SearchEntry.objects.values_list("vector", flat=True).get(pk=entry.pk)
    assert "'dog':7C" in stored and "home" not in stored
    assert stored == weighted(entry.pk)
