"""Browsers revalidate pages cheaply: an ETag on each page, and 304 when it has not changed."""

import re

import pytest
from django.test import Client

from tests.factories import ArticleFactory, go_live, make_story

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


def test_a_kept_page_with_a_form_has_a_weak_etag_of_each_readers_own():
    """
    A form's CSRF token is masked afresh for every response, so its bytes always differ;
    the same reader's copy still means the same (their token works), and gets a 304.
    """
    article = ArticleFactory()  # its page has the "Was this page helpful?" form
    url = article.get_absolute_url()
    reader, other = Client(enforce_csrf_checks=True), Client()
    reader.get(url)  # rendered and kept; the reader now has their CSRF cookie

    first = reader.get(url)
    assert first["X-Page-Cache"] == "hit" and first["ETag"].startswith('W/"')
    again = reader.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    # The page the browser kept still posts: its token is of the same secret.
    token = TOKEN.search(first.content.decode())[1]
    vote = reader.post(
        f"/feedback/articles/{article.pk}/helpful/",
        {"helpful": "yes", "csrfmiddlewaretoken": token},
    )
    assert vote.status_code == 302

    theirs = other.get(url, headers={"if-none-match": first["ETag"]})
    assert theirs.status_code == 200  # someone else's copy would hold the wrong token
    assert theirs["ETag"] != first["ETag"] and theirs["ETag"].startswith('W/"')


def test_a_kept_page_with_a_form_answers_200_once_it_changes(reviewer):
    article = ArticleFactory(title="Freezing a kidney tumour")
    url = article.get_absolute_url()
    reader = Client()
    reader.get(url)
    etag = reader.get(url)["ETag"]

    article.draft_title = "Freezing a small kidney tumour"
    article.save()
    go_live(article, reviewer)  # what readers see changes with a sign-off

    changed = reader.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Freezing a small kidney tumour" in changed.content.decode()
