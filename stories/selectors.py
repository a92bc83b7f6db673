"""Reads of community posts that pages of other apps show (an article's related stories)."""

from .models import CARD_FIELDS, Story, StoryQuote, public_condition

# What a quote's caption shows of its story: the title, linked, and the byline.
QUOTE_STORY_FIELDS = (
    "kind", "title", "show_name",
    "author__username", "author__display_name", "author__first_name", "author__last_name",
)  # fmt: skip


def stories_about(indication_ids: list[int], limit: int = 3):
    """The newest public posts about any of these indications, for cards without chips."""
    return (
        Story.objects.public()
        .about(indication_ids)
        .select_related("author")
        .only(*CARD_FIELDS)[:limit]
    )


def quotes_about(indication_ids: list[int], limit: int = 2):
    """Passages moderators chose from public patient stories about these indications."""
    return (
        StoryQuote.objects.filter(public_condition("story__"), indication__in=indication_ids)
        .select_related("story__author")
        .only("passage", *(f"story__{name}" for name in QUOTE_STORY_FIELDS))[:limit]
    )
