from django.urls import path

from cryoinfo.pagecache import cache_anonymous_page

from . import views

urlpatterns = [
    path("", cache_anonymous_page(views.search), name="search"),
]
