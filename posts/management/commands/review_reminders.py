from django.core.management.base import BaseCommand

from posts.editors import send_review_reminders


class Command(BaseCommand):
    help = (
        "E-mail the editors the articles due for review in the next 30 days or overdue. "
        "Run daily; each article is mentioned once per review period."
    )

    def handle(self, *args, **options):
        sent = send_review_reminders()
        self.stdout.write(self.style.SUCCESS(f"Reminded the editors about {len(sent)} article(s)."))
