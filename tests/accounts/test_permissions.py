"""Who may open each accounts page. Every page acts on the signed-in person's own account."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OWN_ACCOUNT_PAGES = [
    reverse("accounts:profile"),
    reverse("accounts:export"),
    reverse("accounts:delete"),
    reverse("accounts:clinician"),
    reverse("account_change_password"),
    reverse("account_email"),
    reverse("mfa_index"),
    reverse("usersessions_list"),
]


@pytest.mark.parametrize("url", OWN_ACCOUNT_PAGES)
def test_anonymous_people_are_sent_to_sign_in_and_back(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", OWN_ACCOUNT_PAGES)
@pytest.mark.parametrize("person", ["alice", "dr_dee", "editor", "mo"])
def test_signed_in_people_open_their_own_pages(client, request, person, url):
    client.force_login(request.getfixturevalue(person))

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", OWN_ACCOUNT_PAGES)
def test_superusers_open_their_pages_but_deletion_sends_them_back(client, admin, url):
    client.force_login(admin)

    response = client.get(url)

    expected = 302 if url == reverse("accounts:delete") else 200
    assert response.status_code == expected


@pytest.mark.parametrize("url", OWN_ACCOUNT_PAGES)
def test_no_page_shows_another_persons_details(client, dr_dee, bob, url):
    client.force_login(bob)

    html = client.get(url).content.decode()

    assert "dee@example.org" not in html
    assert "GMC-1234567" not in html


@pytest.mark.parametrize("url", [reverse("account_signup"), reverse("account_login")])
def test_sign_up_and_sign_in_are_open_to_anonymous_people(client, url):
    assert client.get(url).status_code == 200


def test_sign_up_sends_signed_in_people_home(client, alice):
    client.force_login(alice)

    assert client.get(reverse("account_signup")).url == "/"
