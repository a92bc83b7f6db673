"""Input that arrives garbled, or is merely odd, is refused or shown as written; never a 500."""

from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.urls import reverse

from cryoinfo.forms import UNREADABLE
from search.backends import search
from stories.models import Story, StoryPhoto
from tests.factories import make_story
from tests.stories.test_photos import jpeg_with_gps
from tests.stories.test_submit import story_form

pytestmark = pytest.mark.django_db


def test_a_title_with_a_lone_surrogate_is_refused_next_to_the_field(client, alice):
    client.force_login(alice)
    form = story_form()
    del form["title"]
    body = urlencode(form, doseq=True) + "&title=Home%ED%A0%80+the+next+day"

    response = client.post(
        reverse("stories:submit"), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [UNREADABLE]
    assert not Story.objects.exists()


def test_search_shows_a_title_exactly_as_it_was_written(client, alice, mo):
    make_story(alice, title="Life <after> the freeze & more", moderator=mo)

    [entry] = search("freeze")[0:10]
    html = client.get(reverse("search"), {"q": "freeze"}).content.decode()

    assert entry.title == "Life <after> the freeze & more"
    assert "Life &lt;after&gt; the freeze &amp; more" in html


def test_photo_files_stay_when_the_deletion_of_their_rows_rolls_back(
    client, alice, django_capture_on_commit_callbacks
):
    story = make_story(alice, status="pending")
    client.force_login(alice)
    client.post(
        reverse("stories:edit", args=[story.pk]),
        {**story_form(), "photo_1": jpeg_with_gps(), "alt_1": "Scar"},
    )
    photo = StoryPhoto.objects.get()
    storage, name = photo.image.storage, photo.image.name
    assert storage.exists(name)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        StoryPhoto.objects.get().delete()
        raise RuntimeError("the deletion failed")
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        StoryPhoto.objects.get().delete()
    assert not storage.exists(name)
