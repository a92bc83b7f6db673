from django.urls import path

from . import author_views, community_views, views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="list"),
    path("submit/", author_views.story_submit, name="submit"),
    path("mine/", author_views.my_stories, name="mine"),
    path("help/", views.help_now, name="help"),
    path("<int:pk>/", views.story_detail, name="detail"),
    path("<int:pk>/edit/", author_views.story_edit, name="edit"),
    path("<int:pk>/withdraw/", author_views.story_withdraw, name="withdraw"),
    path("<int:pk>/restore/", author_views.story_restore, name="restore"),
    path("<int:pk>/update/", author_views.story_update, name="update"),
    path("<int:pk>/report/", views.story_report, name="report"),
    path("<int:pk>/reply/", community_views.reply, name="reply"),
    path("<int:pk>/respond/", community_views.respond, name="respond"),
    path("<int:pk>/thanks/", community_views.thanks, name="thanks"),
    path("<int:pk>/helped/", community_views.helped, name="helped"),
    path("<int:pk>/replies/", community_views.replies_setting, name="replies_setting"),
    path("<int:pk>/edit-answer/", community_views.edit_answer, name="edit_answer"),
    path("photos/<int:pk>/<str:size>/", views.story_photo, name="photo"),
]
