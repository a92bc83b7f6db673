"""
RSS feeds of what is public: new articles, new community posts, and both for one indication.

Items come only through `Article.objects.published()` and `Story.objects.public()`. Feed
readers treat titles and descriptions as HTML, so both are escaped plain text (titles as
Django's own default does); nothing here ever sends stored HTML, not even sanitised HTML.
"""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import Truncator

from cryoinfo.models import Indication
from cryoinfo.seo import html_to_text
from posts.models import Article
from stories.models import Story

FEED_LENGTH = 20
EXCERPT_WORDS = 50

# XML 1.0 cannot carry these at all; the feed generator raises on them, which would take
# the whole feed down for one pasted character.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(value: str) -> str:
    return _CONTROL_CHARACTERS.sub("", value)


def excerpt(body_html: str, words: int = EXCERPT_WORDS) -> str:
    """The first words of rendered HTML, as plain text on one line."""
    return Truncator(xml_text(html_to_text(body_html))).words(words)


def public_articles():
    return Article.objects.published().order_by("-published_at", "-id")


def public_stories():
    # The byline reads the author; the excerpt reads the live version.
    return (
        Story.objects.public()
        .posts()
        .select_related("author", "live")
        .order_by("-published_at", "-id")
    )


class PublicItemsFeed(Feed):
    """How an article or a story becomes a feed item; the indication feed mixes both."""

    def item_title(self, item) -> str:
        return escape(xml_text(item.title))

    def item_description(self, item) -> str:
        if isinstance(item, Story):
            return escape(excerpt(item.live.body_html))
        return escape(xml_text(item.summary))

    def item_author_name(self, item) -> str:
        # Story.byline says "Anonymous" when the author hid their name.
        return xml_text(item.byline)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at if isinstance(item, Article) else item.published_at


class ArticleFeed(PublicItemsFeed):
    title = "CryoInfo: new articles"
    description = "Reviewed, plain-language articles about cryoablation, newest first."

    def link(self) -> str:
        return reverse("posts:list")

    def items(self):
        return public_articles()[:FEED_LENGTH]


class StoryFeed(PublicItemsFeed):
    title = "CryoInfo: new stories"
    description = "Experiences of cryoablation from patients and doctors, checked by moderators."

    def link(self) -> str:
        return reverse("stories:list")

    def items(self):
        return public_stories()[:FEED_LENGTH]


class IndicationFeed(PublicItemsFeed):
    def get_object(self, request, slug: str) -> Indication:
        return get_object_or_404(Indication, slug=slug)

    def title(self, indication: Indication) -> str:
        return f"CryoInfo: {indication.name}"

    def description(self, indication: Indication) -> str:
        return indication.description

    def link(self, indication: Indication) -> str:
        return indication.get_absolute_url()

    def items(self, indication: Indication) -> list:
        articles = public_articles().filter(indications=indication)[:FEED_LENGTH]
        stories = public_stories().filter(indications=indication)[:FEED_LENGTH]
        merged = sorted(
            [*articles, *stories], key=lambda item: (item.published_at, item.pk), reverse=True
        )
        return merged[:FEED_LENGTH]
