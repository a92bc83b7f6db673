"""
/sitemap.xml: an index of sections (/sitemap-stories.xml and so on), each listing at most
50,000 addresses a page, as search engines require; together, every public page.
Articles and posts come only through `Article.objects.published()` and
`Story.objects.public()`, so nothing unpublished, scheduled, waiting, withdrawn or hidden
is listed. Addresses use the request's host.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from cryoinfo.models import Indication
from cryoinfo.seo import article_last_modified
from posts.models import Article
from stories.models import Story


class PageSitemap(Sitemap):
    def items(self) -> list[str]:
        return [
            "home",
            "indication_list",
            "posts:list",
            "stories:list",
            "about",
            "editorial_policy",
            "medical_disclaimer",
            "privacy",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class IndicationSitemap(Sitemap):
    def items(self):
        return Indication.objects.order_by("display_order", "name")


class ArticleSitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, article: Article):
        return article_last_modified(article)

    def get_latest_lastmod(self):
        """For the index: one query, not a walk through every article."""
        found = Article.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("published_at")
        )
        return max((d for d in found.values() if d is not None), default=None)


class StorySitemap(Sitemap):
    def items(self):
        return (
            Story.objects.public()
            .posts()
            .only("kind", "published_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, story: Story):
        return story.published_at

    def get_latest_lastmod(self):
        """For the index: one query, not a walk through every post."""
        return Story.objects.public().posts().aggregate(latest=Max("published_at"))["latest"]


SITEMAPS = {
    "pages": PageSitemap,
    "indications": IndicationSitemap,
    "articles": ArticleSitemap,
    "stories": StorySitemap,
}
