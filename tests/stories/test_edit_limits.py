"""Edits and follow-up updates, each of which may carry photos, are limited per person."""

import pytest
from django.urls import reverse

from stories.models import StoryRevision
from stories.views import EDIT_RATE
from tests.factories import make_story
from tests.stories.test_submit import story_form

pytestmark = pytest.mark.django_db

LIMIT = int(EDIT_RATE.split("/")[0])


def test_the_edit_after_the_limit_keeps_the_text_and_saves_nothing(client, alice, bob):
    story = make_story(alice, status="pending")
    url = reverse("stories:edit", args=[story.pk])
    client.force_login(alice)
    for n in range(LIMIT):
        assert client.post(url, story_form(title=f"Version {n}")).status_code == 302
    versions = StoryRevision.objects.filter(story=story).count()

    response = client.post(url, story_form(title="One edit too many"))

    assert response.status_code == 429
    assert "changed your posts many times" in response.content.decode()
    assert "One edit too many" in response.content.decode()
    assert StoryRevision.objects.filter(story=story).count() == versions
    # Another person is not affected.
    other = make_story(bob, status="pending")
    client.force_login(bob)
    assert client.post(reverse("stories:edit", args=[other.pk]), story_form()).status_code == 302
