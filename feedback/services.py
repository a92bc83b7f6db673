"""Recording readers' answers and problem reports, and telling the editors."""

import hashlib
import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cryoinfo.mail import send_later
from posts.editors import editor_emails
from posts.models import Article

from .models import HelpfulVote, ProblemReport

EDITOR_PERMISSION = "posts.change_article"


def new_voter_token() -> str:
    return secrets.token_urlsafe(32)


def voter_hash(token: str, article_id: int) -> str:
    """What we store instead of the browser's token.

    Mixing in the article means the same browser leaves a different hash on each article,
    so the table cannot be used to follow one reader from page to page.
    """
    return hashlib.sha256(f"{article_id}:{token}".encode()).hexdigest()


def record_vote(article: Article, token: str, *, helpful: bool, comment: str) -> bool:
    """Save this browser's answer. False, changing nothing, if it has already answered.

    The first answer stands: a second one is neither counted nor allowed to overwrite it,
    so reloading or double-clicking can never move the numbers.
    """
    try:
        with transaction.atomic():
            HelpfulVote.objects.create(
                article=article,
                helpful=helpful,
                comment=comment,
                voter_hash=voter_hash(token, article.pk),
            )
    except IntegrityError:
        return False
    return True


def previous_answer(article: Article, token: str | None) -> bool | None:
    """True or False if this browser has answered on the article; None if it has not."""
    if not token:
        return None
    return (
        HelpfulVote.objects.filter(article=article, voter_hash=voter_hash(token, article.pk))
        .values_list("helpful", flat=True)
        .first()
    )


def report_key(article: Article, message: str, email: str) -> str:
    """
    What makes two reports the same one: the article, the words (spacing aside), the
    address, and the hour. Not a key in the form: the article page comes from the shared
    page cache, so every reader would get the same form, key and all.
    """
    hour = timezone.now().strftime("%Y-%m-%dT%H")
    words = " ".join(message.split())
    return hashlib.sha256(f"{article.pk}\n{email.lower()}\n{hour}\n{words}".encode()).hexdigest()


def report_problem(article: Article, *, message: str, email: str) -> ProblemReport:
    """Store a reader's report and e-mail the editors; the same report sent again is kept once."""
    report, created = ProblemReport.objects.get_or_create(
        key=report_key(article, message, email),
        defaults={"article": article, "message": message, "email": email},
    )
    if created:
        transaction.on_commit(lambda: notify_editors(report), robust=True)
    return report


def resolve_reports(reports: models.QuerySet, by) -> int:
    """Mark the open ones among these reports resolved; returns how many changed."""
    return reports.filter(status=ProblemReport.Status.OPEN).update(
        status=ProblemReport.Status.RESOLVED, resolved_at=timezone.now(), resolved_by=by
    )


def notify_editors(report: ProblemReport) -> None:
    """One e-mail per editor, so nobody sees the others' addresses. Reply goes to the reader."""
    recipients = editor_emails()
    if not recipients:
        return
    article = report.article
    body = render_to_string(
        "feedback/email/problem_report.txt",
        {
            "report": report,
            "article": article,
            "article_url": settings.SITE_URL.rstrip("/") + article.get_absolute_url(),
            "admin_url": settings.SITE_URL.rstrip("/")
            + reverse("admin:feedback_problemreport_change", args=[report.pk]),
        },
    )
    subject = f"Problem reported on “{article.title}”"
    send_later(subject, body, recipients, reply_to=[report.email] if report.email else None)
