import pyotp
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .seed_demo import DEMO_STAFF, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff accounts. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code is for the demo accounts of a development copy.")
        code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
        self.stdout.write(f"Code for {' and '.join(DEMO_STAFF)}: {code} (changes every 30 s)")
