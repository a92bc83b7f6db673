"""Limits on changing posts, and one post for one form however often it is sent."""

import pytest
from django.urls import reverse

from stories.author_views import EDIT_RATE
from stories.models import StoryRevision
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


def test_the_same_form_sent_twice_makes_one_post(client, alice):
    client.force_login(alice)
    page = client.get(reverse("stories:submit")).content.decode()
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    form = story_form(title="Sent with a double click", submission_key=key)

    first = client.post(reverse("stories:submit"), form)
    second = client.post(reverse("stories:submit"), form, follow=True)

    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == reverse("stories:mine")
    assert "That was already sent, once" in second.content.decode()
    assert StoryRevision.objects.filter(title="Sent with a double click").count() == 1
    # A fresh form has a fresh key, so a second post of the same words is a new post.
    fresh = client.get(reverse("stories:submit")).content.decode()
    assert key not in fresh


def test_a_key_replayed_at_the_same_moment_lands_on_the_first(client, alice, monkeypatch):
    from stories import author_views

    client.force_login(alice)
    form = story_form(title="Raced", submission_key="6f1f9c1e-2b9a-4f0e-9a53-1c2d3e4f5a6b")
    assert client.post(reverse("stories:submit"), form).status_code == 302
    # The second request looked before the first had saved: it meets the unique key.
    monkeypatch.setattr(author_views, "_earlier_version", lambda request, key: None)

    response = client.post(reverse("stories:submit"), form)

    assert response.url == reverse("stories:mine")
    assert StoryRevision.objects.filter(title="Raced").count() == 1


def test_a_form_sent_again_with_changed_words_keeps_them_and_asks_again(client, alice):
    from stories.author_views import RESENT_CHANGED

    client.force_login(alice)
    key = "0b0e9c1e-2b9a-4f0e-9a53-1c2d3e4f5a6b"
    client.post(reverse("stories:submit"), story_form(title="First words", submission_key=key))

    # Back, change the title, send the old form again.
    again = client.post(
        reverse("stories:submit"), story_form(title="Better words", submission_key=key)
    )

    html = again.content.decode()
    assert again.status_code == 200
    assert RESENT_CHANGED.split(" (")[0] in html and 'value="Better words"' in html
    new_key = html.split('name="submission_key" value="')[1].split('"')[0]
    assert new_key != key
    assert not StoryRevision.objects.filter(title="Better words").exists()
    sent = client.post(
        reverse("stories:submit"), story_form(title="Better words", submission_key=new_key)
    )
    assert sent.status_code == 302
    assert StoryRevision.objects.filter(title="Better words").count() == 1
