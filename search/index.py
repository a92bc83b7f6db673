"""
Keeping the search index in step with what is public.

Search knows nothing of articles or posts. It offers `index_page` (this public page: its
title, text, address, indications and date, as a `Page`) and `remove_page`; posts and
stories call them from their own services, and `register` how to list all their public
pages in batches, which `rebuild` walks.

Rebuilding
----------
`rebuild` writes the index batch by batch, in the order of the pages' ids, one transaction
a batch: it adds missing entries, rewrites changed ones, leaves equal ones alone and drops
entries in the batch's id range whose page is no longer public. The index stays searchable
throughout, and memory holds one batch. It is needed only when the index is empty or was
built in an older FORMAT (`needs_rebuild`); the instance that wins one UPDATE on the
IndexState row builds, and another starting at the same time leaves it be. A builder that
stops sending heartbeats for STALE can be taken over.
"""

import datetime
import html
import logging
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.db import OperationalError, connection, reset_queries, transaction
from django.db.models import Q
from django.utils import timezone

from .models import IndexState, SearchEntry

logger = logging.getLogger(__name__)

# What an entry holds and how; raise it when that changes (plain_text, the fields, the
# weights), and the next start rebuilds the index once.
FORMAT = 1
BATCH = 1000
STALE = datetime.timedelta(minutes=5)
FIELDS = ("title", "summary", "body", "url", "published_at", "label")

# The private-use characters the search highlighter uses as markers never come from content.
_MARKERS = re.compile("[\ue000-\ue0ff]")


def plain_text(markup: str) -> str:
    # nh3 with no tags allowed keeps the text and drops the markup, as strip_tags does, in
    # a third of the time (40 µs a post instead of 120: 80 s of a rebuild at a million).
    return _MARKERS.sub("", " ".join(html.unescape(nh3.clean(markup or "", tags=set())).split()))


@dataclass(frozen=True)
class Page:
    """One public page as search sees it; apps make these from their own objects."""

    object_id: int
    title: str  # plain text, as its author wrote it ("<3", "&")
    summary: str  # HTML
    body_html: str
    url: str
    published_at: datetime.datetime
    label: str  # shown on the result, e.g. "Patient story"
    indications: frozenset[int]  # Indication ids

    def row(self) -> dict:
        """The entry's values."""
        return {
            "title": _MARKERS.sub("", " ".join(self.title.split())),
            "summary": plain_text(self.summary),
            "body": plain_text(self.body_html),
            "url": self.url,
            "published_at": self.published_at,
            "label": self.label,
        }


def _write(kind: str, pages: list[Page], *, span: tuple[int, int | None] | None = None) -> None:
    """
    Bring the entries of `pages` up to date: one query to read them, one each to add the
    new and rewrite the changed, and two for indications. (Each database indexes the
    words itself, by trigger: search/migrations 0003 and 0005.) With `span` (after, up to; None:
    no end), also drop this kind's entries with an id in that range whose page is not
    among `pages`.
    """
    ids = [page.object_id for page in pages]
    existing = {
        entry.object_id: entry
        for entry in SearchEntry.objects.filter(kind=kind, object_id__in=ids).only(
            "object_id", *FIELDS
        )
    }
    new, changed, entries = [], [], {}
    for page in pages:
        values = page.row()
        entry = existing.get(page.object_id)
        if entry is None:
            entry = SearchEntry(kind=kind, object_id=page.object_id, **values)
            new.append(entry)
        elif any(getattr(entry, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(entry, name, value)
            changed.append(entry)
        entries[page.object_id] = entry
    SearchEntry.objects.bulk_create(new)  # sets their ids (RETURNING, both databases)
    if changed:
        SearchEntry.objects.bulk_update(changed, FIELDS)
    _write_indications(pages, entries, existing)
    if span is not None:
        after, upto = span
        gone = SearchEntry.objects.filter(kind=kind, object_id__gt=after).exclude(object_id__in=ids)
        if upto is not None:
            gone = gone.filter(object_id__lte=upto)
        gone.delete()


def _write_indications(pages: list[Page], entries: dict, existing: dict) -> None:
    through = SearchEntry.indications.through
    wanted = {(entries[p.object_id].pk, tag) for p in pages for tag in p.indications}
    have = {
        (entry_id, tag): pk
        for pk, entry_id, tag in through.objects.filter(
            searchentry_id__in=[e.pk for e in existing.values()]
        ).values_list("pk", "searchentry_id", "indication_id")
    }
    stale = [pk for pair, pk in have.items() if pair not in wanted]
    if stale:
        through.objects.filter(pk__in=stale).delete()
    through.objects.bulk_create(
        [through(searchentry_id=e, indication_id=t) for e, t in wanted - have.keys()]
    )


@transaction.atomic
def index_page(kind: str, page: Page) -> None:
    """
    Write (or rewrite) the entry of one public page. Apps call this from their own
    services when something of theirs is public; search knows nothing of what it is.
    """
    _write(kind, [page])


def remove_page(kind: str, object_id: int) -> None:
    """Drop a page that left the site (unpublished, withdrawn, hidden, deleted)."""
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


@dataclass(frozen=True)
class Source:
    """
    How an app lists its public pages for a rebuild, registered from its AppConfig.ready():
    `count()` how many there are (for the progress bar), `last_id()` the highest id among
    them (to share them out between workers), and `pages(after, upto, limit)` the next
    `limit` of them by id, above `after` and up to `upto` (None: no end). `pages` runs
    inside the batch's transaction and should lock what it reads (select_for_update), so
    that a page withdrawn at that moment waits for the batch and is then removed, not
    written back.
    """

    count: Callable[[], int]
    last_id: Callable[[], int]
    pages: Callable[[int, int | None, int], list[Page]]


_SOURCES: dict[str, Source] = {}


def register(kind: str, source: Source) -> None:
    _SOURCES[kind] = source


def needs_rebuild() -> bool:
    """The index is empty, or was built in another format (or never finished)."""
    state = IndexState.objects.filter(pk=1).first()
    return state is None or state.format != FORMAT or not SearchEntry.objects.exists()


def rebuild(
    *, force: bool = True, batch: int = BATCH, workers: int = 1, progress=None
) -> int | None:
    """
    Walk every public page into the index, in batches. Without `force`, only when
    `needs_rebuild()`. Returns how many entries the index holds, or None when nothing was
    done: not needed, or another instance is rebuilding. `progress(total)` is called once
    with the number of pages and returns a callable given each batch's size.

    `workers` > 1 shares each kind's ids out between that many threads, each with its own
    connection: on PostgreSQL one prepares a batch while the database indexes another's
    (settings.SEARCH_REBUILD_WORKERS). SQLite lets one writer in at a time: keep it at 1.
    """
    token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    if not _claim(token):
        return None
    try:
        if not force and not needs_rebuild():
            return None
        advance = progress(sum(s.count() for s in _SOURCES.values())) if progress else None
        if advance and workers > 1:
            advance = _locked(advance)
        walks = [
            (kind, source, start, end)
            for kind, source in _SOURCES.items()
            for start, end in _ranges(source.last_id() if workers > 1 else 0, workers)
        ]
        if workers == 1:
            for walk in walks:
                _walk(*walk, batch, token, advance)
        else:
            with ThreadPoolExecutor(workers) as pool:
                running = [pool.submit(_in_thread, *walk, batch, token, advance) for walk in walks]
                for done in running:
                    done.result()  # raises what the thread raised
        IndexState.objects.filter(pk=1, builder=token).update(
            format=FORMAT, built_at=timezone.now()
        )
        return SearchEntry.objects.count()
    finally:
        IndexState.objects.filter(pk=1, builder=token).update(builder="", heartbeat=None)


class Overtaken(Exception):
    """Another instance took the rebuild over (this one was silent for STALE)."""


def _ranges(last_id: int, workers: int) -> list[tuple[int, int | None]]:
    """`workers` id ranges (after, up to) covering every id; the last has no end."""
    if workers == 1:
        return [(0, None)]
    step = last_id // workers + 1
    return [(n * step, (n + 1) * step) for n in range(workers - 1)] + [((workers - 1) * step, None)]


def _locked(advance):
    lock = threading.Lock()

    def locked(n: int) -> None:
        with lock:
            advance(n)

    return locked


def _in_thread(*walk) -> None:
    try:
        _walk(*walk)
    finally:
        connection.close()  # this thread's own


def _walk(kind: str, source: Source, start: int, end: int | None, size: int, token: str,
          advance) -> None:  # fmt: skip
    """Every page of one kind with an id in (start, end], batch by batch."""
    after = start
    while True:
        pages, after = _batch(kind, source, after, end, size, token)
        if settings.DEBUG:  # Django keeps each query's SQL then: 800 MB at a million
            reset_queries()
        if advance:
            advance(len(pages))
        if after == end:
            return


def _batch(kind: str, source: Source, after: int, end: int | None, size: int, token: str,
           tries: int = 5):  # fmt: skip
    """
    One batch in one transaction: its pages, and the id up to which it covered the range.
    Tried again if the database was busy (SQLite).
    """
    for attempt in range(tries):
        try:
            with transaction.atomic():
                pages = source.pages(after, end, size)
                upto = pages[-1].object_id if len(pages) == size else end
                _write(kind, pages, span=(after, upto))
                alive = IndexState.objects.filter(pk=1, builder=token)
                if not alive.update(heartbeat=timezone.now()):
                    raise Overtaken
            return pages, upto
        except OperationalError:
            if attempt == tries - 1:
                raise
            logger.warning("Search rebuild: the database was busy; trying the batch again.")
            time.sleep(0.5 * (attempt + 1))


def _claim(token: str) -> bool:
    """Become the one instance rebuilding, unless another is and is alive."""
    IndexState.objects.get_or_create(pk=1)
    now = timezone.now()
    free = Q(builder="") | Q(heartbeat__lt=now - STALE)
    return IndexState.objects.filter(free, pk=1).update(builder=token, heartbeat=now) == 1


def builder() -> IndexState | None:
    """The state row, when someone is rebuilding (for messages)."""
    return IndexState.objects.filter(pk=1).exclude(builder="").first()
