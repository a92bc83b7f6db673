"""The search rebuild as a background task, for the worker (`rebuild_search_index --background`)."""

import logging

from django.conf import settings
from django_tasks import task

from .index import rebuild

logger = logging.getLogger(__name__)


class LoggedProgress:
    """Progress in the worker's log: a line every tenth of the way."""

    def __init__(self, total: int):
        self.total, self.done, self.next = total, 0, 0.1
        logger.info("Search rebuild: %d pages to index.", total)

    def __call__(self, n: int) -> None:
        self.done += n
        if self.total and self.done / self.total >= self.next:
            logger.info("Search rebuild: %d of %d pages.", self.done, self.total)
            self.next += 0.1


@task()
def rebuild_index(force: bool = False) -> int | None:
    """Rebuild the search index (only if needed, unless forced); see search.index."""
    entries = rebuild(force=force, workers=settings.SEARCH_REBUILD_WORKERS, progress=LoggedProgress)
    if entries is None:
        logger.info("Search rebuild: not needed, or another instance is doing it.")
    else:
        logger.info("Search rebuild: done, %d entries.", entries)
    return entries
