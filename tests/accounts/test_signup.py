import pytest
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("account_signup")
PASSWORD = "a sturdy winter password"


def signup_form(**overrides) -> dict:
    data = {
        "email": "Carol@Example.org",
        "display_name": "Carol",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "website": "",
    }
    data.update(overrides)
    return data


def test_sign_up_creates_one_account_signs_in_and_welcomes(client):
    response = client.post(SIGNUP_URL, signup_form(), follow=True)

    user = User.objects.get()
    assert user.email == "carol@example.org"
    assert user.username == "carol@example.org"
    assert user.display_name == "Carol"
    assert user.check_password(PASSWORD)
    assert response.redirect_chain == [("/", 302)]
    assert response.context["user"] == user
    assert "Welcome, Carol." in response.content.decode()


def test_signed_up_person_can_sign_in_again_with_their_email(client):
    client.post(SIGNUP_URL, signup_form())
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "carol@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/articles/", "/articles/"),
        ("https://evil.example/phish", "/"),
        ("//evil.example/", "/"),
    ],
)
def test_sign_up_returns_only_to_a_page_on_this_site(client, next_url, expected):
    response = client.post(f"{SIGNUP_URL}?next={next_url}", signup_form(next=next_url))

    assert response.status_code == 302
    assert response.url == expected


def test_sign_up_form_carries_next_and_hides_the_honeypot(client):
    html = client.get(SIGNUP_URL, {"next": "/articles/"}).content.decode()

    assert '<input type="hidden" name="next" value="/articles/">' in html
    assert '<div class="visually-hidden" aria-hidden="true">' in html
    assert 'name="website"' in html
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html
    assert 'href="/accounts/login/?next=%2Farticles%2F"' in html


def test_duplicate_email_in_another_case_is_refused_next_to_the_field(client, alice):
    response = client.post(SIGNUP_URL, signup_form(email="ALICE@example.ORG"))

    assert response.status_code == 200
    assert (
        "An account already uses this e-mail address."
        in response.context["form"].errors["email"][0]
    )
    assert 'id="id_email_error"' in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password1": "password", "password2": "password"}, "password1", "too common"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1", "numeric"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        (
            {"password1": "carol@example.org", "password2": "carol@example.org"},
            "password1",
            "too similar",
        ),
        ({"password2": "a different password"}, "password2", "the same password each time"),
        ({"password1": "w" * 129, "password2": "w" * 129}, "password1", "at most 128 characters"),
    ],
)
def test_weak_or_mismatched_passwords_are_refused(client, overrides, field, message):
    response = client.post(SIGNUP_URL, signup_form(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not User.objects.exists()


def test_filled_honeypot_creates_nothing_and_tells_the_bot_nothing(client, mailoutbox):
    response = client.post(SIGNUP_URL, signup_form(website="http://spam.example"))

    # allauth answers as if it worked, so the bot learns nothing.
    assert response.status_code == 302
    assert not User.objects.exists()
    assert mailoutbox == []
    assert "_auth_user_id" not in client.session


def test_an_email_too_long_for_a_user_name_is_refused(client):
    email = "a" * 140 + "@example.org"  # 152 characters

    response = client.post(SIGNUP_URL, signup_form(email=email))

    assert response.context["form"].errors["email"] == [
        "Please use an e-mail address of at most 150 characters."
    ]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "display_name",
    [
        "C",
        "x" * 61,
        "   ",
        "carol@example.org",
        "Carol＠home",
        "Visit www.cheap-pills.biz",
        "see https://spam.example",
        "cheap-pills.com",
        "Site Admin",
        "MODERATOR Mo",
        "The Cryo Info team",
        "ａｄｍｉｎ",
        "Carol\u202eevil",
        "Carol\x07",
    ],
)
def test_unsuitable_display_names_are_refused(client, display_name):
    response = client.post(SIGNUP_URL, signup_form(display_name=display_name))

    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("  Zoë   Smith ", "Zoë Smith"), ("Dr. Jane O'Neill-Ng", "Dr. Jane O'Neill-Ng")],
)
def test_ordinary_display_names_are_kept_tidied(client, typed, stored):
    client.post(SIGNUP_URL, signup_form(display_name=typed))

    assert User.objects.get().display_name == stored


def test_a_hostile_display_name_is_escaped_wherever_it_is_shown(client):
    hostile = "<script>alert(1)</script>"

    welcome = client.post(SIGNUP_URL, signup_form(display_name=hostile), follow=True)
    profile = client.get(reverse("accounts:profile"))

    for response in (welcome, profile):
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_user_name_is_made_unique_and_valid(client):
    # Someone signed up with this address, then changed it; their user name stayed.
    UserFactory(username="carol@example.org", email="carol.new@example.org")

    client.post(SIGNUP_URL, signup_form())
    client.logout()
    client.post(SIGNUP_URL, signup_form(email="o'brien@example.org", display_name="Pat"))

    assert User.objects.get(email="carol@example.org").username == "carol@example.org-2"
    odd = User.objects.get(email="o'brien@example.org")
    assert odd.username == "obrien@example.org"
    UnicodeUsernameValidator()(odd.username)


def test_signed_in_people_are_sent_home(client, alice):
    client.force_login(alice)

    assert client.get(SIGNUP_URL).url == "/"
    response = client.post(SIGNUP_URL, signup_form())

    assert response.url == "/"
    assert User.objects.count() == 1


def test_sixth_sign_up_from_one_address_in_an_hour_gets_429_and_creates_nothing(client):
    for number in range(5):
        response = client.post(
            SIGNUP_URL, signup_form(email=f"person{number}@example.org", display_name="Pat")
        )
        assert response.status_code == 302
        client.logout()

    response = client.post(SIGNUP_URL, signup_form(email="sixth@example.org"))

    assert response.status_code == 429
    assert "Please wait a little" in response.content.decode()
    assert User.objects.count() == 5
    assert not User.objects.filter(email="sixth@example.org").exists()
    assert PASSWORD not in response.content.decode()


def test_refused_sign_ups_count_towards_the_limit_and_other_addresses_are_not_limited(client):
    for _ in range(5):
        client.post(SIGNUP_URL, signup_form(website="bot"))

    limited = client.post(SIGNUP_URL, signup_form())
    elsewhere = client.post(SIGNUP_URL, signup_form(), REMOTE_ADDR="192.0.2.7")

    assert limited.status_code == 429
    assert elsewhere.status_code == 302
    assert User.objects.get().email == "carol@example.org"
