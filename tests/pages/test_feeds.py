import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from pages.feeds import FEED_LENGTH
from stories import services
from stories.models import Story, StoryRevision
from tests.factories import ArticleFactory, DraftFactory, UserFactory, make_story

pytestmark = pytest.mark.django_db

DC = "{http://purl.org/dc/elements/1.1/}"
HOSTILE = "</script><script>alert(1)</script> & <b>bold</b>"


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    """make_story sends its e-mails on commit; tests never commit, so send them at once."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


def fetch(client, url: str) -> tuple[ET.Element, bytes]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content), response.content


def items(channel_root: ET.Element) -> list[ET.Element]:
    return channel_root.findall("./channel/item")


def titles(root: ET.Element) -> list[str]:
    return [item.findtext("title") for item in items(root)]


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def hide(story: Story) -> None:
    Story.objects.filter(pk=story.pk).update(hidden=True)


# Articles


def test_article_feed_lists_only_published_articles_newest_first(client):
    ArticleFactory(title="Older guide", slug="older", published_at=days_ago(3))
    ArticleFactory(title="Newer guide", slug="newer", published_at=days_ago(1))
    DraftFactory(title="A draft")
    ArticleFactory(title="Scheduled", published_at=timezone.now() + datetime.timedelta(days=2))

    root, _ = fetch(client, reverse("article_feed"))

    assert titles(root) == ["Newer guide", "Older guide"]
    first = items(root)[0]
    assert first.findtext("link") == "http://testserver/articles/newer/"
    assert first.findtext("description") == "A short plain summary of the article."
    assert first.findtext(f"{DC}creator") == "CryoInfo editorial team"
    assert first.findtext("pubDate")
    assert root.findtext("./channel/link") == "http://testserver/articles/"


def test_article_feed_keeps_the_newest_twenty(client):
    for n in range(FEED_LENGTH + 3):
        ArticleFactory(title=f"Guide {n}", published_at=days_ago(30 - n))

    root, _ = fetch(client, reverse("article_feed"))

    assert len(items(root)) == 20
    assert titles(root)[0] == "Guide 22"
    assert "Guide 2" not in titles(root)


def test_article_feed_escapes_hostile_titles_and_summaries(client):
    ArticleFactory(title=HOSTILE, summary="Freeze <img src=x onerror=alert(1)> & thaw")

    root, raw = fetch(client, reverse("article_feed"))

    # Readers treat the text as HTML: it must arrive escaped, to be shown as written.
    assert titles(root) == [
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    ]
    assert items(root)[0].findtext("description") == (
        "Freeze &lt;img src=x onerror=alert(1)&gt; &amp; thaw"
    )
    assert b"<script" not in raw and b"<img" not in raw and b"<b>" not in raw


# Stories


def test_story_feed_lists_only_public_posts(client, alice, bob):
    make_story(alice, title="Approved post")
    for status in ["pending", "changes_requested", "rejected", "withdrawn"]:
        make_story(alice, status=status, title=f"A {status} post")
    hide(make_story(bob, title="Hidden by reports"))

    root, raw = fetch(client, reverse("story_feed"))

    assert titles(root) == ["Approved post"]
    for hidden in [b"pending", b"changes_requested", b"rejected", b"withdrawn", b"Hidden"]:
        assert hidden not in raw


def test_story_feed_shows_the_approved_version_while_an_edit_waits(client, alice):
    story = make_story(alice, title="Home the next day", body="The approved words.")
    edit = StoryRevision(title="Edited, not yet checked", body="Words no moderator has seen.")
    services.submit(story, edit, story.indications.all())

    root, raw = fetch(client, reverse("story_feed"))

    assert titles(root) == ["Home the next day"]
    assert items(root)[0].findtext("description") == "The approved words."
    assert b"Edited" not in raw and b"no moderator" not in raw


def test_story_feed_description_is_a_plain_text_excerpt(client, alice):
    body = "**Bold** start with a [link](https://example.org) & more.\n\n" + "word " * 100
    make_story(alice, title="Long one", body=body)

    root, _ = fetch(client, reverse("story_feed"))

    description = items(root)[0].findtext("description")
    assert description.startswith("Bold start with a link &amp; more. word word")
    assert description.endswith("…")
    assert "<" not in description and "href" not in description


def test_story_feed_names_the_author_or_says_anonymous(client, alice, bob):
    make_story(alice, title="Named")
    shy = make_story(bob, title="Shy")
    Story.objects.filter(pk=shy.pk).update(show_name=False)

    root, raw = fetch(client, reverse("story_feed"))

    authors = {item.findtext("title"): item.findtext(f"{DC}creator") for item in items(root)}
    assert authors == {"Named": "Alice", "Shy": "Anonymous"}
    assert b"Bob" not in raw and b"bob" not in raw


def test_story_feed_escapes_hostile_titles(client):
    mallory = UserFactory(username="mallory", display_name="<i>Mallory</i>")
    make_story(mallory, title=HOSTILE, body="<script>alert(1)</script> Hello")

    root, raw = fetch(client, reverse("story_feed"))

    assert titles(root) == [
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    ]
    assert b"<script" not in raw and b"<i>" not in raw


def test_feeds_survive_control_characters_in_titles(client, alice):
    ArticleFactory(title="Bell\x07 article")
    make_story(alice, title="Form\x0cfeed")

    assert titles(fetch(client, reverse("article_feed"))[0]) == ["Bell article"]
    assert titles(fetch(client, reverse("story_feed"))[0]) == ["Formfeed"]


# One indication


def test_indication_feed_merges_articles_and_posts_newest_first(client, alice, kidney, liver):
    ArticleFactory(title="Kidney guide", indications=[kidney], published_at=days_ago(3))
    ArticleFactory(title="Liver guide", indications=[liver], published_at=days_ago(2))
    DraftFactory(title="Kidney draft", indications=[kidney])
    story = make_story(alice, title="Kidney story", indications=["kidney"])
    Story.objects.filter(pk=story.pk).update(published_at=days_ago(4))
    make_story(alice, title="Newest kidney story", indications=["kidney"])
    make_story(alice, title="Liver story", indications=["liver"])
    make_story(alice, status="pending", title="Pending kidney story", indications=["kidney"])
    hide(make_story(alice, title="Hidden kidney story", indications=["kidney"]))

    root, _ = fetch(client, reverse("indication_feed", args=["kidney"]))

    assert titles(root) == ["Newest kidney story", "Kidney guide", "Kidney story"]
    assert root.findtext("./channel/title") == "CryoInfo: Kidney tumours"
    assert root.findtext("./channel/link") == "http://testserver/indications/kidney/"


def test_indication_feed_keeps_the_newest_twenty_of_both(client, alice, kidney):
    for n in range(15):
        ArticleFactory(title=f"Guide {n}", indications=[kidney], published_at=days_ago(40 - n))
    for n in range(15):
        make_story(alice, title=f"Story {n}", indications=["kidney"])

    root, _ = fetch(client, reverse("indication_feed", args=["kidney"]))

    assert len(items(root)) == 20
    assert titles(root)[:15] == [f"Story {n}" for n in reversed(range(15))]
    assert titles(root)[15:] == [f"Guide {n}" for n in (14, 13, 12, 11, 10)]


def test_indication_feed_for_an_unknown_indication_is_not_found(client):
    assert client.get("/indications/spleen/feed/").status_code == 404


# Query counts


@pytest.mark.parametrize("count", [5, 30])
def test_feed_queries_do_not_grow_with_items(
    client, alice, kidney, count, django_assert_max_num_queries
):
    ArticleFactory.create_batch(count, indications=[kidney])
    authors = [UserFactory(display_name=f"Author {n}") for n in range(count)]
    for author in authors:
        make_story(author, indications=["kidney"])

    with django_assert_max_num_queries(1):
        client.get(reverse("article_feed"))
    with django_assert_max_num_queries(1):
        client.get(reverse("story_feed"))
    with django_assert_max_num_queries(3):
        client.get(reverse("indication_feed", args=["kidney"]))


# Discovery


@pytest.mark.parametrize(
    ("url", "feeds"),
    [
        ("/", ["/feeds/articles/", "/feeds/stories/"]),
        ("/articles/", ["/feeds/articles/"]),
        ("/stories/", ["/feeds/stories/"]),
        ("/indications/kidney/", ["/indications/kidney/feed/"]),
    ],
)
def test_pages_announce_their_feeds(client, url, feeds):
    content = client.get(url).content.decode()

    for feed in feeds:
        assert 'type="application/rss+xml" title="CryoInfo: ' in content
        assert f'href="{feed}"' in content
    assert content.count('rel="alternate" type="application/rss+xml"') == len(feeds)
