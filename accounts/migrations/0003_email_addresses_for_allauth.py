"""
Give every existing account with an e-mail address allauth's EmailAddress row, primary.

Nobody ever confirmed these addresses (sign-up did not ask), so they are marked
unconfirmed: people sign in as before, and confirm their address the first time they
send a post for review. The demo accounts are confirmed by `seed_demo`.
"""

from django.db import migrations


def create_email_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email.lower(), primary=True, verified=False)
            for pk, email in User.objects.exclude(email="").values_list("pk", "email")
            if pk not in have
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_clinicianprofile_unique_email"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(create_email_addresses, migrations.RunPython.noop)]
