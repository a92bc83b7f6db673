"""
Two-factor sign-in (django-allauth's MFA): staff must have it before they see unpublished
posts, private photos or the admin; anyone may turn it on.
"""

import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.two_factor import SET_IT_UP, has_two_factor
from stories.models import StoryPhoto
from tests.factories import UserFactory, make_story, totp_code
from tests.stories.test_photos import jpeg_with_gps
from tests.stories.test_submit import story_form

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ACTIVATE_URL = reverse("mfa_activate_totp")
QUEUE_URL = reverse("moderation:queue")


def moderator(two_factor: bool):
    user = UserFactory(username="morgan", two_factor=two_factor)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def sign_in(client, login: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def signed_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


# Who must have it


def test_a_moderator_without_two_factor_is_sent_to_set_it_up(client):
    client.force_login(moderator(two_factor=False))

    response = client.get(QUEUE_URL, follow=True)

    assert response.redirect_chain[0] == (ACTIVATE_URL, 302)
    assert SET_IT_UP in response.content.decode()


def test_a_moderator_with_two_factor_opens_the_queue(client):
    client.force_login(moderator(two_factor=True))

    assert client.get(QUEUE_URL).status_code == 200


@pytest.mark.parametrize("url", ["/admin/", "/admin/posts/article/", "/admin/accounts/user/"])
def test_staff_without_two_factor_are_sent_from_the_admin_to_set_it_up(client, url):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True,
                                   two_factor=False))  # fmt: skip

    response = client.get(url)

    assert response.status_code == 302 and response.url == ACTIVATE_URL


def test_staff_with_two_factor_use_the_admin(client, admin):
    client.force_login(admin)

    assert client.get("/admin/").status_code == 200


def test_private_photos_need_two_factor_for_moderators_not_for_their_author(client, alice):
    story = make_story(alice, status="pending")
    client.force_login(alice)
    client.post(
        reverse("stories:edit", args=[story.pk]),
        {**story_form(), "photo_1": jpeg_with_gps(), "alt_1": "Scar"},
    )
    url = reverse("stories:photo", args=[StoryPhoto.objects.get().pk, "full"])
    assert client.get(url).status_code == 200  # the author, who needs no second factor

    client.force_login(moderator(two_factor=False))
    assert client.get(url).url == ACTIVATE_URL


def test_an_unpublished_post_is_not_there_for_a_moderator_without_two_factor(client, alice):
    story = make_story(alice, status="pending")
    client.force_login(moderator(two_factor=False))

    assert client.get(story.get_absolute_url()).status_code == 404


def test_readers_and_authors_never_need_it(client, alice):
    client.force_login(alice)

    for url in [reverse("stories:submit"), reverse("stories:mine"), reverse("accounts:profile")]:
        assert client.get(url).status_code == 200


# Setting it up


@pytest.mark.django_db(transaction=True)  # allauth e-mails the person when the change commits
def test_setting_up_an_authenticator_app_with_the_code_it_shows(client, mailoutbox):
    morgan = UserFactory(username="morgan")
    client.force_login(morgan)
    # Setting it up asks for the password first.
    response = client.get(ACTIVATE_URL)
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": PASSWORD})
    page = client.get(ACTIVATE_URL)
    html = page.content.decode()
    secret = re.search(r'id="authenticator-secret">([A-Z2-7]+)<', html)[1]
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, allowed by the CSP

    wrong = client.post(ACTIVATE_URL, {"code": "000000"})
    assert wrong.status_code == 200 and not has_two_factor(morgan)

    done = client.post(ACTIVATE_URL, {"code": pyotp.TOTP(secret).now()}, follow=True)

    assert has_two_factor(morgan)
    assert Authenticator.objects.filter(user=morgan, type="recovery_codes").exists()
    assert "Please keep your recovery codes somewhere safe." in done.content.decode()
    [notice] = mailoutbox
    assert notice.subject == "CryoInfo: Two-factor sign-in was turned on"


# Signing in with it


def test_signing_in_asks_for_the_code_after_the_password(client):
    morgan = moderator(two_factor=True)

    response = sign_in(client, "morgan")

    assert response.url == reverse("mfa_authenticate")
    assert signed_in_as(client) is None
    assert client.post(reverse("mfa_authenticate"), {"code": "123456"}).status_code == 200
    assert signed_in_as(client) is None
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert signed_in_as(client) == str(morgan.pk)


def test_the_same_code_is_refused_twice(client, settings):
    moderator(two_factor=True)
    code = totp_code()
    sign_in(client, "morgan")
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert signed_in_as(client) is not None  # the first use worked
    client.post(reverse("account_logout"))

    sign_in(client, "morgan")
    again = client.post(reverse("mfa_authenticate"), {"code": code})

    assert again.status_code == 200
    assert "Incorrect code." in again.content.decode()  # and says to use the current one
    assert signed_in_as(client) is None


def test_a_recovery_code_works_once(client):
    morgan = moderator(two_factor=True)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    [first, *_] = RecoveryCodes.activate(morgan).get_unused_codes()

    sign_in(client, "morgan")
    client.post(reverse("mfa_authenticate"), {"code": first})
    assert signed_in_as(client) == str(morgan.pk)
    client.post(reverse("account_logout"))

    sign_in(client, "morgan")
    client.post(reverse("mfa_authenticate"), {"code": first})
    assert signed_in_as(client) is None


def test_a_patient_may_turn_it_on_too(client, alice):
    client.force_login(alice)

    html = client.get(reverse("mfa_index")).content.decode()

    assert f'href="{ACTIVATE_URL}"' in html


def test_a_moderator_with_an_unconfirmed_address_is_told_to_confirm_it_first(client):
    morgan = UserFactory(username="morgan", two_factor=False, confirmed=False)
    morgan.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(morgan)

    response = client.get(QUEUE_URL, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("mfa_index")
    assert "Please confirm your e-mail address before setting up two-factor sign-in." in html
    assert "Send the link again" in html
    assert f'href="{ACTIVATE_URL}"' not in html


def test_a_security_key_counts_as_the_second_factor_for_staff(client):
    morgan = moderator(two_factor=False)
    Authenticator.objects.create(user=morgan, type=Authenticator.Type.WEBAUTHN, data={})
    client.force_login(morgan)

    assert client.get(QUEUE_URL).status_code == 200
