from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from search import views as search_views

from . import feeds, seo, views
from .pagecache import cache_anonymous_page
from .sitemaps import SITEMAPS

admin.site.site_header = "CryoInfo editorial"
admin.site.site_title = "CryoInfo editorial"
admin.site.index_title = "Articles, indications and people"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", include("posts.urls")),
    path("stories/", include("stories.urls")),
    path("moderation/", include("stories.moderation_urls")),
    path("feedback/", include("feedback.urls")),
    path("indications/", views.indication_list, name="indication_list"),
    path("indications/<slug:slug>/", views.indication_detail, name="indication"),
    path(
        "indications/<slug:slug>/feed/",
        cache_anonymous_page(feeds.IndicationFeed()),
        name="indication_feed",
    ),
    path("feeds/articles/", cache_anonymous_page(feeds.ArticleFeed()), name="article_feed"),
    path("feeds/stories/", cache_anonymous_page(feeds.StoryFeed()), name="story_feed"),
    path("sitemap.xml", cache_anonymous_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("search/", cache_anonymous_page(search_views.search), name="search"),
    path("about/", views.page, {"slug": "about"}, name="about"),
    path("editorial-policy/", views.page, {"slug": "editorial-policy"}, name="editorial_policy"),
    path(
        "medical-disclaimer/",
        views.page,
        {"slug": "medical-disclaimer"},
        name="medical_disclaimer",
    ),
    path("privacy/", views.page, {"slug": "privacy"}, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    # markdownx's editor posts here; these replace its views, which let anybody in.
    path("markdownx/markdownify/", views.editor_preview, name="markdownx_markdownify"),
    path("markdownx/upload/", views.editor_upload, name="markdownx_upload"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH:
    urlpatterns += [path("bench/", include("bench.urls"))]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
