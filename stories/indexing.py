"""Community posts in the search index (search.index): kept in step by the services."""

from search.index import index_page, remove_page
from search.models import SearchEntry

from .models import Story

KIND = SearchEntry.Kind.STORY


def sync_story(story: Story) -> None:
    """Index a post's approved version while it is public; drop it otherwise."""
    if not story.is_public:
        remove_page(KIND, story.pk)
        return
    live = story.live
    index_page(
        KIND,
        story.pk,
        title=live.title,
        summary="",
        body_html=live.body_html,
        url=story.get_absolute_url(),
        published_at=story.published_at,
        label=story.get_kind_display(),
        indications=live.indications.all(),
    )


def index_all_stories() -> None:
    for story in Story.objects.public().select_related("live"):
        sync_story(story)
