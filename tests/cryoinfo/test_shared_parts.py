"""
The parts of a page every reader sees alike are kept under the page generation, so a
signed-in reader's page (never a kept whole page) reads them from the database once,
and again as soon as anything public changes (cryoinfo/shared.py).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cryoinfo import context_processors
from tests.factories import ArticleFactory, make_story

pytestmark = pytest.mark.django_db

LIST = reverse("stories:list")


def read(client, url) -> tuple[str, list[str]]:
    """The page's HTML, and the SQL of the queries it made."""
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, [q["sql"] for q in queries]


def of_table(table: str, sql: list[str]) -> list[str]:
    return [q for q in sql if f'"{table}"' in q]


def test_a_signed_in_readers_story_list_is_read_once_until_a_story_is_approved(
    client, alice, bob, mo
):
    make_story(alice, title="Home the next day", moderator=mo)
    client.force_login(bob)
    first, first_sql = read(client, LIST)
    again, again_sql = read(client, LIST)

    assert "Home the next day" in first and "Home the next day" in again
    assert of_table("stories_story", first_sql) and not of_table("stories_story", again_sql)
    assert "Sign out" in again  # their own header all the same

    make_story(alice, title="Second time round", moderator=mo)

    html, sql = read(client, LIST)
    assert "Second time round" in html and of_table("stories_story", sql)


def test_each_address_has_its_own_parts(client, alice, bob, mo, kidney, liver):
    make_story(alice, title="About my kidney", indications=("kidney",), moderator=mo)
    make_story(alice, title="About my liver", indications=("liver",), moderator=mo)
    client.force_login(bob)
    client.get(LIST)

    liver_list = client.get(LIST, {"indication": "liver"}).content.decode()

    assert "About my liver" in liver_list and "About my kidney" not in liver_list
    assert "<title>Liver" in liver_list.replace("\n", "")


def test_an_unknown_indication_is_not_found_however_often_it_is_asked(client, bob):
    client.force_login(bob)
    for _ in range(2):
        assert client.get(LIST, {"indication": "elbow"}).status_code == 404


def test_the_home_page_shows_a_new_article_at_once_to_a_signed_in_reader(client, bob):
    ArticleFactory(title="Freezing explained")
    client.force_login(bob)
    client.get("/")
    _, sql = read(client, "/")
    assert not of_table("posts_article", sql)

    ArticleFactory(title="Freezing, the second article")

    assert "Freezing, the second article" in client.get("/").content.decode()


def test_nothing_is_shared_when_the_generation_cannot_be_read(client, alice, bob, mo, monkeypatch):
    make_story(alice, title="Home the next day", moderator=mo)

    def down():
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(context_processors, "current_generation", down)
    client.force_login(bob)
    client.get(LIST)

    html, sql = read(client, LIST)

    assert "Home the next day" in html and of_table("stories_story", sql)


def test_a_story_page_shows_a_new_related_article_at_once(client, alice, bob, mo, kidney):
    story = make_story(alice, title="Home the next day", indications=("kidney",), moderator=mo)
    ArticleFactory(title="Kidney tumours and freezing", indications=[kidney])
    client.force_login(bob)
    client.get(story.get_absolute_url())
    html, sql = read(client, story.get_absolute_url())
    assert "Kidney tumours and freezing" in html and not of_table("posts_article", sql)
    assert "Report this post" in html  # bob's own part of the page, rendered for him

    ArticleFactory(title="Recovery after kidney cryoablation", indications=[kidney])

    assert (
        "Recovery after kidney cryoablation"
        in client.get(story.get_absolute_url()).content.decode()
    )


def test_a_hub_shows_a_newly_approved_story_at_once(client, alice, bob, mo, kidney):
    make_story(alice, title="First about kidneys", indications=("kidney",), moderator=mo)
    client.force_login(bob)
    client.get(kidney.get_absolute_url())
    html, sql = read(client, kidney.get_absolute_url())
    assert "First about kidneys" in html and not of_table("stories_story", sql)

    make_story(alice, title="Second about kidneys", indications=("kidney",), moderator=mo)

    assert "Second about kidneys" in client.get(kidney.get_absolute_url()).content.decode()


def test_an_unknown_hub_is_not_found_however_often_it_is_asked(client, bob):
    client.force_login(bob)
    for _ in range(2):
        assert client.get("/indications/elbow/").status_code == 404
