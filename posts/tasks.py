"""Jobs of the reference library, for the task worker."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cryoinfo.pagecache import content_changed

from .models import Article

logger = logging.getLogger(__name__)


def schedule_publication(article: Article) -> None:
    """
    An article published for a later time goes out then (see `publish_when_due`), once
    this save is committed. Without a worker that can wait (the tests' immediate one),
    kept pages still show it within their `PAGE_SECONDS`.
    """
    when = article.published_at
    if article.status != Article.Status.PUBLISHED or not when or when <= timezone.now():
        return
    if getattr(article, "_publication_scheduled_for", None) == when:
        return  # the admin's save and its save of related objects: queued once
    article._publication_scheduled_for = when
    if not publish_when_due.get_backend().supports_defer:
        logger.info("No task worker that can wait: %r goes out as kept pages expire", article)
        return
    transaction.on_commit(
        lambda: publish_when_due.using(run_after=when).enqueue(article.pk, when.isoformat()),
        robust=True,
    )


@task()
def publish_when_due(article_id: int, published_at: str) -> str:
    """
    The time a scheduled article goes out: the kept pages are dropped, so it shows at once
    on the home page, its hubs and the list (search hides it until then by itself), not
    when those pages expire. Nothing to do if it was rescheduled or taken back meanwhile.
    """
    article = Article.objects.filter(pk=article_id).first()
    if (
        article is None
        or article.status != Article.Status.PUBLISHED
        or article.published_at != datetime.datetime.fromisoformat(published_at)
    ):
        return "rescheduled or taken back: nothing to do"
    content_changed()
    logger.info("Scheduled article %r is out", article)
    return "published"
