"""Anonymous pages from the shared cache: who gets them, and when they are dropped."""

import re

import pytest
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from cryoinfo.pagecache import HEADER
from stories import services
from stories.models import Story
from tests.factories import ArticleFactory, UserFactory, go_live, make_story

pytestmark = pytest.mark.django_db

LIST = "/stories/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def test_a_second_anonymous_reader_gets_the_kept_page_without_the_database(
    client, alice, django_assert_num_queries
):
    make_story(alice, title="Frozen in March")
    first = client.get(LIST)

    with django_assert_num_queries(0):
        second = Client().get(LIST)

    assert first[HEADER] == "miss" and second[HEADER] == "hit"
    assert second.content == first.content
    assert "Frozen in March" in second.content.decode()
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize(
    "url", ["/", "/articles/", "/indications/", "/indications/kidney/", "/about/",
            "/search/?q=kidney", "/feeds/stories/", "/sitemap.xml"],
)  # fmt: skip
def test_public_pages_are_kept(client, url):
    assert client.get(url)[HEADER] == "miss"
    assert client.get(url)[HEADER] == "hit"


def test_each_address_is_kept_apart(client, alice):
    make_story(alice, title="Kidney story", indications=["kidney"])
    make_story(alice, title="Liver story", indications=["liver"])
    client.get(LIST, {"indication": "kidney"})

    liver = client.get(LIST, {"indication": "liver"})

    assert liver[HEADER] == "miss"
    assert "Liver story" in liver.content.decode()
    assert "Kidney story" not in liver.content.decode()


def test_a_newly_approved_story_shows_at_once(client, alice, mo):
    story = make_story(alice, title="Back at work in a week", status="pending")
    client.get(LIST)
    assert client.get(LIST)[HEADER] == "hit"

    services.approve(story, story.version, mo)
    response = client.get(LIST)

    assert response[HEADER] == "miss"
    assert "Back at work in a week" in response.content.decode()


def test_a_moderators_approval_through_the_site_shows_at_once(client, alice, mo):
    story = make_story(alice, title="Walking the dog again", status="pending")
    client.get(LIST)
    moderator = Client()
    moderator.force_login(mo)

    moderator.post(
        f"/moderation/{story.pk}/decide/", {"action": "approve", "version": story.version}
    )

    assert Story.objects.get(pk=story.pk).is_public
    assert "Walking the dog again" in client.get(LIST).content.decode()


@pytest.mark.parametrize("change", ["withdraw", "hide", "delete"])
def test_a_story_leaving_the_site_leaves_the_kept_pages(client, alice, change):
    story = make_story(alice, title="Soon gone")
    url = story.get_absolute_url()
    client.get(url)
    client.get(LIST)

    if change == "withdraw":
        services.withdraw(story)
    elif change == "hide":
        for _ in range(3):
            services.report(story, UserFactory(), "spam")
    else:
        story.delete()

    assert "Soon gone" not in client.get(LIST).content.decode()
    assert client.get(url).status_code == 404


def test_an_edited_article_shows_at_once_when_signed_off(client, reviewer):
    article = ArticleFactory(title="Cryoablation of small kidney tumours")
    client.get(article.get_absolute_url())
    client.get("/articles/")

    article.draft_title = "Freezing small kidney tumours"
    article.save()
    go_live(article, reviewer)

    assert (
        "Freezing small kidney tumours" in client.get(article.get_absolute_url()).content.decode()
    )
    assert "Freezing small kidney tumours" in client.get("/articles/").content.decode()


def test_a_new_display_name_shows_at_once_but_a_sign_in_changes_nothing(client, alice):
    story = make_story(alice, title="Named")
    client.get(story.get_absolute_url())

    Client().force_login(alice)  # records the time of the sign-in
    assert client.get(story.get_absolute_url())[HEADER] == "hit"

    alice.display_name = "Alice W."
    alice.save()
    response = client.get(story.get_absolute_url())

    assert response[HEADER] == "miss" and "Alice W." in response.content.decode()


def test_the_page_is_dropped_again_once_the_change_is_committed(
    client, alice, mo, django_capture_on_commit_callbacks
):
    """A page rendered between the change and its commit must not outlive the commit."""
    story = make_story(alice, title="Slow commit", status="pending")
    with django_capture_on_commit_callbacks() as callbacks:
        services.approve(story, story.version, mo)
        client.get(LIST)  # rendered before the commit, and kept
        assert client.get(LIST)[HEADER] == "hit"

    for callback in callbacks:
        callback()

    assert client.get(LIST)[HEADER] == "miss"


def test_a_signed_in_person_never_gets_a_kept_page_nor_leaves_one(client, alice):
    make_story(alice, title="Mine")
    client.get(LIST)  # kept for anonymous readers
    signed_in = Client()
    signed_in.force_login(alice)

    theirs = signed_in.get(LIST)
    anonymous = client.get(LIST)

    assert HEADER not in theirs
    assert "Sign out" in theirs.content.decode()
    assert anonymous[HEADER] == "hit"
    assert "Sign out" not in anonymous.content.decode()
    assert "Alice" not in anonymous.content.decode().split("<main", 1)[0]


@pytest.mark.parametrize("cookie", [settings.SESSION_COOKIE_NAME, "messages", "cryoinfo_voter"])
def test_any_cookie_but_csrf_means_a_fresh_page(client, cookie):
    client.get("/")
    client.cookies[cookie] = "something"

    response = client.get("/")

    assert HEADER not in response


def test_only_successful_pages_are_kept(client):
    assert client.get("/articles/no-such-article/").status_code == 404
    assert HEADER not in client.get("/articles/no-such-article/")


def test_each_reader_gets_their_own_csrf_token_on_a_kept_form(client):
    article = ArticleFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(article.get_absolute_url())

    second_page = second.get(article.get_absolute_url())

    assert first_page[HEADER] == "miss" and second_page[HEADER] == "hit"
    secret = second.cookies[settings.CSRF_COOKIE_NAME].value
    tokens = TOKEN.findall(second_page.content.decode())
    assert tokens and all(_unmask_cipher_token(t) == secret for t in tokens)
    assert secret != first.cookies[settings.CSRF_COOKIE_NAME].value
    assert not set(tokens) & set(TOKEN.findall(first_page.content.decode()))

    vote = second.post(
        f"/feedback/articles/{article.pk}/helpful/",
        {"helpful": "yes", "csrfmiddlewaretoken": tokens[0]},
    )
    assert vote.status_code == 302


def test_a_reader_who_already_has_a_csrf_cookie_keeps_it(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    reader = Client()
    reader.get(article.get_absolute_url())
    secret = reader.cookies[settings.CSRF_COOKIE_NAME].value

    again = reader.get(article.get_absolute_url())

    assert again[HEADER] == "hit"
    assert all(_unmask_cipher_token(t) == secret for t in TOKEN.findall(again.content.decode()))


def test_pages_and_changes_go_on_when_the_cache_is_unreachable(client, alice, mo, monkeypatch):
    story = make_story(alice, title="Still here", status="pending")

    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    for method in ("get_many", "get", "set", "add", "incr"):
        monkeypatch.setattr(f"cryoinfo.pagecache.cache.{method}", down)

    services.approve(story, story.version, mo)
    response = client.get(LIST)

    assert response.status_code == 200 and "Still here" in response.content.decode()
    assert HEADER not in response


def test_with_caching_turned_off_every_reader_gets_a_fresh_page(settings, client, alice):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    make_story(alice, title="Frozen in March")

    first, second = client.get(LIST), Client().get(LIST)

    assert HEADER not in first and HEADER not in second
    assert "Frozen in March" in second.content.decode()
