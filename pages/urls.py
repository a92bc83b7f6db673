"""
The pages that gather every app. Their names stay global ("home", "indication"), as the
whole site's templates link to them; no app_name, unlike the apps' own URLconfs.
"""

from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe

from cryoinfo.pagecache import cache_anonymous_page

from . import feeds, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("indications/", views.indication_list, name="indication_list"),
    path("indications/<slug:slug>/", views.indication_detail, name="indication"),
    path(
        "indications/<slug:slug>/feed/",
        require_safe(cache_anonymous_page(feeds.IndicationFeed())),
        name="indication_feed",
    ),
    path(
        "feeds/articles/",
        require_safe(cache_anonymous_page(feeds.ArticleFeed())),
        name="article_feed",
    ),
    path(
        "feeds/stories/",
        require_safe(cache_anonymous_page(feeds.StoryFeed())),
        name="story_feed",
    ),
    # An index of the sections, each in pages of at most 50,000 addresses (?p=2, ...).
    path(
        "sitemap.xml",
        require_safe(cache_anonymous_page(sitemap_index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(cache_anonymous_page(sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("about/", views.page, {"slug": "about"}, name="about"),
    path("editorial-policy/", views.page, {"slug": "editorial-policy"}, name="editorial_policy"),
    path(
        "medical-disclaimer/",
        views.page,
        {"slug": "medical-disclaimer"},
        name="medical_disclaimer",
    ),
    path("privacy/", views.page, {"slug": "privacy"}, name="privacy"),
]
