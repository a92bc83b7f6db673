"""Browsers revalidate pages cheaply: an ETag on each page, and 304 when it has not changed."""

import pytest

from tests.factories import make_story

pytestmark = pytest.mark.django_db


def test_an_unchanged_page_answers_304_and_a_changed_one_200(client, alice, bob, mo):
    make_story(alice, title="The first story", moderator=mo)
    first = client.get("/stories/")
    etag = first["ETag"]

    again = client.get("/stories/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    make_story(bob, title="A second story", moderator=mo)
    changed = client.get("/stories/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "A second story" in changed.content.decode()
    assert changed["ETag"] != etag


def test_a_page_from_the_page_cache_answers_304_too(client, alice, mo):
    story = make_story(alice, moderator=mo)
    client.get(story.get_absolute_url())
    kept = client.get(story.get_absolute_url())
    assert kept["X-Page-Cache"] == "hit"

    again = client.get(story.get_absolute_url(), headers={"if-none-match": kept["ETag"]})
    # The browser keeps the headers it stored with the page (its security policy among
    # them); the 304 only confirms the page.
    assert again.status_code == 304
    assert again["ETag"] == kept["ETag"]


def test_pages_with_a_form_get_a_new_etag_each_time(client, alice, mo):
    """A form carries a CSRF token masked afresh for every response: no 304 there."""
    from tests.factories import ArticleFactory

    article = ArticleFactory()  # its page has the "Was this page helpful?" form
    first = client.get(article.get_absolute_url())
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    second = client.get(article.get_absolute_url(), headers={"if-none-match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
