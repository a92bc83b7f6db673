"""
Full-text search over the public index, with one small interface over two databases.

`search(query, kind=..., indication=...)` returns a `Results` sequence that Django's
Paginator can page through: each item a SearchEntry with `.rank` and `.snippet_parts` (its
snippet as (text, is_match) pieces, which the template marks). PostgreSQL ranks a weighted
tsvector (title above summary above body) with English stemming; SQLite ranks FTS5 with bm25
and Porter stemming, using the same weights.

Rare words and common words
---------------------------
Ranking reads every match: bm25 or ts_rank scores each matching row, then all are sorted.
So does an exact count. For a rare word that is a handful of rows; for a word in nearly
every post ("recovery") it is a million, and seconds. So a search first counts its matches
only up to COUNT_LIMIT + 1, with a LIMIT inside the count, which stops reading as soon as
it has that many: the cheap test of "common" is "more than COUNT_LIMIT matches".

- At most COUNT_LIMIT matches (rare): they are ranked, best first, and counted exactly.
  Ranking reads at most COUNT_LIMIT rows, however large the site.
- More (common): they are listed newest first, which both databases read in date order
  from an index, stopping after the page asked for, and the page says "more than 1,000
  results, newest first". Paging stops at the COUNT_LIMIT newest, as the count does.

One more case on SQLite: bm25 weighs each word by how many rows hold it, which it finds by
reading every one of them, even when the words together match only a few ("snowshoe
recovery": about 100 rows, but 1,000,000 hold "recovery"). So on SQLite a few matches are
ranked only if none of the words is in more than RANK_WORD_LIMIT rows, also counted with a
LIMIT, in the same query; otherwise they too come newest first, and the page says so.
PostgreSQL's ts_rank looks at each matching row alone, so it needs no such rule.

Either way a search costs two queries (the capped count, then the page with its snippets)
whose cost does not grow with the number of posts. How each database reads in date order:
PostgreSQL walks the (published_at, id) index and tests each row against the tsquery;
SQLite's FTS5 can only return matches in rowid order, so its rowid is a date key (see
search/migrations/0003_newest_first.py).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, F, Func, Value
from django.utils import timezone

from .models import SearchEntry

START, STOP = "\ue001", "\ue002"
WEIGHTS = (10.0, 4.0, 1.0)  # title, summary, body
MAX_TERMS = 8
COUNT_LIMIT = 1000
RANK_WORD_LIMIT = 20_000  # SQLite only: bm25 reads this many rows a word at most


def terms(query: str) -> list[str]:
    """The words of a query; everything else (operators, quotes, markup) is ignored."""
    return re.findall(r"\w+", query)[:MAX_TERMS]


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a backend's snippet at its markers: (text, True) for each matched word."""
    parts = []
    for n, piece in enumerate(re.split(f"[{START}{STOP}]", snippet)):
        if piece:
            parts.append((piece, n % 2 == 1))
    return parts


@dataclass
class Results:
    """
    The public pages matching some words, for Paginator.

    `count()` is exact up to COUNT_LIMIT; `many` says there are more. `newest_first` says
    the results come newest first rather than best first (see the module docstring).
    """

    words: list[str]
    kind: str | None = None
    indication: int | None = None
    # One clock for the count and the page, so a scheduled article cannot slip in between.
    now: datetime.datetime = field(default_factory=timezone.now)
    _counted: tuple[int, bool] | None = field(default=None, init=False, repr=False)

    def _count(self) -> tuple[int, bool]:
        """How many match (up to COUNT_LIMIT + 1), and whether ranking them is cheap."""
        if self._counted is None:
            self._counted = _backend().count(self, COUNT_LIMIT) if self.words else (0, True)
        return self._counted

    @property
    def many(self) -> bool:
        return self._count()[0] > COUNT_LIMIT

    @property
    def newest_first(self) -> bool:
        return self.many or not self._count()[1]

    def count(self) -> int:
        return min(self._count()[0], COUNT_LIMIT)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[SearchEntry]:
        start, stop = key.start or 0, min(key.stop or COUNT_LIMIT, COUNT_LIMIT)
        if not self.words or start >= stop:
            return []
        return _backend().page(self, start, stop - start, newest_first=self.newest_first)


class _SQLite:
    # The FTS5 rowid of an entry: its date, then its id. It must equal SEARCH_KEY in
    # search/migrations/0003_newest_first.py, which explains it. "%%": these queries have
    # parameters, so a literal percent sign is doubled.
    KEY = "(CAST(strftime('%%s', e.published_at) AS INTEGER) * 1000000000 + e.id)"
    # Matches first, then each entry by its primary key, read off the FTS rowid (SQLite
    # cannot use the index on KEY for a join); comparing KEY too rules out a wrong entry
    # should ids ever pass 10⁹. CROSS JOIN fixes that order: the other way round would
    # read every entry.
    MATCHES = (
        "search_fts CROSS JOIN search_searchentry e "
        f"ON e.id = search_fts.rowid %% 1000000000 AND {KEY} = search_fts.rowid "
        "WHERE search_fts MATCH %s"
    )

    @staticmethod
    def match(words: list[str], kind: str | None = None) -> str:
        """
        An FTS5 query for all the words, in the text columns.

        Each word is quoted as an FTS5 string, so no query syntax can get through. The
        reference articles, a few hundred among a million posts, are picked out by FTS5
        too (it indexes `kind`): filtering them afterwards would walk through every match
        of a common word to find them. Posts are most of the index, so that filter is left
        to the join, where it costs nothing.
        """
        text = " ".join(f'"{word}"' for word in words)
        query = f"{{title summary body}} : ({text})"
        if kind == SearchEntry.Kind.ARTICLE:
            query += f' AND kind : "{kind}"'
        return query

    @staticmethod
    def filters(results: Results) -> tuple[str, list]:
        sql = ["e.published_at <= %s"]
        params = [connection.ops.adapt_datetimefield_value(results.now)]
        if results.kind:
            sql.append("e.kind = %s")
            params.append(results.kind)
        if results.indication:
            # EXISTS, not IN (SELECT ...): SQLite would first collect every entry with the
            # indication, a fifth of the site.
            sql.append(
                "EXISTS (SELECT 1 FROM search_searchentry_indications i "
                "WHERE i.searchentry_id = e.id AND i.indication_id = %s)"
            )
            params.append(results.indication)
        return "".join(f" AND {clause}" for clause in sql), params

    def count(self, results: Results, limit: int) -> tuple[int, bool]:
        where, params = self.filters(results)
        # How many rows hold each word, only when the matches are few enough to rank (CASE
        # runs a subquery only when it needs it), and only up to RANK_WORD_LIMIT + 1.
        words = "".join(
            ", CASE WHEN total <= %s THEN (SELECT COUNT(*) FROM (SELECT 1 FROM search_fts "
            "WHERE search_fts MATCH %s LIMIT %s)) END"
            for _ in results.words
        )
        word_params = []
        for word in results.words:
            word_params += [limit, self.match([word]), RANK_WORD_LIMIT + 1]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT total{words} FROM (SELECT COUNT(*) AS total "
                f"FROM (SELECT 1 FROM {self.MATCHES}{where} LIMIT %s))",
                [*word_params, self.match(results.words, results.kind), *params, limit + 1],
            )
            total, *rows_per_word = cursor.fetchone()
        return total, total > limit or all(n <= RANK_WORD_LIMIT for n in rows_per_word)

    def page(self, results: Results, offset: int, limit: int, *, newest_first: bool):
        where, params = self.filters(results)
        if newest_first:
            rank, order = "NULL", "search_fts.rowid DESC"  # FTS5 reads rowids backwards
        else:
            rank, order = "bm25(search_fts, %s, %s, %s, 0)", "rank, search_fts.rowid DESC"
        # The page's entries first, then their snippets: snippet() re-reads and re-tokenizes
        # the text, so it runs for the ten shown, not for every ranked match.
        sql = (
            f"WITH hits AS (SELECT search_fts.rowid AS key, e.id AS id, {rank} AS rank "
            f"FROM {self.MATCHES}{where} ORDER BY {order} LIMIT %s OFFSET %s) "
            "SELECT e.id, e.kind, e.title, e.url, e.published_at, e.label, hits.rank, "
            "snippet(search_fts, -1, %s, %s, '…', 24) AS snippet "
            "FROM hits CROSS JOIN search_fts ON search_fts.rowid = hits.key "
            "CROSS JOIN search_searchentry e ON e.id = hits.id "
            "WHERE search_fts MATCH %s ORDER BY hits.rank, hits.key DESC"
        )
        found = list(
            SearchEntry.objects.raw(
                sql,
                [
                    *([] if newest_first else WEIGHTS),
                    *[self.match(results.words, results.kind), *params, limit, offset],
                    *[START, STOP, self.match(results.words)],
                ],
            )
        )
        for entry in found:
            entry.rank = None if entry.rank is None else -entry.rank
            entry.snippet_parts = snippet_parts(entry.snippet)
        return found


class _HasIndication(Func):
    """
    PostgreSQL: `EXISTS (an entry–indication row for this entry and this indication)`,
    tested row by row against the table's unique index. The ORM's own filter (a join) or
    Exists() let PostgreSQL plan a join instead, which may read every row of the indication
    (a fifth of the site) to pair them with a hundred matches; OFFSET 0 forbids that. At a
    million posts, "snowshoe" in kidney posts: 14 ms (parallel join) → 0.7 ms.
    """

    template = (
        "EXISTS (SELECT 1 FROM search_searchentry_indications i "
        "WHERE i.searchentry_id = %(expressions)s OFFSET 0)"
    )
    arg_joiner = " AND i.indication_id = "  # between the entry's id and the indication's
    output_field = BooleanField()


class _PostgreSQL:
    @staticmethod
    def queryset(results: Results):
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(" ".join(results.words), search_type="plain", config="english")
        queryset = SearchEntry.objects.filter(vector=query, published_at__lte=results.now)
        if results.kind:
            queryset = queryset.filter(kind=results.kind)
        if results.indication:
            queryset = queryset.filter(_HasIndication(F("pk"), Value(results.indication)))
        return query, queryset

    def count(self, results: Results, limit: int) -> tuple[int, bool]:
        # COUNT(*) over a LIMITed subquery: stops reading after limit + 1 matches.
        return self.queryset(results)[1].values("pk")[: limit + 1].count(), True

    def page(self, results: Results, offset: int, limit: int, *, newest_first: bool):
        from django.contrib.postgres.search import SearchHeadline, SearchRank

        query, queryset = self.queryset(results)
        if newest_first:
            order = ["-published_at", "-pk"]
        else:
            # F(): a plain string would make Django re-parse the vector, losing weights.
            rank = SearchRank(F("vector"), query, weights=[0.1, 0.2, 0.4, 1.0])
            queryset = queryset.annotate(rank=rank)
            order = ["-rank", "-published_at", "-pk"]
        # The page's entries by id first, then their headlines: in the walk down the date
        # index PostgreSQL would otherwise build a headline for every row OFFSET skips.
        shown = queryset.order_by(*order).values("pk")[offset : offset + limit]
        found = SearchEntry.objects.filter(pk__in=shown)
        if not newest_first:
            found = found.annotate(rank=rank)
        found = list(
            # Not the body or the vector: the page shows neither, and they are most of a row.
            found.only("kind", "title", "url", "published_at", "label")
            .annotate(
                snippet=SearchHeadline(
                    "body",
                    query,
                    config="english",
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                )
            )
            .order_by(*order)
        )
        for entry in found:
            if newest_first:
                entry.rank = None
            entry.snippet_parts = snippet_parts(entry.snippet)
        return found


def _backend():
    return _PostgreSQL() if connection.vendor == "postgresql" else _SQLite()


def search(query: str, *, kind: str | None = None, indication: int | None = None) -> Results:
    return Results(words=terms(query), kind=kind, indication=indication)
