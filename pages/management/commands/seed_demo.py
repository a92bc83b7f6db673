from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import ClinicianProfile
from accounts.two_factor import has_two_factor
from cryoinfo.mail import none_sent
from posts.starter import sign_off_starter
from posts.workflow import REVIEWERS_GROUP
from stories.demo import create_demo_stories
from stories.notifications import MODERATORS_GROUP

DEMO_PASSWORD = "cryoinfo-demo"
# The demo staff's authenticator key, published like the password: add it to any
# authenticator app, or run `manage.py demo_code` for the current code.
DEMO_TOTP_SECRET = "CRYOINFODEMOKEYNOTSECRET"
DEMO_ACCOUNTS = [
    # user name, display name, superuser
    ("admin", "Site admin (demo)", True),
    ("moderator", "Morgan the moderator (demo)", False),
    ("patient", "Pat the patient (demo)", False),
    ("doctor", "Dr Dee Demo (demo)", False),
]
# They must sign in with a second step; the doctor is the demo's medical reviewer.
DEMO_STAFF = ("admin", "moderator", "doctor")
DEMO_CREDENTIALS = "Interventional radiologist. Demo data: not a real person or review."
DEMO_CLINICIAN = {
    "specialty": "Interventional radiology",
    "registration_number": "DEMO-0000",
    "institution": "Demo Hospital (fictional)",
    "conflicts_of_interest": "None (demo account)",
}


class Command(BaseCommand):
    help = "Create the demo accounts (password 'cryoinfo-demo'). Development only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. Never in production.",
        )

    def handle(self, *args, force: bool = False, **options):
        # The demo's moderation e-mails, to invented people, would only flood the terminal
        # of `make run`, where the worker prints e-mails.
        with none_sent(), transaction.atomic():
            self.seed(force)

    def seed(self, force: bool) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password; it refuses to run with "
                "DJANGO_DEBUG=0. Use --force only on a throw-away copy."
            )
        user_model = get_user_model()
        for username, display_name, superuser in DEMO_ACCOUNTS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.email = f"{username}@example.org"
            user.display_name = display_name
            user.is_superuser = superuser
            user.is_staff = superuser or username in DEMO_STAFF
            user.set_password(DEMO_PASSWORD)
            user.save()
            # The demo addresses are ours (example.org), so they count as confirmed.
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"primary": True, "verified": True}
            )
            if username in DEMO_STAFF and not has_two_factor(user):
                TOTP.activate(user, DEMO_TOTP_SECRET)
        # The demo doctor is a verified clinician, so doctor insights can be tried out.
        clinician, _ = ClinicianProfile.objects.update_or_create(
            user=user_model.objects.get(username="doctor"), defaults=DEMO_CLINICIAN
        )
        if clinician.status != ClinicianProfile.Status.VERIFIED:
            clinician.verify(by=user_model.objects.get(username="admin"))
        names = ["admin", "moderator", "patient", "doctor"]
        users = {u.username: u for u in user_model.objects.filter(username__in=names)}
        users["moderator"].groups.add(Group.objects.get(name=MODERATORS_GROUP))
        users["doctor"].groups.add(Group.objects.get(name=REVIEWERS_GROUP))
        # The community of sample posts, by more demo people (user names demo-…), who sign
        # in with the same password.
        posts = create_demo_stories(
            patient=users["patient"], doctor=users["doctor"], moderator=users["moderator"],
            verifier=users["admin"], password=DEMO_PASSWORD,
        )  # fmt: skip
        self.stdout.write(f"Demo community posts: {posts} created." if posts else
                          "Demo community posts already present.")  # fmt: skip
        # The demo reviewer signs off the starter articles, so they are published with a
        # sign-off record, as the trust block shows it.
        signed = sign_off_starter(users["doctor"], DEMO_CREDENTIALS)
        if signed:
            self.stdout.write(f"Starter articles signed off by the demo reviewer: {len(signed)}.")
        self.stdout.write(self.style.SUCCESS("Demo accounts ready."))
        for username, _, _ in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} password: {DEMO_PASSWORD}")
        self.stdout.write("  The demo posts' other authors (user names demo-…) use it too.")
        self.stdout.write("  doctor is the medical reviewer: sign-offs are in the admin.")
        self.stdout.write(
            f"  {', '.join(DEMO_STAFF[:-1])} and {DEMO_STAFF[-1]} also need a code: "
            f"authenticator key "
            f"{DEMO_TOTP_SECRET}, or run: .venv/bin/python manage.py demo_code"
        )
