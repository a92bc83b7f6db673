"""
E-mails about community posts, called after the database change has committed (robustly:
a failure here is logged, never shown to the person). They are queued, not sent here
(cryoinfo.mail).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from accounts.two_factor import SECOND_FACTORS
from cryoinfo.mail import send_later

from .helplines import EMERGENCY_NUMBERS, HELPLINES
from .models import Kind
from .safety import concerns_from_dicts

MODERATORS_GROUP = "Moderators"


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def moderator_emails() -> list[str]:
    """Active moderators who sign in with a second factor: the e-mails quote unpublished posts."""
    return list(
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .filter(authenticator__type__in=SECOND_FACTORS)
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
    if revision.flagged_for_safety:
        subject = "SAFETY – possible crisis, please read first. " + subject
    context["concerns"] = concerns_from_dicts(revision.safety_concerns)
    body = render_to_string("stories/email/new_submission.txt", context)
    send_later(subject, body, recipients)


def submission_received(story, revision) -> None:
    """
    Tell the author we have their post and what happens next. When its words may be a cry
    for help, the e-mail carries the same help as the page they saw after sending it.
    """
    author = story.author
    if not author.email:
        return
    body = render_to_string(
        "stories/email/received.txt",
        {
            "author": author,
            "revision": revision,
            "mine_url": _site_url("/stories/mine/"),
            "help_url": _site_url("/stories/help/"),
            "emergency_numbers": EMERGENCY_NUMBERS,
            "helplines": HELPLINES,
        },
    )
    send_later("We have your post: it is waiting for review", body, [author.email])


def new_report(story, open_reports: int, concerns=()) -> None:
    recipients = moderator_emails()
    if not recipients:
        return
    body = render_to_string(
        "stories/email/new_report.txt",
        {"story": story, "open_reports": open_reports, "concerns": concerns,
         "url": _site_url(f"/moderation/{story.pk}/")},
    )  # fmt: skip
    subject = f"A post was reported: {story.title}"
    if concerns:
        subject = "SAFETY – the reader who reported may be in crisis. " + subject
    send_later(subject, body, recipients)


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
    send_later(SUBJECTS[decision.action], body, [author.email])


def answer_published(answer) -> None:
    """Tell a post's author that a clinician response or a reply to it is now public."""
    post = answer.parent
    author = post.author
    if not author.email or author.pk == answer.author_id:
        return
    body = render_to_string(
        "stories/email/answer_published.txt",
        {
            "answer": answer,
            "post": post,
            "author": author,
            "url": _site_url(answer.get_absolute_url()),
            "replies_url": _site_url(post.get_absolute_url() + "#replies-setting"),
        },
    )
    what = "A clinician responded to" if answer.kind == Kind.RESPONSE else "A reader replied to"
    send_later(f"{what} your post: {post.title}", body, [author.email])
