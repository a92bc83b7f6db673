from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="list"),
    path("submit/", views.story_submit, name="submit"),
    path("mine/", views.my_stories, name="mine"),
    path("help/", views.help_now, name="help"),
    path("<int:pk>/", views.story_detail, name="detail"),
    path("<int:pk>/edit/", views.story_edit, name="edit"),
    path("<int:pk>/withdraw/", views.story_withdraw, name="withdraw"),
    path("<int:pk>/update/", views.story_update, name="update"),
    path("<int:pk>/report/", views.story_report, name="report"),
    path("photos/<int:pk>/<str:size>/", views.story_photo, name="photo"),
]
