"""
Keeping the search index in step with what is public.

`sync_article` and `sync_story` are called wherever an article is saved or a post's
status changes; each writes the page's entry if it is public, and deletes it otherwise.
"""

import html
import re

from django.db import connection, transaction
from django.utils.html import strip_tags

from .models import SearchEntry

# The private-use characters the search highlighter uses as markers never come from content.
_MARKERS = re.compile("[\ue000-\ue0ff]")


def plain_text(markup: str) -> str:
    return _MARKERS.sub("", " ".join(html.unescape(strip_tags(markup or "")).split()))


def _write(kind: str, object_id: int, *, indications, **fields) -> None:
    fields = {
        name: plain_text(value) if name in ("title", "summary", "body") else value
        for name, value in fields.items()
    }
    entry, _ = SearchEntry.objects.update_or_create(kind=kind, object_id=object_id, defaults=fields)
    entry.indications.set(indications)
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk=entry.pk).update(vector=weighted_vector())


def weighted_vector():
    """PostgreSQL: the tsvector of an entry, title above summary above body."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


def _remove(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


@transaction.atomic
def sync_article(article) -> None:
    """Index a published (or scheduled) article; drop a draft from the index."""
    if article.status != article.Status.PUBLISHED or not article.published_at:
        _remove(SearchEntry.Kind.ARTICLE, article.pk)
        return
    _write(
        SearchEntry.Kind.ARTICLE,
        article.pk,
        title=article.title,
        summary=article.summary,
        body=article.body_html,
        url=article.get_absolute_url(),
        published_at=article.published_at,
        label="Reference article",
        indications=list(article.indications.all()),
    )


@transaction.atomic
def sync_story(story) -> None:
    """Index a post's approved version while it is public; drop it otherwise."""
    if not story.is_public:
        _remove(SearchEntry.Kind.STORY, story.pk)
        return
    live = story.live
    _write(
        SearchEntry.Kind.STORY,
        story.pk,
        title=live.title,
        summary="",
        body=live.body_html,
        url=story.get_absolute_url(),
        published_at=story.published_at,
        label=story.get_kind_display(),
        indications=list(live.indications.all()),
    )


def rebuild() -> int:
    """Index every public page from scratch; returns how many entries there are."""
    from posts.models import Article
    from stories.models import Story

    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for article in Article.objects.filter(status=Article.Status.PUBLISHED):
            sync_article(article)
        for story in Story.objects.public().select_related("live"):
            sync_story(story)
    return SearchEntry.objects.count()
