from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.names import name_problem


class Command(BaseCommand):
    help = (
        "List the display names, chosen before today's rule, that it would refuse: names "
        "that pose as the team (look-alike letters too), addresses, hidden characters."
    )

    def handle(self, *args, **options):
        found = 0
        users = User.objects.exclude(display_name="").order_by("pk")
        for user in users.iterator():
            problem = name_problem(user.display_name, user_pk=user.pk)
            if problem:
                found += 1
                self.stdout.write(f"{user.pk}\t{user.username}\t{user.display_name!a}\t{problem}")
        self.stdout.write(
            f"{found} display name{'s' if found != 1 else ''} break the rule. Change them in "
            "the admin (Accounts > Users), and tell the person why."
        )
