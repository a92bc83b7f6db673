"""E-mails about community posts. Called after the database change has committed."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.template.loader import render_to_string

MODERATORS_GROUP = "Moderators"


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def moderator_emails() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def new_submission(story, revision, *, is_new: bool) -> None:
    recipients = moderator_emails()
    if not recipients:
        return
    context = {
        "story": story,
        "revision": revision,
        "is_new": is_new,
        "url": _site_url(f"/moderation/{story.pk}/"),
    }
    subject = ("New post" if is_new else "Edited post") + " waiting for review: " + revision.title
    body = render_to_string("stories/email/new_submission.txt", context)
    send_mass_mail([(subject[:150], body, None, [email]) for email in recipients])


def new_report(story, open_reports: int) -> None:
    recipients = moderator_emails()
    if not recipients:
        return
    body = render_to_string(
        "stories/email/new_report.txt",
        {"story": story, "open_reports": open_reports,
         "url": _site_url(f"/moderation/{story.pk}/")},
    )  # fmt: skip
    send_mass_mail([(f"A post was reported: {story.title}"[:150], body, None, [e])
                    for e in recipients])  # fmt: skip


SUBJECTS = {
    "approve": "Your post is published",
    "request_changes": "Your post needs a few changes",
    "reject": "Your post was not published",
    "restore": "Your post is back on CryoInfo",
}


def decision_made(decision) -> None:
    author = decision.story.author
    if not author.email:
        return
    body = render_to_string(
        "stories/email/decision.txt",
        {
            "decision": decision,
            "story": decision.story,
            "author": author,
            "mine_url": _site_url("/stories/mine/"),
            "post_url": _site_url(decision.story.get_absolute_url()),
        },
    )
    send_mail(SUBJECTS[decision.action], body, None, [author.email])
