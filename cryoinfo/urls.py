from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import seo, views

handler500 = "cryoinfo.views.server_error"

admin.site.site_header = "CryoInfo editorial"
admin.site.site_title = "CryoInfo editorial"
admin.site.index_title = "Articles, indications and people"
# One sign-in for the whole site: the admin's own form would skip two-factor sign-in.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("articles/", include("posts.urls")),
    path("stories/", include("stories.urls")),
    path("moderation/", include("stories.moderation_urls")),
    path("feedback/", include("feedback.urls")),
    path("search/", include("search.urls")),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    # markdownx's editor posts here; these replace its views, which let anybody in.
    path("markdownx/markdownify/", views.editor_preview, name="markdownx_markdownify"),
    path("markdownx/upload/", views.editor_upload, name="markdownx_upload"),
    path("accounts/", include("accounts.urls")),
    # Sign-up, sign-in, passwords, e-mail addresses, two-factor sign-in, sessions.
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Home, hubs, feeds, sitemap and policy pages: the app that gathers the others.
    path("", include("pages.urls")),
]

if settings.BENCH:
    urlpatterns += [path("bench/", include("bench.urls"))]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
