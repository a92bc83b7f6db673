"""What the crisis tests share: a cry for help, the help page and the moderators' pages."""

from django.urls import reverse

CRY = "Some nights I have thought about ending my life. My nurse does not know."


HELP = reverse("stories:help")


QUEUE = reverse("moderation:queue")


def review_url(story):
    return reverse("moderation:review", args=[story.pk])


def verdict_url(story):
    return reverse("moderation:safety_verdict", args=[story.pk])
