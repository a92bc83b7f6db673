from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = "Index every published article and approved post from scratch. Safe to rerun."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {rebuild()} pages."))
