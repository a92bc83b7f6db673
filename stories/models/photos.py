"""The photos on a post, kept private and sent only to those who may see the post."""

from functools import partial

from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse

from cryoinfo.storage import PrivateMediaStorage

from .posts import Story


class StoryPhoto(models.Model):
    """
    A photo attached to a post. Stored re-encoded, without metadata, under a random name in
    private storage; `stories:photo` serves it only to those who may see its post.
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        storage=PrivateMediaStorage(),
        upload_to="story-photos/",
        width_field="width",
        height_field="height",
    )
    thumbnail = models.ImageField(storage=PrivateMediaStorage(), upload_to="story-photos/thumbs/")
    width = models.PositiveIntegerField(null=True)
    height = models.PositiveIntegerField(null=True)
    alt_text = models.CharField(
        "description",
        max_length=250,
        help_text="What the photo shows, for people who cannot see it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="story_photo_has_alt_text"),
        ]

    def __str__(self) -> str:
        return self.alt_text

    def get_absolute_url(self) -> str:
        return reverse("stories:photo", args=[self.pk, "full"])

    @property
    def thumbnail_url(self) -> str:
        return reverse("stories:photo", args=[self.pk, "thumb"])


@receiver(post_delete, sender=StoryPhoto)
def delete_photo_files(sender, instance: StoryPhoto, **kwargs) -> None:
    """
    Deleting a post or an account deletes its photo files too, not just the rows: once
    the deletion has committed, so a deletion that rolls back leaves the photos whole.
    """
    for field in (instance.image, instance.thumbnail):
        if field.name:
            transaction.on_commit(partial(field.storage.delete, field.name), robust=True)
