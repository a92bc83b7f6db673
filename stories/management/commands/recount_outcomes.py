from django.core.management.base import BaseCommand
from django.db import transaction

from cryoinfo.models import Indication
from stories.models import OutcomeTally
from stories.outcomes import refresh_tallies


class Command(BaseCommand):
    help = (
        "Recount the outcome charts' stored tallies from every public patient story, and say "
        "which were out of step. Changes keep them up to date; this is the repair, should "
        "they ever drift (rows edited by hand, stories changed without the services). It "
        "takes time in proportion to the stories (seconds at a million); pages stay up."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            # Locked, then recounted in the same transaction: nothing changes in between.
            stored = {
                row.pk: (row.stories, row.answers)
                for row in OutcomeTally.objects.select_for_update().order_by("pk")
            }
            refresh_tallies()
            recounted = {row.pk: (row.stories, row.answers) for row in OutcomeTally.objects.all()}
        wrong = [pk for pk, row in recounted.items() if stored.get(pk) != row]
        names = dict(Indication.objects.filter(pk__in=wrong).values_list("pk", "slug"))
        for pk in wrong:
            what = self.describe(stored.get(pk), recounted[pk])
            self.stdout.write(f"  {names.get(pk, pk)}: {what}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Recounted {len(recounted)} indication(s); {len(wrong)} were out of step."
            )
        )

    @staticmethod
    def describe(stored, recounted) -> str:
        if stored is None:
            return f"no stored row; counted {recounted[0]} stories"
        if stored[0] != recounted[0]:
            return f"stored {stored[0]} stories, counted {recounted[0]}"
        return f"{recounted[0]} stories, but the stored answers differed"
