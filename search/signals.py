"""Deleting an article or a post (or the account that wrote it) drops it from the index."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from posts.models import Article
from stories.models import Story

from .models import SearchEntry


@receiver(post_delete, sender=Article)
def forget_article(sender, instance: Article, **kwargs) -> None:
    SearchEntry.objects.filter(kind=SearchEntry.Kind.ARTICLE, object_id=instance.pk).delete()


@receiver(post_delete, sender=Story)
def forget_story(sender, instance: Story, **kwargs) -> None:
    SearchEntry.objects.filter(kind=SearchEntry.Kind.STORY, object_id=instance.pk).delete()
