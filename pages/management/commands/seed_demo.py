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
from posts.models import Article
from posts.services import save_article
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
DEMO_STAFF = ("admin", "moderator")  # they must sign in with a second step
DEMO_REVIEWER = "Dr Dee Demo (a fictional demo reviewer)"
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
            user.is_staff = user.is_superuser = superuser
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
        # The community of sample posts, by more demo people (user names demo-…), who sign
        # in with the same password.
        posts = create_demo_stories(
            patient=users["patient"], doctor=users["doctor"], moderator=users["moderator"],
            verifier=users["admin"], password=DEMO_PASSWORD,
        )  # fmt: skip
        self.stdout.write(f"Demo community posts: {posts} created." if posts else
                          "Demo community posts already present.")  # fmt: skip
        # Show the trust block as it looks once a clinician has reviewed a page.
        for article in Article.objects.filter(reviewer_name=""):
            article.reviewer_name = DEMO_REVIEWER
            article.reviewer_credentials = DEMO_CREDENTIALS
            save_article(article)
        self.stdout.write(self.style.SUCCESS("Demo accounts ready."))
        for username, _, _ in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} password: {DEMO_PASSWORD}")
        self.stdout.write("  The demo posts' other authors (user names demo-…) use it too.")
        self.stdout.write(
            f"  {' and '.join(DEMO_STAFF)} also need a code: authenticator key "
            f"{DEMO_TOTP_SECRET}, or run: .venv/bin/python manage.py demo_code"
        )
