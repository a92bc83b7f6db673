"""
Pages of a newest-first list that cost the same however deep a reader goes.

Page numbers need `OFFSET`, which makes the database step over every earlier row, and a
`COUNT(*)` of the whole list for "page 3 of N"; both grow with the table. These pages are
found by key instead: "older than story 8123" is a range on the list's index on
(`published_at`, `id`), read from where the last page ended. The addresses are
`?before=<id>` (older) and `?after=<id>` (newer); there is no total.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

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


def row_id(value: str | None) -> int | None:
    """
    A row's id from an address's query (`?before=`, `?from=`...), or None for anything
    else: only ASCII digits count ("²" is a digit to str.isdigit, not to int()), and no
    more of them than an id has (int() refuses over 4,300).
    """
    if not value or len(value) > len(str(MAX_ID)) or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def newest_first_page(
    rows: QuerySet, *, before: str | None, after: str | None, per_page: int
) -> KeysetPage:
    """
    One page of `rows` (ordered by `-published_at`, `-id`): those just older than the row
    `before`, or just newer than the row `after`, else the newest. A row that is unknown,
    or has nothing older, or too little newer to fill a page, gives the newest page. Two
    queries at most; one more row than a page tells whether there is another.
    """
    cursor = row_id(before) or row_id(after)
    published_at = cursor and (
        rows.model._default_manager.filter(pk=cursor)
        .values_list("published_at", flat=True)
        .order_by()
        .first()
    )
    if published_at and row_id(after):
        newer = list(
            rows.filter(published_at__gte=published_at)
            .exclude(published_at=published_at, pk__lte=cursor)
            .order_by("published_at", "id")[: per_page + 1]
        )
        if len(newer) > per_page:
            shown = newer[:per_page][::-1]
            return KeysetPage(shown, newer=shown[0].pk, older=shown[-1].pk, after=cursor)
    elif published_at:
        older = list(
            rows.filter(published_at__lte=published_at).exclude(
                published_at=published_at, pk__gte=cursor
            )[: per_page + 1]
        )
        if older:
            shown = older[:per_page]
            more = len(older) > per_page
            return KeysetPage(
                shown, newer=shown[0].pk, older=shown[-1].pk if more else None, before=cursor
            )
    newest = list(rows[: per_page + 1])
    shown = newest[:per_page]
    return KeysetPage(shown, older=shown[-1].pk if len(newest) > per_page else None)
