import json

import pytest
from django.apps import apps
from django.urls import reverse

from accounts import views
from accounts.models import ClinicianProfile, User
from stories.models import Story
from tests.factories import TOTP_SECRET, UserFactory, totp_code

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")
EXPORT_URL = reverse("accounts:export")
DELETE_URL = reverse("accounts:delete")
PASSWORD = "correct horse battery staple"


def keys_anywhere(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_anywhere(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_anywhere(v)}
    return set()


# Profile


def test_profile_shows_the_form_links_and_clinician_status(client, dr_dee):
    client.force_login(dr_dee)

    html = client.get(PROFILE_URL).content.decode()

    assert 'value="Dr Dee"' in html and "dee@example.org" in html
    for url in [
        reverse("account_email"), reverse("account_change_password"), reverse("mfa_index"),
        reverse("usersessions_list"), EXPORT_URL, DELETE_URL, "/accounts/clinician/",
    ]:  # fmt: skip
        assert f'href="{url}"' in html
    assert "Your application: <strong>Verified clinician</strong>" in html
    assert "Two-factor sign-in</a>: off" in html


def test_profile_offers_the_clinician_application_to_those_without_one(client, alice):
    client.force_login(alice)

    html = client.get(PROFILE_URL).content.decode()

    assert "Apply to be shown as a verified clinician" in html


def test_profile_change_is_saved_and_never_touches_the_email(client, alice):
    client.force_login(alice)

    response = client.post(
        PROFILE_URL, {"display_name": "Alice B", "email": "mallory@example.org"}, follow=True
    )

    assert response.redirect_chain == [(PROFILE_URL, 302)]
    assert "Your profile has been saved." in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice B"
    # The address changes only through the e-mail page: password, then a confirmed link.
    assert alice.email == "alice@example.org"


def test_profile_checks_a_new_display_name_like_sign_up(client, alice):
    client.force_login(alice)

    response = client.post(PROFILE_URL, {"display_name": "CryoInfo Admin"})

    assert response.context["form"].errors["display_name"]
    alice.refresh_from_db()
    assert alice.display_name == "Alice"
    # The refused form's values did not leak onto the signed-in user either.
    assert response.context["user"].display_name == "Alice"


def test_a_name_given_by_staff_can_be_kept(client):
    mo = UserFactory(username="mo", display_name="Morgan the moderator")
    client.force_login(mo)

    response = client.post(PROFILE_URL, {"display_name": "Morgan the moderator"})

    assert response.status_code == 302
    mo.refresh_from_db()
    assert mo.display_name == "Morgan the moderator"


# Export


def test_export_is_a_json_attachment_of_ones_own_data_without_secrets(client, alice, bob):
    client.force_login(alice)

    response = client.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cryoinfo-my-data.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "alice"
    assert data["account"]["email"] == "alice@example.org"
    assert data["account"]["display_name"] == "Alice"
    assert data["account"]["date_joined"]
    assert data["clinician_application"] is None
    assert not any("password" in key for key in keys_anywhere(data))
    body = response.content.decode()
    assert alice.password not in body
    assert "bob" not in body


def test_export_includes_addresses_second_factors_and_browsers_but_no_secret(client, mo, bob):
    client.post(reverse("account_login"), {"login": "mo", "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    data = json.loads(client.get(EXPORT_URL).content)

    assert data["email_addresses"] == [
        {"email": "mo@example.org", "primary": True, "confirmed": True}
    ]
    assert [factor["kind"] for factor in data["two_factor"]] == ["TOTP Authenticator"]
    [browser] = data["signed_in_browsers"]
    assert browser["internet_address"] == "127.0.0.1"
    assert TOTP_SECRET not in json.dumps(data) and "secret" not in keys_anywhere(data)


def test_export_includes_the_clinician_application(client, dr_dee):
    client.force_login(dr_dee)

    data = json.loads(client.get(EXPORT_URL).content)

    assert data["clinician_application"]["registration_number"] == "GMC-1234567"
    assert data["clinician_application"]["status"] == "verified"


@pytest.mark.skipif(not apps.is_installed("stories"), reason="needs the community posts app")
def test_export_includes_my_posts_versions_and_reports_but_nobody_elses(client, alice, bob):
    from tests.factories import make_story

    mine = make_story(alice, title="Alice's story", days_to_usual_activities=9)
    make_story(bob, title="Bob's story")
    client.force_login(alice)
    from stories import services

    services.report(Story.objects.get(current__title="Bob's story"), alice, "Advertising")

    data = json.loads(client.get(EXPORT_URL).content)

    [post] = data["posts"]
    assert post["id"] == mine.pk and post["public"] is True
    assert [v["title"] for v in post["versions"]] == ["Alice's story"]
    assert post["versions"][0]["outcome"]["days_to_usual_activities"] == 9
    assert post["versions"][0]["indications"] == ["kidney"]
    assert [d["decision"] for d in post["decisions"]] == ["approve"]
    assert "moderator" not in json.dumps(post["decisions"])
    assert data["reports_made"][0]["reason"] == "Advertising"
    assert "Bob's story" not in json.dumps(data)
    assert "password" not in client.get(EXPORT_URL).content.decode()


def test_export_is_read_only(client, alice):
    client.force_login(alice)

    assert client.post(EXPORT_URL).status_code == 405


# Deletion


def test_delete_page_explains_what_goes(client, alice):
    client.force_login(alice)

    html = client.get(DELETE_URL).content.decode()

    assert "This cannot be undone." in html
    for thing in ["e-mail address", "everything you posted", "photos", "clinician application"]:
        assert thing in html
    assert 'type="password" name="password"' in html


def test_delete_with_a_wrong_password_keeps_everything(client, alice):
    client.force_login(alice)

    response = client.post(DELETE_URL, {"password": "a guess"})

    assert response.status_code == 200
    assert response.context["form"].errors["password"] == [
        "That is not your current password. Nothing has been deleted."
    ]
    assert 'id="id_password_error"' in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_delete_with_the_password_removes_the_account_and_signs_out(client, dr_dee, bob):
    client.force_login(dr_dee)
    if apps.is_installed("stories"):
        story_model = apps.get_model("stories", "Story")
        story_model.objects.create(author=dr_dee, title="Mine")
        story_model.objects.create(author=bob, title="Bob's")

    response = client.post(DELETE_URL, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Your account and everything you posted have been deleted." in (
        response.content.decode()
    )
    assert not User.objects.filter(username="dee").exists()
    assert not ClinicianProfile.objects.exists()
    assert "_auth_user_id" not in client.session
    assert not response.context["user"].is_authenticated
    assert User.objects.filter(pk=bob.pk).exists()
    if apps.is_installed("stories"):
        assert list(story_model.objects.values_list("title", flat=True)) == ["Bob's"]


def test_superusers_cannot_delete_themselves_here(client, admin):
    client.force_login(admin)

    response = client.post(DELETE_URL, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [(PROFILE_URL, 302)]
    assert "Administrator accounts cannot be deleted here." in response.content.decode()
    assert User.objects.filter(pk=admin.pk).exists()


def test_guessing_the_password_on_the_delete_form_is_limited(client, alice):
    client.force_login(alice)
    for _ in range(10):
        client.post(DELETE_URL, {"password": "a guess"})

    response = client.post(DELETE_URL, {"password": PASSWORD})

    assert response.status_code == 429
    assert views.DELETE_LIMITED in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()
