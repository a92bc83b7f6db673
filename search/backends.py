"""
Full-text search over the public index, with one small interface over two databases.

`search(query, kind=..., indication=...)` returns a `Results` sequence that Django's
Paginator can page through: each item a SearchEntry with `.rank` and `.snippet_html` (the
matching words in <mark>, everything else escaped). PostgreSQL ranks a weighted tsvector
(title above summary above body) with English stemming; SQLite ranks FTS5 with bm25 and
Porter stemming, using the same weights.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape

from .models import SearchEntry

START, STOP = "\ue001", "\ue002"
WEIGHTS = (10.0, 4.0, 1.0)  # title, summary, body
MAX_TERMS = 8


def terms(query: str) -> list[str]:
    """The words of a query; everything else (operators, quotes, markup) is ignored."""
    return re.findall(r"\w+", query)[:MAX_TERMS]


def highlight(snippet: str) -> str:
    """Escape a snippet, then turn the backend's markers into <mark> elements."""
    return escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")


@dataclass
class Results:
    words: list[str]
    kind: str | None = None
    indication: int | None = None

    def _orm_filters(self) -> dict:
        filters = {"published_at__lte": timezone.now()}
        if self.kind:
            filters["kind"] = self.kind
        if self.indication:
            filters["indications"] = self.indication
        return filters

    def _sql_filters(self) -> tuple[str, list]:
        sql, params = ["e.published_at <= %s"], [timezone.now()]
        if self.kind:
            sql.append("e.kind = %s")
            params.append(self.kind)
        if self.indication:
            sql.append(
                "e.id IN (SELECT searchentry_id FROM search_searchentry_indications "
                "WHERE indication_id = %s)"
            )
            params.append(self.indication)
        return " AND ".join(sql), params

    def count(self) -> int:
        if not self.words:
            return 0
        return _backend().count(self)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[SearchEntry]:
        if not self.words:
            return []
        start, stop = key.start or 0, key.stop
        return _backend().page(self, start, stop - start)


class _SQLite:
    @staticmethod
    def match(words: list[str]) -> str:
        # Each word quoted as an FTS5 string: no query syntax can get through.
        return " ".join(f'"{word}"' for word in words)

    def count(self, results: Results) -> int:
        where, params = results._sql_filters()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM search_fts JOIN search_searchentry e "
                f"ON e.id = search_fts.rowid WHERE search_fts MATCH %s AND {where}",
                [self.match(results.words), *params],
            )
            return cursor.fetchone()[0]

    def page(self, results: Results, offset: int, limit: int) -> list[SearchEntry]:
        where, params = results._sql_filters()
        sql = (
            "SELECT e.id, bm25(search_fts, %s, %s, %s) AS rank, "
            "snippet(search_fts, -1, %s, %s, '…', 24) "
            "FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND {where} "
            "ORDER BY rank, e.published_at DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [*WEIGHTS, START, STOP, self.match(results.words), *params, limit, offset]
            )
            rows = cursor.fetchall()
        entries = SearchEntry.objects.in_bulk([row[0] for row in rows])
        found = []
        for entry_id, rank, snippet in rows:
            entry = entries[entry_id]
            entry.rank, entry.snippet_html = -rank, highlight(snippet)
            found.append(entry)
        return found


class _PostgreSQL:
    @staticmethod
    def queryset(results: Results):
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(" ".join(results.words), search_type="plain", config="english")
        return query, SearchEntry.objects.filter(vector=query, **results._orm_filters())

    def count(self, results: Results) -> int:
        return self.queryset(results)[1].count()

    def page(self, results: Results, offset: int, limit: int) -> list[SearchEntry]:
        from django.contrib.postgres.search import SearchHeadline, SearchRank

        query, queryset = self.queryset(results)
        found = list(
            queryset.annotate(
                # F(): a plain string would make Django re-parse the vector, losing weights.
                rank=SearchRank(F("vector"), query, weights=[0.1, 0.2, 0.4, 1.0]),
                snippet=SearchHeadline(
                    "body",
                    query,
                    config="english",
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                ),
            ).order_by("-rank", "-published_at")[offset : offset + limit]
        )
        for entry in found:
            entry.snippet_html = highlight(entry.snippet)
        return found


def _backend():
    return _PostgreSQL() if connection.vendor == "postgresql" else _SQLite()


def search(query: str, *, kind: str | None = None, indication: int | None = None) -> Results:
    return Results(words=terms(query), kind=kind, indication=indication)
