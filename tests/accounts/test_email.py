"""Confirming an e-mail address, and changing it safely (django-allauth's EmailAddress)."""

import importlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.urls import reverse

from accounts.models import User
from stories.models import Story
from tests.factories import UserFactory
from tests.stories.test_submit import story_form

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("account_signup")
EMAIL_URL = reverse("account_email")
SUBMIT_URL = reverse("stories:submit")
PASSWORD = "correct horse battery staple"


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/confirm-email/\S+/)", message.body)[1]


def reauthenticate(client, password: str = PASSWORD):
    """Type the password again, as allauth asks before sensitive changes."""
    return client.post(
        f"{reverse('account_reauthenticate')}?next={EMAIL_URL}", {"password": password}
    )


def test_sign_up_sends_a_confirmation_link_and_the_address_starts_unconfirmed(client, mailoutbox):
    response = client.post(
        SIGNUP_URL,
        {"email": "Carol@Example.org", "display_name": "Carol", "password1": "a sturdy winter "
         "password", "password2": "a sturdy winter password", "website": ""},
    )  # fmt: skip

    assert response.status_code == 302
    user = User.objects.get()
    assert EmailAddress.objects.get(user=user).verified is False
    [message] = mailoutbox
    assert message.to == ["carol@example.org"]
    assert message.subject == "CryoInfo: Please confirm your e-mail address"
    assert "/accounts/confirm-email/" in message.body


def test_an_unconfirmed_author_can_write_but_not_send_and_keeps_the_text(client):
    carol = UserFactory(username="carol", confirmed=False)
    client.force_login(carol)

    page = client.get(SUBMIT_URL).content.decode()
    assert "Please confirm your e-mail address." in page
    assert "Send the link again" in page

    response = client.post(SUBMIT_URL, story_form())

    assert response.status_code == 200
    assert "Please confirm your e-mail address before sending a post" in response.content.decode()
    assert "The probe went in through" in response.content.decode()
    assert not Story.objects.exists()


def test_the_link_confirms_the_address_and_then_the_post_goes_to_review(client, mailoutbox):
    carol = UserFactory(username="carol", confirmed=False)
    client.force_login(carol)

    # The banner's button sends the link again.
    client.post(EMAIL_URL, {"email": carol.email, "action_send": ""})
    [message] = mailoutbox
    confirm_url = link_in(message)
    assert "Please confirm that" in client.get(confirm_url).content.decode()
    response = client.post(confirm_url, follow=True)

    assert "Thank you: carol@example.org is confirmed." in response.content.decode()
    assert EmailAddress.objects.get(user=carol).verified
    assert client.post(SUBMIT_URL, story_form()).status_code == 302
    assert Story.objects.get().author == carol


def test_a_confirmation_link_does_nothing_on_a_mere_visit(client, mailoutbox):
    carol = UserFactory(username="carol", confirmed=False)
    client.force_login(carol)
    client.post(EMAIL_URL, {"email": carol.email, "action_send": ""})

    client.get(link_in(mailoutbox[0]))  # e-mail scanners follow links; only a POST confirms

    assert not EmailAddress.objects.get(user=carol).verified


def test_changing_the_email_asks_for_the_password_again(client, alice, mailoutbox):
    client.force_login(alice)
    change = {"email": "alice.new@example.org", "action_add": ""}

    response = client.post(EMAIL_URL, change)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_reauthenticate')}?next=%2Faccounts%2Femail%2F"
    assert EmailAddress.objects.filter(user=alice).count() == 1 and mailoutbox == []
    wrong = reauthenticate(client, "a guess")
    assert wrong.status_code == 200 and "Incorrect password." in wrong.content.decode()
    assert EmailAddress.objects.filter(user=alice).count() == 1 and mailoutbox == []
    # The right password carries out the change that was asked for.
    assert reauthenticate(client).url == EMAIL_URL
    assert EmailAddress.objects.filter(user=alice, email="alice.new@example.org").exists()
    assert sorted(m.to for m in mailoutbox) == [["alice.new@example.org"], ["alice@example.org"]]
    notice = next(m for m in mailoutbox if m.to == ["alice@example.org"])
    assert notice.subject == "CryoInfo: Someone asked to change your e-mail address"
    assert "alice.new@example.org" in notice.body


def test_a_new_address_is_used_only_once_confirmed_and_the_old_one_is_told(
    client, alice, mailoutbox
):
    client.force_login(alice)
    reauthenticate(client)

    response = client.post(EMAIL_URL, {"email": "Alice.New@Example.org", "action_add": ""})

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"  # the old address stays in use
    assert EmailAddress.objects.get(user=alice, primary=True).email == "alice@example.org"
    [confirmation] = [m for m in mailoutbox if m.to == ["alice.new@example.org"]]
    page = client.get(EMAIL_URL).content.decode()
    assert "Waiting for you to confirm" in page

    client.post(link_in(confirmation))

    alice.refresh_from_db()
    assert alice.email == "alice.new@example.org"
    # The sign-in name made from the old address follows: the old one signs nobody in.
    assert alice.username == "alice.new@example.org" or alice.username == "alice"
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", "primary")) == [
        ("alice.new@example.org", True)
    ]
    notice = mailoutbox[-1]
    assert notice.to == ["alice@example.org"]
    assert notice.subject == "CryoInfo: Your e-mail address was changed"
    assert "alice.new@example.org" in notice.body


def test_an_address_another_account_uses_never_becomes_this_ones(client, alice, bob, mailoutbox):
    client.force_login(alice)
    reauthenticate(client)

    # allauth does not say whether the address has an account (that would tell anyone who
    # signs in which addresses are registered); the owner gets a link that cannot work.
    client.post(EMAIL_URL, {"email": "BOB@example.org", "action_add": ""})
    client.post(link_in(mailoutbox[0]))

    alice.refresh_from_db()
    assert alice.email == "alice@example.org"
    assert not EmailAddress.objects.filter(
        user=alice, verified=True, email__iexact="bob@example.org"
    )
    assert EmailAddress.objects.get(user=bob).verified


def test_anonymous_people_are_sent_to_sign_in_from_the_email_page(client):
    response = client.get(EMAIL_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_existing_accounts_get_an_unconfirmed_primary_address():
    migration = importlib.import_module("accounts.migrations.0003_email_addresses_for_allauth")
    old = User.objects.create(username="old", email="Old@Example.org")
    none = User.objects.create(username="no-address")
    mine = UserFactory(username="carol")

    migration.create_email_addresses(apps, None)

    assert list(
        EmailAddress.objects.filter(user=old).values_list("email", "primary", "verified")
    ) == [("old@example.org", True, False)]
    assert not EmailAddress.objects.filter(user=none).exists()
    assert EmailAddress.objects.filter(user=mine).count() == 1  # left as it was
