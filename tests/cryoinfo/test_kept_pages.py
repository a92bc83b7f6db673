"""
Kept pages are answered before the middleware only personal pages need, with exactly the
headers a freshly rendered page has.
"""

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware

from cryoinfo.pagecache import HEADER
from tests.factories import ArticleFactory, make_story

pytestmark = pytest.mark.django_db


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


def test_a_kept_page_with_a_form_still_goes_to_the_csrf_middleware(client):
    article = ArticleFactory()  # "Was this page helpful?": a form with a CSRF token
    client.get(article.get_absolute_url())

    kept = client.get(article.get_absolute_url())

    assert kept[HEADER] == "hit"
    assert "csrftoken" in kept.cookies  # set by the CSRF middleware, further in


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
    assert len(lookups) == 1  # the middleware's, handed on to the decorator
    client.get("/accounts/login/")  # never kept: not looked up
    assert len(lookups) == 1
