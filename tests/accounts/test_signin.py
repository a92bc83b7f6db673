import re

import pytest
from django.urls import resolve, reverse

from accounts import views
from accounts.backends import axes_username
from accounts.models import User

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("login")
PASSWORD = "correct horse battery staple"


def sign_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def signed_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def error_box(response) -> str:
    return re.search(r'<div class="form-errors".*?</div>', response.content.decode(), re.S)[0]


def test_our_view_answers_djangos_login_address():
    assert LOGIN_URL == "/accounts/login/"
    assert resolve(LOGIN_URL).func.view_class is views.SignInView


def test_sign_in_page_asks_for_email_or_user_name_and_offers_sign_up(client):
    html = client.get(LOGIN_URL, {"next": "/articles/"}).content.decode()

    assert '<label for="id_username">E-mail or user name</label>' in html
    assert 'href="/accounts/signup/?next=/articles/"' in html
    assert 'href="/accounts/password_reset/"' in html


@pytest.mark.parametrize("username", ["alice", "alice@example.org", " Alice@Example.ORG "])
def test_sign_in_with_user_name_or_email(client, alice, username):
    response = sign_in(client, username)

    assert response.status_code == 302
    assert response.url == "/"
    assert signed_in_as(client) == str(alice.pk)


def test_sign_in_goes_back_to_next(client, alice):
    response = client.post(
        f"{LOGIN_URL}?next=/articles/",
        {"username": "alice", "password": PASSWORD, "next": "/articles/"},
    )

    assert response.url == "/articles/"


def test_wrong_password_and_unknown_person_get_the_same_message(client, alice):
    wrong_password = sign_in(client, "alice", "not the password")
    unknown_user = sign_in(client, "nobody", PASSWORD)
    unknown_email = sign_in(client, "nobody@example.org", PASSWORD)

    messages = [r.context["form"].non_field_errors() for r in (wrong_password, unknown_user)]
    assert (
        messages[0]
        == messages[1]
        == ["That e-mail or user name and password did not match. Please check them and try again."]
    )
    assert error_box(wrong_password) == error_box(unknown_user) == error_box(unknown_email)
    assert signed_in_as(client) is None


def test_ten_wrong_passwords_lock_the_account_but_not_others_from_the_same_address(
    client, alice, bob
):
    for _ in range(10):
        sign_in(client, "alice", "not the password")

    locked = sign_in(client, "alice", PASSWORD)

    assert locked.status_code == 429
    assert "Sign-in to this account is paused" in locked.content.decode()
    assert signed_in_as(client) is None

    other = sign_in(client, "bob", PASSWORD)

    assert other.status_code == 302
    assert signed_in_as(client) == str(bob.pk)


def test_changing_the_case_of_the_email_does_not_buy_more_attempts(client, alice):
    for number in range(10):
        variant = "".join(c.upper() if (i + number) % 2 else c for i, c in enumerate("alice"))
        sign_in(client, f"{variant}@Example.org", "not the password")

    locked = sign_in(client, "alice@example.org", PASSWORD)

    assert locked.status_code == 429
    assert signed_in_as(client) is None


def test_many_failures_from_one_address_pause_sign_in_from_it(client, alice, monkeypatch):
    monkeypatch.setattr(views, "SIGN_IN_FAILURE_RATE", "3/h")
    for name in ["anna", "ben", "cleo"]:  # spraying: one try for each of many names
        sign_in(client, name, "Summer2026!")

    limited = sign_in(client, "alice", PASSWORD)

    assert limited.status_code == 429
    assert views.SIGN_IN_LIMITED in limited.content.decode()
    assert signed_in_as(client) is None
    # Another address is not affected.
    assert sign_in(client, "alice", PASSWORD, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_successful_sign_ins_do_not_count_towards_the_address_limit(client, alice, monkeypatch):
    monkeypatch.setattr(views, "SIGN_IN_FAILURE_RATE", "3/h")
    for _ in range(5):
        assert sign_in(client, "alice").status_code == 302
        client.logout()


def test_password_reset_sends_one_email_with_a_link_that_works(client, alice, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "ALICE@example.org"})

    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == "Set a new password for CryoInfo"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)[1]
    assert "&amp;" not in message.body and "&#x27;" not in message.body

    set_password_url = client.get(link).url
    form_page = client.get(set_password_url)
    assert form_page.context["validlink"]
    done = client.post(
        set_password_url,
        {
            "new_password1": "a brand new winter password",
            "new_password2": "a brand new winter password",
        },
    )

    assert done.url == reverse("password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password("a brand new winter password")
    assert sign_in(client, "alice", "a brand new winter password").status_code == 302
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []


def test_password_pages_use_the_site_layout_not_the_admin(client, alice):
    pages = [client.get(reverse("password_reset")), client.get(reverse("password_reset_done"))]
    client.force_login(alice)
    pages += [client.get(reverse("password_change")), client.get(reverse("password_change_done"))]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert '<header class="site-header">' in html
        assert "Django administration" not in html
    # Django's new-password help is a list; it must sit in a div, not inside a <p>.
    assert (
        '<div class="field__help" id="id_new_password1_helptext"><ul>' in pages[2].content.decode()
    )


def test_signed_in_person_changes_their_password_and_stays_signed_in(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new winter password",
            "new_password2": "a brand new winter password",
        },
    )

    assert response.url == reverse("password_change_done")
    alice.refresh_from_db()
    assert alice.check_password("a brand new winter password")
    assert signed_in_as(client) == str(alice.pk)


def test_password_change_needs_the_old_password(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "a guess",
            "new_password1": "a brand new winter password",
            "new_password2": "a brand new winter password",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    assert User.objects.get(pk=alice.pk).check_password(PASSWORD)


def test_axes_username_counts_every_case_of_an_email_as_one(rf):
    request = rf.post("/", {"username": " Alice@Example.ORG "})

    assert axes_username(request) == "alice@example.org"
    assert axes_username(request, {"username": "ALICE@example.org"}) == "alice@example.org"
    assert axes_username(request, {"username": "Alice"}) == "Alice"
    assert axes_username(request, {"password": "x"}) is None


def test_with_axes_username_the_admin_sign_in_is_protected_the_same_way(client, admin, settings):
    # The lead can switch this on in settings; our own sign-in page does not need it.
    settings.AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"
    for variant in ["Admin", "ADMIN", "aDmin", "adMin", "admIn", "admiN", "ADmin", "AdMin",
                    "AdmIn", "AdmiN"]:  # fmt: skip
        client.post("/admin/login/", {"username": f"{variant}@example.org", "password": "x"})

    response = client.post("/admin/login/", {"username": "admin@example.org", "password": PASSWORD})

    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_password_reset_e_mails_are_limited_per_address_so_no_inbox_is_flooded(
    client, alice, mailoutbox
):
    for _ in range(3):
        assert client.post("/accounts/password_reset/", {"email": alice.email}).status_code == 302

    response = client.post("/accounts/password_reset/", {"email": alice.email})

    assert response.status_code == 429
    assert len(mailoutbox) == 3
