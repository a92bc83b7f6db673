"""
Pages of a newest-first list that cost the same however deep a reader goes.

Page numbers need `OFFSET`, which makes the database step over every earlier row, and a
`COUNT(*)` of the whole list for "page 3 of N"; both grow with the table. These pages are
found by key instead: "older than story 8123" is a range on the list's index on
(`published_at`, `id`), read from where the last page ended. The addresses are
`?before=<id>` (older) and `?after=<id>` (newer); there is no total.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet

from .prepared import prepared

MAX_ID = 2**63 - 1  # larger numbers are no id of ours (and overflow PostgreSQL's bigint)


@dataclass(frozen=True)
class KeysetPage:
    object_list: list
    newer: int | None = None  # for ?after=: the first row shown, when newer rows exist
    older: int | None = None  # for ?before=: the last row shown, when older rows exist
    before: int | None = None  # the row this page was asked to start after, if any
    after: int | None = None  # the row this page was asked to end before, if any

    @property
    def is_first(self) -> bool:
        return self.newer is None


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 0 < int(value) <= MAX_ID else None


class _Queries:
    """A list's four queries, prepared (cryoinfo.prepared): each page runs two at most."""

    def __init__(self, model: type[Model], rows: Callable[..., QuerySet], per_page: int):
        @prepared
        def published_at(cursor):
            return model._default_manager.filter(pk=cursor).values_list("published_at", flat=True)

        @prepared
        def newest(*args):
            return rows(*args)[: per_page + 1]

        @prepared
        def older(published_at, cursor, *args):
            return (
                rows(*args)
                .filter(published_at__lte=published_at)
                .exclude(published_at=published_at, pk__gte=cursor)[: per_page + 1]
            )

        @prepared
        def newer(published_at, cursor, *args):
            return (
                rows(*args)
                .filter(published_at__gte=published_at)
                .exclude(published_at=published_at, pk__lte=cursor)
                .order_by("published_at", "id")[: per_page + 1]
            )

        self.published_at, self.newest, self.older, self.newer = (
            published_at, newest, older, newer
        )  # fmt: skip


@functools.cache
def _queries(model: type[Model], rows: Callable[..., QuerySet], per_page: int) -> _Queries:
    return _Queries(model, rows, per_page)


def newest_first_page(
    model: type[Model],
    rows: Callable[..., QuerySet],
    *args,
    before: str | None,
    after: str | None,
    per_page: int,
) -> KeysetPage:
    """
    One page of the list `rows(*args)` of `model` (ordered by `-published_at`, `-id`):
    those just older than the row `before`, or just newer than the row `after`, else the
    newest. A row that is unknown, or has nothing older, or too little newer to fill a
    page, gives the newest page. `rows` is a module-level function whose queries are
    prepared, so it takes what prepared queries take (see cryoinfo.prepared).
    """
    queries = _queries(model, rows, per_page)
    cursor = _id(before) or _id(after)
    published_at = cursor and next(iter(queries.published_at(cursor)), None)
    if published_at and _id(after):
        newer = queries.newer(published_at, cursor, *args)
        if len(newer) > per_page:
            shown = newer[:per_page][::-1]
            return KeysetPage(shown, newer=shown[0].pk, older=shown[-1].pk, after=cursor)
    elif published_at:
        older = queries.older(published_at, cursor, *args)
        if older:
            shown = older[:per_page]
            more = len(older) > per_page
            return KeysetPage(
                shown, newer=shown[0].pk, older=shown[-1].pk if more else None, before=cursor
            )
    newest = queries.newest(*args)
    shown = newest[:per_page]
    return KeysetPage(shown, older=shown[-1].pk if len(newest) > per_page else None)
