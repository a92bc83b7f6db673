"""The people who look after the reference library, and what they are told."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Article, ReviewReminder


def editor_emails() -> list[str]:
    """Active staff who may change articles (superusers included), with an address."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    can_edit = (
        Q(is_superuser=True)
        | Q(
            user_permissions__codename="change_article",
            user_permissions__content_type__app_label="posts",
        )
        | Q(
            groups__permissions__codename="change_article",
            groups__permissions__content_type__app_label="posts",
        )
    )
    return sorted(set(users.filter(can_edit).values_list("email", flat=True)))


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
    send_mail(subject, body, None, recipients)
    return due
