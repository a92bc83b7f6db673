"""Story cards read a summary stored on the story at approval, not the story's text."""

import importlib

import pytest
from django.apps import apps as django_apps

from cryoinfo.models import Indication
from stories import services
from stories.models import Story, StoryRevision
from tests.factories import make_story

pytestmark = pytest.mark.django_db

BODY = "I went home **the next day**. " + " ".join(f"word{n}" for n in range(40))


def card_text(client) -> str:
    return client.get("/stories/").content.decode()


def test_approval_stores_the_cards_opening_words(client, alice):
    story = make_story(alice, body=BODY)

    expected = "I went home the next day. " + " ".join(f"word{n}" for n in range(26)) + "…"
    assert story.summary == expected
    assert expected in card_text(client)
    assert "word26" not in card_text(client)


def test_an_edit_waiting_for_review_leaves_the_card_alone(client, alice, mo):
    story = make_story(alice, body=BODY)
    edit = StoryRevision(title="Edited", body="Something quite different now.")
    services.submit(story, edit, Indication.objects.filter(slug="kidney"))

    assert "Something quite different" not in card_text(client)

    story.refresh_from_db()
    services.approve(story, story.version, mo)

    story.refresh_from_db()
    assert story.summary == "Something quite different now."
    assert "Something quite different now." in card_text(client)


def test_taking_a_story_down_clears_its_summary(alice, mo):
    story = make_story(alice, body=BODY)

    services.reject(story, story.version, mo, "advice", "Gives advice.")

    story.refresh_from_db()
    assert (story.live_id, story.title, story.summary) == (None, "", "")


def test_the_migration_fills_summaries_of_stories_published_before_it(alice):
    story = make_story(alice, body="Fish & chips, then <b>home</b>.")
    Story.objects.filter(pk=story.pk).update(summary="")
    pending = make_story(alice, status="pending")
    migration = importlib.import_module("stories.migrations.0009_story_summary")

    migration.fill_summaries(django_apps, None)

    assert Story.objects.get(pk=story.pk).summary == "Fish & chips, then home."
    assert Story.objects.get(pk=pending.pk).summary == ""
