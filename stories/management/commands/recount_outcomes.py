from django.core.management.base import BaseCommand

from stories.models import OutcomeTally
from stories.outcomes import recount
from stories.tasks import recount_outcomes


class Command(BaseCommand):
    help = (
        "Recount the outcome charts' stored tallies from every public patient story, and say "
        "which were out of step. Changes keep them up to date; this is the repair, should "
        "they ever drift (rows edited by hand, stories changed without the services). It "
        "takes time in proportion to the stories (seconds at a million); pages stay up."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue it for the task worker (`manage.py db_worker`) and return.",
        )

    def handle(self, *args, background: bool, **options):
        if background:
            recount_outcomes.enqueue()
            self.stdout.write("Recount queued: the task worker will run it.")
            return
        wrong = recount()
        for line in wrong:
            self.stdout.write(f"  {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Recounted {OutcomeTally.objects.count()} indication(s); "
                f"{len(wrong)} were out of step."
            )
        )
