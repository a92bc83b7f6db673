from django.urls import path

from . import moderation

app_name = "moderation"

urlpatterns = [
    path("", moderation.queue, name="queue"),
    path("<int:pk>/", moderation.review, name="review"),
    path("<int:pk>/decide/", moderation.decide, name="decide"),
    path("<int:pk>/safety/", moderation.safety_verdict, name="safety_verdict"),
    path("<int:pk>/quotes/", moderation.quote, name="quote"),
    path("<int:pk>/quotes/<int:quote_id>/remove/", moderation.unquote, name="unquote"),
]
