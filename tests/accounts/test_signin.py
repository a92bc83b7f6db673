"""Signing in and out, passwords and resets: django-allauth, with our forms and messages."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new winter password"
FAILED = "That e-mail or user name and password did not match. Please check them and try again."
TOO_MANY = "Too many unsuccessful sign-ins."


def sign_in(client, login: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": login, "password": password}, **extra)


def signed_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def error_box(response) -> str:
    return re.search(r'<div class="form-errors".*?</div>', response.content.decode(), re.S)[0]


def test_sign_in_page_asks_for_email_or_user_name_and_offers_sign_up(client):
    html = client.get(LOGIN_URL).content.decode()

    assert LOGIN_URL == "/accounts/login/"
    assert '<label for="id_login">E-mail or user name</label>' in html
    assert 'autocomplete="current-password"' in html
    assert f'href="{reverse("account_signup")}"' in html
    assert f'href="{reverse("account_reset_password")}"' in html


SHARE_REASON = (
    "Sign in or create an account to share your experience. "
    "A moderator reads every post before it is published."
)


def test_sign_in_page_says_why_when_a_reader_came_to_share_their_experience(client):
    html = client.get(f"{LOGIN_URL}?next={reverse('stories:submit')}").content.decode()

    assert SHARE_REASON in html
    assert "Sign in to continue." not in html
    assert '<input type="hidden" name="next" value="/stories/submit/">' in html


def test_sign_in_page_says_to_continue_for_any_other_next_page(client):
    html = client.get(f"{LOGIN_URL}?next=/stories/mine/").content.decode()

    assert "Sign in to continue." in html
    assert SHARE_REASON not in html


def test_sign_in_page_gives_no_reason_when_a_reader_chose_to_sign_in(client):
    html = client.get(LOGIN_URL).content.decode()

    assert SHARE_REASON not in html
    assert "Sign in to continue." not in html


@pytest.mark.parametrize(
    "login", ["alice", "Alice", "ALICE", "alice@example.org", "Alice@Example.ORG"]
)
def test_sign_in_with_user_name_or_email_in_any_case(client, alice, login):
    response = sign_in(client, login)

    assert response.status_code == 302
    assert signed_in_as(client) == str(alice.pk)


def test_sign_in_goes_back_to_next_and_welcomes(client, alice):
    response = client.post(
        f"{LOGIN_URL}?next=/stories/mine/",
        {"login": "alice", "password": PASSWORD, "next": "/stories/mine/"},
        follow=True,
    )

    assert response.redirect_chain[0] == ("/stories/mine/", 302)
    assert "You are signed in. Welcome, Alice." in response.content.decode()


def test_wrong_password_and_unknown_person_get_the_same_message(client, alice):
    wrong_password = sign_in(client, "alice", "not the password")
    unknown_user = sign_in(client, "nobody", PASSWORD)
    unknown_email = sign_in(client, "nobody@example.org", PASSWORD)

    for response in (wrong_password, unknown_user, unknown_email):
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [FAILED]
    assert error_box(wrong_password) == error_box(unknown_user) == error_box(unknown_email)
    assert signed_in_as(client) is None


def test_ten_wrong_passwords_pause_the_account_but_not_others_from_the_same_address(
    client, alice, bob
):
    for _ in range(10):
        sign_in(client, "alice", "not the password")

    paused = sign_in(client, "alice", PASSWORD)

    assert TOO_MANY in paused.content.decode()
    assert signed_in_as(client) is None
    assert sign_in(client, "bob", PASSWORD).status_code == 302
    assert signed_in_as(client) == str(bob.pk)


def test_changing_the_case_of_the_email_does_not_buy_more_attempts(client, alice):
    for number in range(10):
        variant = "".join(c.upper() if (i + number) % 2 else c for i, c in enumerate("alice"))
        sign_in(client, f"{variant}@Example.org", "not the password")

    paused = sign_in(client, "alice@example.org", PASSWORD)

    assert TOO_MANY in paused.content.decode()
    assert signed_in_as(client) is None


def test_many_failures_from_one_address_pause_sign_in_from_it(client, alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/h/ip"}
    for name in ["anna", "ben", "cleo"]:  # spraying: one try for each of many names
        sign_in(client, name, "Summer2026!")

    limited = sign_in(client, "alice", PASSWORD)

    assert TOO_MANY in limited.content.decode()
    assert signed_in_as(client) is None
    # Another address is not affected.
    assert sign_in(client, "alice", PASSWORD, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_successful_sign_ins_do_not_count_towards_the_limit(client, alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/h/ip"}
    for _ in range(5):
        assert sign_in(client, "alice").status_code == 302
        client.post(reverse("account_logout"))


def test_an_over_long_sign_in_name_is_refused_next_to_the_field(client):
    response = sign_in(client, "a" * 300)

    assert response.status_code == 200
    assert response.context["form"].errors["login"]


def test_signing_out_needs_a_post_and_says_so(client, alice):
    client.force_login(alice)

    assert client.get(reverse("account_logout")).status_code == 200  # a page with a button
    assert signed_in_as(client) == str(alice.pk)
    response = client.post(reverse("account_logout"), follow=True)

    assert signed_in_as(client) is None
    assert "You have signed out." in response.content.decode()


def test_password_reset_sends_one_email_with_a_link_that_works_once(client, alice, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "ALICE@example.org"})

    assert response.url == reverse("account_reset_password_done")
    [message] = mailoutbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "CryoInfo: Set a new password"
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body)[1]
    assert "&amp;" not in message.body and "&#x27;" not in message.body

    set_password_url = client.get(link).url
    done = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.url == reverse("account_reset_password_from_key_done")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert sign_in(client, "alice", NEW_PASSWORD).status_code == 302
    # The link works once.
    client.post(reverse("account_logout"))
    assert "token_fail" in client.get(link, follow=True).context


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert response.url == reverse("account_reset_password_done")
    assert mailoutbox == []


def test_password_reset_e_mails_are_limited_per_address_so_no_inbox_is_flooded(
    client, alice, mailoutbox
):
    for _ in range(3):
        assert client.post("/accounts/password/reset/", {"email": alice.email}).status_code == 302

    response = client.post("/accounts/password/reset/", {"email": alice.email})

    assert response.status_code == 429
    assert len(mailoutbox) == 3


def test_password_pages_use_the_site_layout_not_the_admin(client, alice):
    pages = [
        client.get(reverse("account_reset_password")),
        client.get(reverse("account_reset_password_done")),
    ]
    client.force_login(alice)
    pages.append(client.get(reverse("account_change_password")))

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert '<header class="site-header">' in html
        assert "Django administration" not in html
        assert '<meta name="robots" content="noindex">' in html


def test_a_changed_password_keeps_you_signed_in_and_is_e_mailed(client, alice, mailoutbox):
    client.force_login(alice)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert signed_in_as(client) == str(alice.pk)
    [notice] = mailoutbox
    assert notice.to == ["alice@example.org"]
    assert notice.subject == "CryoInfo: Your password was changed"
    assert "set a new password now" in notice.body


def test_password_change_needs_the_old_password(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "a guess", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]
    assert User.objects.get(pk=alice.pk).check_password(PASSWORD)


def test_a_password_of_a_million_characters_is_refused_with_a_clear_message(client, alice):
    client.force_login(alice)
    huge = "winter " * 150_000

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": huge, "password2": huge},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == [
        "Please use a password of at most 128 characters."
    ]
    assert User.objects.get(pk=alice.pk).check_password(PASSWORD)


def test_the_admin_has_no_sign_in_form_of_its_own(client, alice):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url.startswith(f"{LOGIN_URL}?next=")
    # Signed in without staff rights: refused, not asked to sign in again.
    client.force_login(alice)
    assert client.get("/admin/login/").status_code == 403


def test_a_person_sees_where_they_are_signed_in_and_signs_out_everywhere_else(client, alice):
    elsewhere = Client(HTTP_USER_AGENT="Old phone browser")
    assert sign_in(elsewhere, "alice").status_code == 302
    assert sign_in(client, "alice", HTTP_USER_AGENT="Laptop browser").status_code == 302

    page = client.get(reverse("usersessions_list")).content.decode()
    assert "Old phone browser" in page and "Laptop browser" in page
    response = client.post(reverse("usersessions_list"))

    assert response.status_code == 302
    assert signed_in_as(client) == str(alice.pk)
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302  # signed out there
    assert "Old phone browser" not in client.get(reverse("usersessions_list")).content.decode()
