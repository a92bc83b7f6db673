from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("articles/<int:article_id>/helpful/", views.vote, name="vote"),
    path("articles/<int:article_id>/problem/", views.report, name="report"),
]
