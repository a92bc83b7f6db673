"""
Saves of an article, its references or its indications can happen anywhere (the admin, a
command), and every one changes what readers see: each drops the kept public pages
(`cryoinfo.pagecache`).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from cryoinfo.pagecache import content_changed
from search.index import remove_page

from .indexing import KIND
from .models import Article, ArticleChange, Reference, TaggedArticle, write_change_log


@receiver(post_save, sender=Article, dispatch_uid="pages:Article")
@receiver(post_delete, sender=Article, dispatch_uid="pages:-Article")
@receiver(post_save, sender=Reference, dispatch_uid="pages:Reference")
@receiver(post_delete, sender=Reference, dispatch_uid="pages:-Reference")
@receiver(post_save, sender=ArticleChange, dispatch_uid="pages:ArticleChange")
@receiver(post_delete, sender=ArticleChange, dispatch_uid="pages:-ArticleChange")
@receiver(post_save, sender=TaggedArticle, dispatch_uid="pages:TaggedArticle")
@receiver(post_delete, sender=TaggedArticle, dispatch_uid="pages:-TaggedArticle")
def article_changed(sender, **kwargs) -> None:
    content_changed()


@receiver(post_save, sender=Reference, dispatch_uid="fragments:Reference")
@receiver(post_delete, sender=Reference, dispatch_uid="fragments:-Reference")
def touch_article(sender, instance: Reference, **kwargs) -> None:
    """
    A changed reference is part of the working copy. An article that has not gone live
    shows its working copy, so it is saved again (its references and [n] links follow);
    otherwise readers keep the signed-off references, and only `updated_at` moves, which
    keys the editor's kept fragments.
    """
    draft = Article.objects.filter(pk=instance.article_id, live_version__isnull=True).first()
    if draft is not None:
        draft.skip_history_when_saving = True
        draft.save()
    else:
        Article.objects.filter(pk=instance.article_id).update(updated_at=timezone.now())


@receiver(post_delete, sender=Article, dispatch_uid="search:-Article")
def forget_article(sender, instance: Article, **kwargs) -> None:
    """A deleted article leaves the search index."""
    remove_page(KIND, instance.pk)


@receiver(post_save, sender=ArticleChange, dispatch_uid="log:ArticleChange")
@receiver(post_delete, sender=ArticleChange, dispatch_uid="log:-ArticleChange")
def change_logged(sender, instance: ArticleChange, **kwargs) -> None:
    """The article carries its change log, and its kept fragments are keyed anew."""
    write_change_log(instance.article_id)
