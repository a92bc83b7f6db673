from django.urls import path

from . import moderation

app_name = "moderation"

urlpatterns = [
    path("", moderation.queue, name="queue"),
    path("<int:pk>/", moderation.review, name="review"),
    path("<int:pk>/decide/", moderation.decide, name="decide"),
]
