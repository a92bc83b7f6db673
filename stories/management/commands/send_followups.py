from django.core.management.base import BaseCommand

from stories.followups import send_followups


class Command(BaseCommand):
    help = "E-mail opted-in authors 3, 6 and 12 months after their story is published. Daily."

    def handle(self, *args, **options):
        sent = send_followups()
        self.stdout.write(self.style.SUCCESS(f"Sent {len(sent)} follow-up e-mail(s)."))
