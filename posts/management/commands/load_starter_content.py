from django.core.management.base import BaseCommand

from posts.starter import load_starter_articles


class Command(BaseCommand):
    help = (
        "Add the starter reference articles that are not in the database yet, each waiting "
        "for a medical reviewer's sign-off before it is published. Existing articles are "
        "never changed, so it is safe to run on every deploy."
    )

    def handle(self, *args, **options):
        result = load_starter_articles()
        for slug in result.created:
            self.stdout.write(f"  added {slug}, waiting for medical review")
        self.stdout.write(
            self.style.SUCCESS(
                f"Starter content: {len(result.created)} article(s) added for medical review, "
                f"{len(result.kept)} already present and left unchanged."
            )
        )
        if result.created:
            self.stdout.write(
                "A medical reviewer signs them off in /admin/ before readers see them."
            )
