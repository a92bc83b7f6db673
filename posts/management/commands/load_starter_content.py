from django.core.management.base import BaseCommand

from posts.starter import load_starter_articles


class Command(BaseCommand):
    help = (
        "Publish the starter reference articles that are not in the database yet. "
        "Existing articles are never changed, so it is safe to run on every deploy."
    )

    def handle(self, *args, **options):
        result = load_starter_articles()
        for slug in result.created:
            self.stdout.write(f"  published {slug}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Starter content: {len(result.created)} article(s) published, "
                f"{len(result.kept)} already present and left unchanged."
            )
        )
