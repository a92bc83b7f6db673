"""
Template fragments ({% cache %}): cards and charts are kept, keyed by what they show, so a
signed-in reader's page (never a kept whole page) is assembled from them, and a change
gets a new key at once.
"""

import datetime

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse
from django.utils import timezone

from cryoinfo.pagecache import HEADER
from stories import services
from stories.models import Story, StoryRevision
from tests.factories import ArticleFactory, ReferenceFactory, go_live, make_story

pytestmark = pytest.mark.django_db

LIST = reverse("stories:list")


def test_a_card_comes_from_its_fragment_until_the_post_changes(client, alice, bob, mo):
    story = make_story(alice, title="Home the next day", moderator=mo)
    client.force_login(bob)  # signed in: no whole-page cache, fragments only
    assert "Home the next day" in client.get(LIST).content.decode()

    # A change made behind the services' back moves no version: the kept card stays.
    Story.objects.filter(pk=story.pk).update(title="Changed behind its back")
    assert "Home the next day" in client.get(LIST).content.decode()

    # An edit approved through the services is a new version, so a new card.
    services.submit(story, StoryRevision(title="Home two days later", body="Words " * 20),
                    story.indications.all())  # fmt: skip
    story.refresh_from_db()
    services.approve(story, story.version, mo)
    html = client.get(LIST).content.decode()
    assert "Home two days later" in html and "Home the next day" not in html


def test_a_new_display_name_shows_on_the_card_at_once(client, alice, bob, mo):
    make_story(alice, title="Home the next day", moderator=mo)
    client.force_login(bob)
    assert "By Alice" in client.get(LIST).content.decode()

    alice.display_name = "Alice M."
    alice.save()

    assert "By Alice M." in client.get(LIST).content.decode()


def test_an_article_card_follows_the_articles_saves(client, bob, reviewer):
    article = ArticleFactory(title="Freezing explained", indications=[])
    client.force_login(bob)
    assert "Freezing explained" in client.get(reverse("posts:list")).content.decode()

    article.draft_title = "Freezing, explained again"
    article.save()
    go_live(article, reviewer)

    assert "Freezing, explained again" in client.get(reverse("posts:list")).content.decode()


def test_the_hub_charts_follow_the_tally(client, alice, bob, mo, kidney):
    for n in range(5):
        make_story(alice, title=f"Story {n}", nights_in_hospital=1, moderator=mo)
    client.force_login(bob)
    assert "(n = 5)" in client.get(kidney.get_absolute_url()).content.decode()

    make_story(alice, title="One more", nights_in_hospital=2, moderator=mo)

    assert "(n = 6)" in client.get(kidney.get_absolute_url()).content.decode()


def test_pages_render_when_the_fragment_cache_is_down(client, alice, bob, mo, monkeypatch):
    make_story(alice, title="Still here", moderator=mo)

    def down(*args, **kwargs):
        raise ConnectionError("the fragment cache is down")

    monkeypatch.setattr(LocMemCache, "get", down)
    monkeypatch.setattr(LocMemCache, "set", down)
    client.force_login(bob)

    response = client.get(LIST)

    assert response.status_code == 200 and "Still here" in response.content.decode()


def test_a_new_release_does_not_serve_the_pages_kept_by_the_last(client, alice, mo, settings):
    make_story(alice, moderator=mo)
    client.get(LIST)
    assert client.get(LIST)[HEADER] == "hit"

    settings.RELEASE = "the-next-release"

    assert client.get(LIST)[HEADER] == "miss"


def test_an_article_page_reads_its_references_only_when_it_changed(
    client, bob, django_assert_num_queries
):
    article = ArticleFactory(title="Freezing explained", indications=[])
    ReferenceFactory(article=article, title="A study of freezing")
    client.force_login(bob)
    url = article.get_absolute_url()
    assert "A study of freezing" in client.get(url).content.decode()

    # Signed in, so no kept page: the session, the user, the article (their permissions
    # were read once, accounts.backends). Its references, indications, related stories
    # and articles come with the kept parts of the page (cryoinfo.shared).
    with django_assert_num_queries(3):
        html = client.get(url).content.decode()
    assert "A study of freezing" in html and 'id="ref-1"' in html

    ReferenceFactory(article=article, title="A second study")

    html = client.get(url).content.decode()
    assert "A second study" in html and 'id="ref-2"' in html


def test_an_article_shows_review_overdue_the_day_after_it_falls_due(client, bob, monkeypatch):
    today = timezone.localdate()
    article = ArticleFactory(indications=[], next_review_due=today)
    client.force_login(bob)
    assert "Review overdue" not in client.get(article.get_absolute_url()).content.decode()

    monkeypatch.setattr(timezone, "localdate", lambda *args: today + datetime.timedelta(days=1))

    assert "Review overdue" in client.get(article.get_absolute_url()).content.decode()
