import time

from django.conf import settings
from django.core.management.base import BaseCommand

from cryoinfo.progress import Progress
from search.index import BATCH, FORMAT, builder, needs_rebuild, rebuild
from search.tasks import rebuild_index


class Command(BaseCommand):
    help = (
        "Index every published article and approved post, in batches of one transaction "
        "each; the index stays searchable meanwhile. Safe to rerun, and to start on several "
        "instances at once: one rebuilds, the others say so and leave it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="Only when the index is empty or was built in an older format (at start-up).",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue it for the task worker instead (`manage.py db_worker`) and return.",
        )
        parser.add_argument("--batch", type=int, default=BATCH, help="Pages per transaction.")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Threads, each with a connection (default: settings.SEARCH_REBUILD_WORKERS).",
        )

    def handle(self, *args, if_needed: bool, background: bool, batch: int, workers, **options):
        if if_needed and not needs_rebuild():
            self.stdout.write(f"The search index is up to date (format {FORMAT}).")
            return
        if background:
            rebuild_index.enqueue(force=not if_needed)
            self.stdout.write("Search rebuild queued: the task worker will run it.")
            return
        started = time.monotonic()
        entries = rebuild(
            force=not if_needed,
            batch=batch,
            workers=workers or settings.SEARCH_REBUILD_WORKERS,
            progress=lambda total: Progress("pages", total).add,
        )
        if entries is None:
            other = builder()
            self.stdout.write(
                f"Another instance ({other.builder}) is rebuilding the search index; "
                "leaving it to finish."
                if other
                else "The search index is up to date."
            )
            return
        took = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt: {entries:,} pages in {took:.1f} s.")
        )
