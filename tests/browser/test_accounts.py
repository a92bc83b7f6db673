"""Accounts in a real browser: a moderator sets up two-factor sign-in; an e-mail change."""

import re
import time

import pyotp
import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from playwright.sync_api import expect

from tests.browser.accessibility import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_with_password(page, live_server, login):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail or user name").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def test_a_moderator_sets_up_two_factor_and_signs_in_with_codes(live_server, page, settings):
    # A code works once. The test signs in twice within one 30-second step, so it also
    # accepts the next step's code (as a slow phone clock would) and uses that the second time.
    settings.MFA_TOTP_TOLERANCE = 1
    # Transactional tests start with empty tables: the group comes back for this one.
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(Permission.objects.get(codename="moderate_story"))
    morgan = UserFactory(username="morgan", password=PASSWORD, display_name="Morgan")
    morgan.groups.add(moderators)

    # Signed in with a password only, the desk sends Morgan to set up the second step.
    sign_in_with_password(page, live_server, "morgan")
    page.get_by_role("link", name="Moderation").click()
    expect(page.get_by_text("needs two-factor sign-in")).to_be_visible()
    # Setting it up asks for the password again first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")

    # Morgan's authenticator app reads the key on the page.
    secret = page.locator("#authenticator-secret").inner_text().strip()
    totp = pyotp.TOTP(secret)
    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".field-error")).to_be_visible()
    page.get_by_label("Authenticator code").fill(totp.now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("Please keep your recovery codes somewhere safe.")).to_be_visible()
    codes = page.get_by_role("list", name="Unused codes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    sign_out(page)

    # Next time: password, then the code the app shows.
    sign_in_with_password(page, live_server, "morgan")
    used = totp.at(time.time() + 30)  # not the one used to set it up
    page.get_by_label("Code", exact=True).fill(used)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    sign_out(page)

    # The same code twice is refused; a recovery code works, once.
    sign_in_with_password(page, live_server, "morgan")
    page.get_by_label("Code", exact=True).fill(used)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    sign_out(page)

    sign_in_with_password(page, live_server, "morgan")
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    assert page.console_errors == []


def test_changing_the_email_address_asks_for_the_password_and_a_confirmed_link(
    live_server, page, settings
):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 2  # seconds: Alice signed in "a while ago"
    UserFactory(username="alice", password=PASSWORD, display_name="Alice")
    sign_in_with_password(page, live_server, "alice")
    page.wait_for_timeout(2500)
    page.get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Change your e-mail address").click()
    page.get_by_label("New e-mail address").fill("alice.new@example.org")
    page.get_by_role("button", name="Change address").click()

    # Signed in a while ago: the password again, then the change goes ahead.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Waiting for you to confirm")).to_be_visible()
    expect(page.get_by_text("alice@example.org")).to_be_visible()  # still the one in use

    # A link to the new address; a word to the one in use, at once.
    [message] = [m for m in mail.outbox if m.to == ["alice.new@example.org"]]
    assert [m.to for m in mail.outbox if m is not message] == [["alice@example.org"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Thank you: alice.new@example.org is confirmed.")).to_be_visible()
    assert mail.outbox[-1].to == ["alice@example.org"]  # the old address is told
    assert page.console_errors == []


def test_a_security_key_or_passkey_can_be_the_second_step(live_server, page, settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the test server speaks plain HTTP
    # Chromium's virtual authenticator stands in for a key or a phone's passkey.
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {"options": {"protocol": "ctap2", "transport": "usb", "hasResidentKey": True,
                     "hasUserVerification": True, "isUserVerified": True}},
    )  # fmt: skip
    UserFactory(username="alice", password=PASSWORD, display_name="Alice")
    sign_in_with_password(page, live_server, "alice")

    page.goto(f"{live_server.url}/accounts/2fa/")
    page.get_by_role("link", name="Add a key").click()
    page.get_by_label("Password").fill(PASSWORD)  # "Confirm it is you"
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill("Blue key")
    page.get_by_role("button", name="Add key").click()
    expect(
        page.get_by_text("Please keep your recovery codes somewhere safe.").or_(
            page.get_by_role("heading", name="Recovery codes")
        )
    ).to_be_visible()
    sign_out(page)

    sign_in_with_password(page, live_server, "alice")
    page.get_by_role("button", name="Use a security key or passkey").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.console_errors == []
