"""
Signal receivers of the stories app.

Status changes are explicit service functions, never signals (STYLE.md), and those tell
`outcomes` themselves. Deletion is the exception: a post also goes when its author's account
is deleted or when staff delete it in the admin, by a cascade that runs no service
function, so a receiver is the one place that sees every deletion.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from cryoinfo.pagecache import content_changed
from search.index import remove_page

from . import outcomes
from .indexing import KIND, sync_story
from .models import Story, StoryQuote, Thanks
from .services import count_answers, count_thanks


@receiver(pre_delete, sender=Story, dispatch_uid="stories.signals.story_deleted")
def story_deleted(sender, instance: Story, **kwargs) -> None:
    """
    A deleted post stops counting in the outcome charts. Before the deletion, while its
    tags and live version still exist (Django sends every pre_delete of a cascade before
    it deletes anything), and in the deletion's transaction.
    """
    before = outcomes.contribution(instance.pk)
    outcomes.apply_difference(instance.pk, before, outcomes.Contribution())


@receiver(post_delete, sender=Story, dispatch_uid="pages:-Story")
@receiver(post_save, sender=StoryQuote, dispatch_uid="pages:StoryQuote")
@receiver(post_delete, sender=StoryQuote, dispatch_uid="pages:-StoryQuote")
def shown_to_readers_changed(sender, **kwargs) -> None:
    """Deleting a post, or choosing or dropping a quote, drops the kept public pages."""
    content_changed()


@receiver(post_delete, sender=Story, dispatch_uid="search:-Story")
def forget_story(sender, instance: Story, **kwargs) -> None:
    """A deleted post (or one whose author deleted their account) leaves the search index."""
    remove_page(KIND, instance.pk)


@receiver(post_delete, sender=Story, dispatch_uid="stories.signals.answer_deleted")
def answer_deleted(sender, instance: Story, **kwargs) -> None:
    """A deleted response or reply leaves its post's count and search entry."""
    if instance.is_answer and Story.objects.filter(pk=instance.parent_id).exists():
        count_answers(instance.parent_id)
        sync_story(instance)


@receiver(post_delete, sender=Thanks, dispatch_uid="stories.signals.thanks_removed")
def thanks_removed(sender, instance: Thanks, **kwargs) -> None:
    """Thanks taken back, or gone with the reader's account: the post counts one fewer."""
    count_thanks(instance.story_id)
