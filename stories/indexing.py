"""Community posts in the search index (search.index): kept in step by the services."""

from search.index import Page, Source, index_page, remove_page
from search.models import SearchEntry

from .models import Story

KIND = SearchEntry.Kind.STORY


def page_of(story: Story) -> Page:
    """What search shows of a public post: its approved version."""
    live = story.live
    return Page(
        object_id=story.pk,
        title=live.title,
        summary="",
        body_html=live.body_html,
        url=story.get_absolute_url(),
        published_at=story.published_at,
        label=story.get_kind_display(),
        indications=frozenset(tag.pk for tag in live.indications.all()),
    )


def sync_story(story: Story) -> None:
    """Index a post's approved version while it is public; drop it otherwise."""
    if story.is_public:
        index_page(KIND, page_of(story))
    else:
        remove_page(KIND, story.pk)


def public_pages(after: int, limit: int) -> list[Page]:
    """The next public posts by id, locked until the rebuild's batch commits."""
    stories = (
        Story.objects.public()
        .filter(pk__gt=after)
        .order_by("pk")
        .select_for_update(of=("self",))
        .select_related("live")
        .defer("live__body")  # the Markdown: search reads the rendered HTML
        .prefetch_related("live__indications")[:limit]
    )
    return [page_of(story) for story in stories]


SOURCE = Source(count=lambda: Story.objects.public().count(), pages=public_pages)
