"""The people who look after the reference library, and what they are told."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.two_factor import SECOND_FACTORS
from cryoinfo.mail import send_later

from .models import Article, ReviewReminder


def editor_emails() -> list[str]:
    """
    Active staff who may change articles (superusers included), sign in with a second
    factor (the e-mails carry readers' reports) and have an address.
    """
    users = get_user_model().objects.with_perm(
        "posts.change_article",
        is_active=True,
        include_superusers=True,
        # Two backends are configured; permissions come from the model one.
        backend="accounts.backends.ModelBackend",
    )
    return sorted(
        set(
            users.filter(is_staff=True, authenticator__type__in=SECOND_FACTORS)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


@transaction.atomic
def send_review_reminders(today: datetime.date | None = None) -> list[Article]:
    """
    E-mail the editors the articles whose review is overdue or due in the next 30 days,
    each once per review period (a new due date means a new reminder). Returns them.
    """
    today = today or timezone.localdate()
    due = [
        article
        for article in Article.objects.review_due_soon(today).select_for_update()
        if not ReviewReminder.objects.filter(
            article=article, due_date=article.next_review_due
        ).exists()
    ]
    recipients = editor_emails()
    if not due or not recipients:
        return []
    ReviewReminder.objects.bulk_create(
        [ReviewReminder(article=a, due_date=a.next_review_due) for a in due]
    )
    body = render_to_string(
        "posts/email/review_reminder.txt",
        {"articles": due, "today": today, "site_url": settings.SITE_URL.rstrip("/")},
    )
    subject = f"{len(due)} article{'s' if len(due) != 1 else ''} due for medical review"
    send_later(subject, body, recipients)
    return due


def reviewer_emails(excluding=None) -> list[str]:
    """Active verified clinicians who may sign off articles (not `excluding`), with an address."""
    users = (
        get_user_model()
        .objects.with_perm(
            "posts.sign_off_article",
            is_active=True,
            include_superusers=False,
            backend="accounts.backends.ModelBackend",
        )
        .filter(clinician_profile__status="verified")
    )
    if excluding is not None:
        users = users.exclude(pk=excluding.pk)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def tell_reviewers(version) -> None:
    """A version waits for medical review: the reviewers hear of it, with a link to it."""
    body = render_to_string(
        "posts/email/waiting_for_review.txt", {"version": version, "site_url": _site_url()}
    )
    send_later(
        f"For medical review: “{version.article}” (version {version.number})",
        body,
        reviewer_emails(excluding=version.submitted_by),
    )


def tell_editors(version) -> None:
    """A reviewer decided: the editor who submitted it hears (all editors, if nobody did)."""
    submitter = version.submitted_by
    to = [submitter.email] if submitter and submitter.email else editor_emails()
    signed = version.state == version.State.SIGNED_OFF
    body = render_to_string(
        "posts/email/review_decision.txt",
        {"version": version, "signed": signed, "site_url": _site_url()},
    )
    outcome = "signed off" if signed else "sent back with comments"
    send_later(f"“{version.article}” version {version.number} was {outcome}", body, to)
