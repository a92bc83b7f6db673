"""Requests a browser, or an attacker, might send: CSRF, methods, redirects, odd ids."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_every_form_refuses_a_missing_csrf_token(csrf_client, alice, mo):
    story = make_story(alice)
    pending = make_story(alice, status="pending")
    article = ArticleFactory()
    anonymous_posts = [
        ("/accounts/login/", {"login": "alice", "password": "x"}),
        ("/accounts/signup/", {"email": "a@example.org"}),
        ("/accounts/password/reset/", {"email": "a@example.org"}),
        (f"/feedback/articles/{article.pk}/helpful/", {"helpful": "yes"}),
        (f"/feedback/articles/{article.pk}/problem/", {"message": "Typo"}),
    ]
    for url, data in anonymous_posts:
        assert csrf_client.post(url, data).status_code == 403, url

    csrf_client.force_login(alice)
    author_posts = [
        (reverse("stories:submit"), {"title": "x"}),
        (reverse("stories:edit", args=[pending.pk]), {"title": "x"}),
        (reverse("stories:withdraw", args=[story.pk]), {}),
        (reverse("accounts:profile"), {"display_name": "A"}),
        (reverse("accounts:delete"), {"password": "x"}),
        (reverse("account_logout"), {}),
        ("/markdownx/markdownify/", {"content": "x"}),
    ]
    for url, data in author_posts:
        assert csrf_client.post(url, data).status_code == 403, url
    story.refresh_from_db()
    assert story.is_public

    csrf_client.force_login(mo)
    decide = reverse("moderation:decide", args=[pending.pk])
    assert csrf_client.post(decide, {"action": "approve", "version": 1}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


@pytest.mark.parametrize(
    "url",
    ["/stories/1/restore/", "/stories/1/report/", "/stories/1/reply/", "/stories/1/respond/",
     "/stories/1/thanks/", "/stories/1/helped/", "/stories/1/replies/",
     "/moderation/1/decide/", "/markdownx/markdownify/", "/markdownx/upload/"],
)  # fmt: skip
def test_state_changes_only_on_post(client, alice, mo, url):
    make_story(alice)
    client.force_login(mo)

    assert client.get(url).status_code == 405


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example/"],
)
def test_sign_in_never_redirects_off_site(client, alice, next_url):
    response = client.post(
        f"/accounts/login/?next={next_url}",
        {"login": "alice", "password": "correct horse battery staple", "next": next_url},
    )

    assert response.status_code == 302
    assert response.url == "/"


def test_sign_in_follows_a_next_within_the_site(client, alice):
    response = client.post(
        "/accounts/login/",
        {"login": "alice", "password": "correct horse battery staple",
         "next": "/stories/mine/"},
    )  # fmt: skip

    assert response.url == "/stories/mine/"


def test_rotating_x_forwarded_for_does_not_escape_the_account_lock(client, alice):
    for n in range(10):
        client.post(
            "/accounts/login/",
            {"login": "alice", "password": f"wrong-{n}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            REMOTE_ADDR=f"198.51.100.{n}",
        )

    response = client.post(
        "/accounts/login/",
        {"login": "alice", "password": "correct horse battery staple"},
        HTTP_X_FORWARDED_FOR="192.0.2.77",
        REMOTE_ADDR="192.0.2.77",
    )

    assert "Too many unsuccessful sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "url",
    [
        "/stories/abc/", "/stories/-1/", "/stories/99999999999999999999/",
        "/moderation/abc/", "/articles/no such slug/", "/indications/<b>/",
        "/stories/photos/1/full/", "/feedback/articles/abc/helpful/",
    ],
)  # fmt: skip
def test_odd_ids_are_not_found_never_a_500(client, mo, url):
    client.force_login(mo)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", "1e9", ""])
def test_odd_page_numbers_give_a_page_never_a_500(client, page):
    ArticleFactory.create_batch(13)

    for url in ["/articles/", "/stories/", "/search/?q=article&"]:
        response = client.get(url + ("&" if "?" in url else "?") + f"page={page}")
        assert response.status_code == 200, (url, page)


@pytest.mark.parametrize(
    "url",
    [
        "/", "/articles/", "/indications/", "/indications/kidney/", "/stories/", "/search/",
        "/about/", "/feeds/articles/", "/sitemap.xml", "/stories/help/", "/robots.txt",
    ],
)  # fmt: skip
@pytest.mark.parametrize("method", ["PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"])
def test_pages_answer_only_the_methods_they_declare(client, url, method):
    response = client.generic(method, url)

    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


@pytest.mark.parametrize("url", ["/stories/submit/", "/accounts/profile/"])
def test_forms_take_get_and_post_only(client, alice, url):
    client.force_login(alice)

    assert client.put(url).status_code == 405
    assert client.head(url).status_code == 200
