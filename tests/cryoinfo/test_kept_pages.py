"""
Kept pages are answered before the middleware only personal pages need, with exactly the
headers a freshly rendered page has.
"""

import re

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client

from cryoinfo.pagecache import HEADER
from tests.factories import ArticleFactory, make_story

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def headers(response) -> dict:
    return {k: v for k, v in response.items() if k != HEADER}


@pytest.fixture
def story(alice, mo):
    return make_story(alice, title="Home the next day", moderator=mo)


def test_a_kept_page_has_the_headers_of_a_fresh_one(client, story):
    fresh = client.get(story.get_absolute_url())
    kept = client.get(story.get_absolute_url())

    assert (fresh[HEADER], kept[HEADER]) == ("miss", "hit")
    assert headers(kept) == headers(fresh)
    assert kept.content == fresh.content
    for name in ("X-Frame-Options", "Content-Security-Policy", "Vary", "ETag", "Content-Length"):
        assert kept[name] == fresh[name]


def test_a_kept_page_is_answered_before_sessions_and_authentication(
    client, story, monkeypatch, django_assert_num_queries
):
    client.get(story.get_absolute_url())

    def not_needed(self, request):
        raise AssertionError("a kept page should not get this far")

    monkeypatch.setattr(SessionMiddleware, "process_request", not_needed)
    monkeypatch.setattr(AuthenticationMiddleware, "process_request", not_needed)
    with django_assert_num_queries(0):
        kept = client.get(story.get_absolute_url())
    assert kept.status_code == 200 and kept[HEADER] == "hit"


def test_a_kept_page_with_a_form_goes_through_the_csrf_middleware_alone(
    client, monkeypatch, django_assert_num_queries
):
    article = ArticleFactory()  # "Was this page helpful?": a form with a CSRF token
    fresh = client.get(article.get_absolute_url())

    def not_needed(self, request):
        raise AssertionError("a kept page should not get this far")

    monkeypatch.setattr(SessionMiddleware, "process_request", not_needed)
    monkeypatch.setattr(AuthenticationMiddleware, "process_request", not_needed)
    reader = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        kept = reader.get(article.get_absolute_url())

    assert kept[HEADER] == "hit"
    assert "csrftoken" in kept.cookies  # set by the CSRF middleware
    assert headers(kept).keys() == headers(fresh).keys()
    token = TOKEN.search(kept.content.decode())[1]
    monkeypatch.undo()
    vote = reader.post(
        f"/feedback/articles/{article.pk}/helpful/",
        {"helpful": "yes", "csrfmiddlewaretoken": token},
    )
    assert vote.status_code == 302


def test_signed_in_readers_are_not_answered_from_the_kept_pages(client, story, bob):
    client.get(story.get_absolute_url())
    client.force_login(bob)

    page = client.get(story.get_absolute_url())

    assert HEADER not in page
    assert "Sign out" in page.content.decode()


def test_one_cache_lookup_per_kept_page_and_none_for_other_pages(client, monkeypatch):
    from cryoinfo import pagecache

    article = ArticleFactory()  # a kept page with a form: answered further in
    client.get(article.get_absolute_url())
    lookups = []
    real = pagecache.cache.get_many
    monkeypatch.setattr(pagecache.cache, "get_many", lambda keys: lookups.append(1) or real(keys))

    assert client.get(article.get_absolute_url())[HEADER] == "hit"
    assert len(lookups) == 1  # the middleware's
    client.get("/accounts/login/")  # never kept: not looked up
    assert len(lookups) == 1


def test_a_hot_page_asks_the_shared_cache_only_for_the_generation(client, story, monkeypatch):
    from cryoinfo import pagecache

    url = story.get_absolute_url()
    client.get(url)
    client.get(url)  # a hit from the shared cache: now copied into this process
    asked = []
    get, get_many = pagecache.cache.get, pagecache.cache.get_many
    monkeypatch.setattr(pagecache.cache, "get", lambda key: asked.append(key) or get(key))
    monkeypatch.setattr(
        pagecache.cache, "get_many", lambda keys: asked.extend(keys) or get_many(keys)
    )

    page = client.get(url)

    assert page[HEADER] == "hit" and "Home the next day" in page.content.decode()
    assert asked == [pagecache.GENERATION_KEY]  # not the page's 30-60 KB


def test_a_hot_page_is_dropped_at_once_when_the_story_leaves(client, story):
    from stories import services

    url = story.get_absolute_url()
    for _ in range(3):  # kept, copied into this process, answered from the copy
        client.get(url)
        client.get("/stories/")
    assert client.get(url)[HEADER] == "hit"

    services.withdraw(story)

    assert client.get(url).status_code == 404
    assert "Home the next day" not in client.get("/stories/").content.decode()


def test_a_kept_page_without_a_form_keeps_its_etag_and_is_not_hashed_again(
    client, story, monkeypatch
):
    from django.utils import cache as django_cache

    url = story.get_absolute_url()
    fresh = client.get(url)
    hashed = []
    real = django_cache.set_response_etag
    monkeypatch.setattr(django_cache, "set_response_etag", lambda r: hashed.append(1) or real(r))
    monkeypatch.setattr("django.middleware.http.set_response_etag", django_cache.set_response_etag)

    kept = client.get(url)

    assert kept[HEADER] == "hit" and kept["ETag"] == fresh["ETag"]
    assert hashed == []
    assert client.get(url, headers={"if-none-match": fresh["ETag"]}).status_code == 304
