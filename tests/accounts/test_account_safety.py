"""
The edges of the account rules: what an unconfirmed address or a missing second factor
still cannot do, and what follows a change of address or a new second factor.
"""

import pyotp
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import ClinicianProfile, User
from stories.models import Report
from stories.notifications import moderator_emails
from tests.factories import ArticleFactory, UserFactory, make_story

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client, login: str):
    return client.post(reverse("account_login"), {"login": login, "password": PASSWORD})


def reauthenticate(client):
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def test_an_unconfirmed_account_cannot_report_a_post(client, alice):
    story = make_story(alice)
    carol = UserFactory(username="carol", confirmed=False)
    client.force_login(carol)

    response = client.post(
        reverse("stories:report", args=[story.pk]), {"reason": "Names a hospital."}, follow=True
    )

    assert "Please confirm your e-mail address before reporting" in response.content.decode()
    assert not Report.objects.exists()


def test_an_unconfirmed_account_cannot_apply_as_a_clinician(client):
    carol = UserFactory(username="carol", confirmed=False)
    client.force_login(carol)

    response = client.post(
        reverse("accounts:clinician"),
        {"specialty": "Urology", "registration_number": "GMC-1", "institution": "General",
         "conflicts_of_interest": "None"},
    )  # fmt: skip

    assert "Please confirm your e-mail address before applying" in response.content.decode()
    assert 'value="GMC-1"' in response.content.decode()  # nothing typed is lost
    assert not ClinicianProfile.objects.exists()


def test_an_unconfirmed_address_cannot_be_swapped_for_another(client):
    carol = UserFactory(username="carol", confirmed=False)
    client.force_login(carol)
    reauthenticate(client)

    response = client.post(reverse("account_email"), {"email": "new@example.org", "action_add": ""})

    assert "Please confirm your current address first" in response.content.decode()
    carol.refresh_from_db()
    assert carol.email == "carol@example.org"
    assert list(EmailAddress.objects.filter(user=carol).values_list("email", flat=True)) == [
        "carol@example.org"
    ]


def test_a_sign_in_name_made_from_the_address_follows_it(client, mailoutbox):
    client.post(
        reverse("account_signup"),
        {"email": "dana@example.org", "display_name": "Dana", "password1": PASSWORD,
         "password2": PASSWORD, "website": ""},
    )  # fmt: skip
    dana = User.objects.get(email="dana@example.org")
    EmailAddress.objects.filter(user=dana).update(verified=True)
    reauthenticate(client)
    client.post(reverse("account_email"), {"email": "dana.b@example.org", "action_add": ""})
    link = next(m for m in mailoutbox if m.to == ["dana.b@example.org"]).body
    client.post(link[link.index("/accounts/confirm-email/") :].split()[0])

    dana.refresh_from_db()
    assert (dana.email, dana.username) == ("dana.b@example.org", "dana.b@example.org")
    assert sign_in(Client(), "dana@example.org").status_code == 200  # refused
    assert sign_in(Client(), "dana.b@example.org").status_code == 302


def test_staff_without_a_second_factor_cannot_upload_editor_images_or_read_drafts(client):
    editor = UserFactory(username="ed", is_staff=True, is_superuser=True, two_factor=False)
    draft = ArticleFactory(status="draft")
    client.force_login(editor)

    assert client.post(reverse("markdownx_upload")).url == reverse("mfa_activate_totp")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_moderation_emails_go_only_to_moderators_with_a_second_factor(mo):
    unprotected = UserFactory(username="morgan", two_factor=False)
    unprotected.groups.add(Group.objects.get(name="Moderators"))

    assert moderator_emails() == ["mo@example.org"]


def test_a_new_second_factor_signs_out_the_browsers_that_used_only_the_password():
    morgan = UserFactory(username="morgan", two_factor=False)
    morgan.groups.add(Group.objects.get(name="Moderators"))
    old, new = Client(), Client()
    for browser in (old, new):
        assert sign_in(browser, "morgan").status_code == 302
    assert old.get(reverse("moderation:queue")).status_code == 302  # sent to set it up

    new.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = new.get(reverse("mfa_activate_totp")).content.decode()
    secret = page.split('id="authenticator-secret">')[1].split("<")[0]
    new.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})

    assert new.get(reverse("moderation:queue")).status_code == 200
    # The browser that never gave a code is signed out, not let in.
    assert old.get(reverse("moderation:queue")).url.startswith(reverse("account_login"))
