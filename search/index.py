"""
Keeping the search index in step with what is public.

Search knows nothing of articles or posts. It offers `index_page` (this public page: its
title, text, address, indications and date) and `remove_page`; posts and stories call
them from their own services, and register how to index all their pages for `rebuild`.
"""

import html
import re
from collections.abc import Callable

from django.db import connection, transaction
from django.utils.html import strip_tags

from .models import SearchEntry

# The private-use characters the search highlighter uses as markers never come from content.
_MARKERS = re.compile("[\ue000-\ue0ff]")


def plain_text(markup: str) -> str:
    return _MARKERS.sub("", " ".join(html.unescape(strip_tags(markup or "")).split()))


def _write(kind: str, object_id: int, *, indications, **fields) -> None:
    # The title is plain text as its author wrote it ("<3", "&"); summary and body are HTML.
    fields = {
        name: plain_text(value) if name in ("summary", "body") else value
        for name, value in fields.items()
    }
    fields["title"] = _MARKERS.sub("", " ".join(fields["title"].split()))
    entry, _ = SearchEntry.objects.update_or_create(kind=kind, object_id=object_id, defaults=fields)
    entry.indications.set(indications)
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk=entry.pk).update(vector=weighted_vector())


def weighted_vector():
    """PostgreSQL: the tsvector of an entry, title above summary above body."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


def _remove(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


@transaction.atomic
def index_page(kind: str, object_id: int, *, title: str, summary: str, body_html: str,
               url: str, published_at, label: str, indications) -> None:  # fmt: skip
    """
    Write (or rewrite) the entry of one public page. Apps call this from their own
    services when something of theirs is public; search knows nothing of what it is.
    """
    _write(
        kind,
        object_id,
        title=title,
        summary=summary,
        body=body_html,
        url=url,
        published_at=published_at,
        label=label,
        indications=list(indications),
    )


def remove_page(kind: str, object_id: int) -> None:
    """Drop a page that left the site (unpublished, withdrawn, hidden, deleted)."""
    _remove(kind, object_id)


# How each app indexes all of its public pages, registered from its AppConfig.ready().
_REBUILDERS: dict[str, Callable[[], None]] = {}


def register_rebuild(kind: str, index_all: Callable[[], None]) -> None:
    """`index_all` writes the entry of every public page of this kind (index_page each)."""
    _REBUILDERS[kind] = index_all


def rebuild() -> int:
    """Index every public page from scratch, asking each app; returns how many entries."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for index_all in _REBUILDERS.values():
            index_all()
    return SearchEntry.objects.count()
