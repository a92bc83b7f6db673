"""What the moderation tests share: the queue's address and a moderator's decision."""

from django.urls import reverse

QUEUE = reverse("moderation:queue")


def decide(client, story, action, **data):
    story.refresh_from_db()
    payload = {"action": action, "version": story.version, **data}
    return client.post(reverse("moderation:decide", args=[story.pk]), payload)
