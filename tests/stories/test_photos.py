import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from stories import services
from stories.models import Story, StoryPhoto
from tests.factories import make_story
from tests.stories.test_submit import story_form

pytestmark = pytest.mark.django_db

SUBMIT = reverse("stories:submit")


def jpeg_with_gps(name="IMG_0001.jpg", size=(300, 200)) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2025:05:01 10:00:00"  # DateTime
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", size, (180, 200, 220)).save(out, "JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the GPS really is there
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def private_files(settings) -> list:
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_photo_is_stored_without_metadata_under_a_random_private_name(client, alice, settings):
    client.force_login(alice)

    response = client.post(
        SUBMIT, {**story_form(), "photo_1": jpeg_with_gps(), "alt_1": "My scar a week later"}
    )

    assert response.status_code == 302
    photo = StoryPhoto.objects.get()
    assert photo.alt_text == "My scar a week later"
    assert "IMG_0001" not in photo.image.name
    stored = Image.open(photo.image.path)
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert b"PhoneMaker" not in Path(photo.image.path).read_bytes()
    assert (photo.width, photo.height) == (300, 200)
    assert Image.open(photo.thumbnail.path).size[0] <= 480
    assert len(private_files(settings)) == 2
    assert not list(settings.MEDIA_ROOT.rglob("*.jpg")) if settings.MEDIA_ROOT.exists() else True
    assert list(Story.objects.get().current.photos.all()) == [photo]


def test_a_photo_needs_a_description(client, alice, settings):
    client.force_login(alice)

    response = client.post(SUBMIT, {**story_form(), "photo_1": jpeg_with_gps(), "alt_1": " "})

    assert response.status_code == 200
    assert 'id="id_alt_1_error"' in response.content.decode()
    page = response.content.decode()
    assert 'id="id_photo_1_error"' in page and "please choose it again" in page
    assert not Story.objects.exists()
    assert private_files(settings) == []


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script>", "image/jpeg"),
         "not an image we can use"),
        (SimpleUploadedFile("x.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
                            b"!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00"
                            b"\x00\x02\x02D\x01\x00;", "image/gif"),
         "JPEG, PNG or WebP"),
    ],
)  # fmt: skip
def test_files_that_are_not_accepted_images_get_a_message_and_nothing_is_stored(
    client, alice, settings, upload, message
):
    client.force_login(alice)

    response = client.post(SUBMIT, {**story_form(), "photo_1": upload, "alt_1": "A photo"})

    assert response.status_code == 200
    errors = str(response.context["form"].errors["photo_1"])
    assert message in errors
    assert 'id="id_photo_1_error"' in response.content.decode()
    assert not Story.objects.exists()
    assert private_files(settings) == []


def test_truncated_jpeg_is_refused(client, alice, settings):
    out = io.BytesIO()
    Image.effect_noise((600, 400), 60).convert("RGB").save(out, "JPEG")
    data = out.getvalue()[: len(out.getvalue()) // 2]
    client.force_login(alice)

    response = client.post(
        SUBMIT,
        {**story_form(), "photo_1": SimpleUploadedFile("a.jpg", data, "image/jpeg"),
         "alt_1": "Half a photo"},
    )  # fmt: skip

    assert "damaged or incomplete" in str(response.context["form"].errors["photo_1"])
    assert private_files(settings) == []


def test_no_more_than_three_photos(client, alice):
    story = make_story(alice, status="pending")
    client.force_login(alice)
    data = {**story_form(), **{f"photo_{n}": jpeg_with_gps() for n in (1, 2, 3)},
            **{f"alt_{n}": f"Photo {n}" for n in (1, 2, 3)}}  # fmt: skip
    response = client.post(reverse("stories:edit", args=[story.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    story.refresh_from_db()
    assert story.current.photos.count() == 3
    keep = {f"keep_{p.pk}": "on" for p in story.current.photos.all()}

    response = client.post(
        reverse("stories:edit", args=[story.pk]),
        {**story_form(), **keep, "photo_1": jpeg_with_gps(), "alt_1": "A fourth"},
    )

    assert "at most 3 photos" in response.content.decode()
    story.refresh_from_db()
    assert story.current.photos.count() == 3


def photo_status(client, photo, size="full") -> int:
    return client.get(reverse("stories:photo", args=[photo.pk, size])).status_code


def test_photos_of_unapproved_posts_are_not_reachable_by_the_public(client, alice, bob, mo):
    story = make_story(alice, status="pending")
    client.force_login(alice)
    client.post(
        reverse("stories:edit", args=[story.pk]),
        {**story_form(), "photo_1": jpeg_with_gps(), "alt_1": "Scar"},
    )
    photo = StoryPhoto.objects.get()

    client.logout()
    assert photo_status(client, photo) == 404
    assert photo_status(client, photo, "thumb") == 404
    client.force_login(bob)
    assert photo_status(client, photo) == 404
    client.force_login(alice)
    assert photo_status(client, photo) == 200
    client.force_login(mo)
    assert photo_status(client, photo) == 200

    story.refresh_from_db()
    services.approve(story, story.version, mo)
    client.logout()
    response = client.get(reverse("stories:photo", args=[photo.pk, "full"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Scar" in client.get(story.get_absolute_url()).content.decode()

    services.withdraw(story)
    assert photo_status(client, photo) == 404


def test_editing_keeps_or_removes_photos_and_the_live_version_keeps_its_own(client, alice, mo):
    client.force_login(alice)
    client.post(SUBMIT, {**story_form(), "photo_1": jpeg_with_gps(), "alt_1": "First photo"})
    story = Story.objects.get()
    services.approve(story, story.version, mo)
    first = StoryPhoto.objects.get()

    client.post(reverse("stories:edit", args=[story.pk]), story_form())  # keep box unticked

    story.refresh_from_db()
    assert list(story.current.photos.all()) == []
    assert list(story.live.photos.all()) == [first]
    client.logout()
    assert photo_status(client, first) == 200


def test_deleting_a_post_deletes_its_photo_files(client, alice, settings):
    client.force_login(alice)
    client.post(SUBMIT, {**story_form(), "photo_1": jpeg_with_gps(), "alt_1": "A photo"})
    assert len(private_files(settings)) == 2

    Story.objects.get().delete()

    assert private_files(settings) == []
