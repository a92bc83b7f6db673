"""
Every e-mail the site sends goes through `send_later`: it is queued as a task when the
current transaction commits (nothing is sent for a change that rolled back) and a worker
sends it (`manage.py db_worker`, django-tasks with its database backend). A mail server
that is down or slow therefore never fails or slows a request: the worker tries again
with growing pauses, and after the last try the task stays in the admin as failed
(Tasks > DB task results), with the error.
"""

import datetime
import logging
import threading
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Pauses before each further try: about a day and a half in all.
RETRY_PAUSES = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
    datetime.timedelta(hours=24),
]
SUBJECT_LENGTH = 150


_held = threading.local()


@contextmanager
def none_sent():
    """
    E-mails asked for inside are dropped, not queued: for sample data (seed_demo), whose
    people are invented. The e-mails are queued as tasks and sent later by the worker, so
    a mail backend set around the code would not reach them.
    """
    _held.dropping = True
    try:
        yield
    finally:
        _held.dropping = False


def send_later(subject: str, body: str, to: list[str], *, reply_to: list[str] | None = None) -> int:
    """
    Queue one e-mail to each address (nobody sees the others'), sent after commit.
    Returns how many were queued.
    """
    if getattr(_held, "dropping", False):
        return 0
    addresses = [address for address in dict.fromkeys(to) if address]
    for address in addresses:
        message = {
            "subject": " ".join(subject.split())[:SUBJECT_LENGTH],
            "body": body,
            "to": [address],
            "reply_to": list(reply_to or []),
        }
        transaction.on_commit(partial(_enqueue, message), robust=True)
    return len(addresses)


def _enqueue(message: dict, attempt: int = 1, run_after: datetime.datetime | None = None) -> None:
    queued = deliver.using(run_after=run_after) if run_after else deliver
    queued.enqueue(message, attempt)


@task()
def deliver(message: dict, attempt: int = 1) -> str:
    """Send one queued e-mail; on failure, queue the next try after a pause."""
    email = EmailMessage(
        message["subject"], message["body"], None, message["to"], reply_to=message["reply_to"]
    )
    try:
        email.send()
    except Exception:
        if attempt > len(RETRY_PAUSES) or not deliver.get_backend().supports_defer:
            raise  # the task ends as failed, with the error, in the admin
        pause = RETRY_PAUSES[attempt - 1] * settings.MAIL_RETRY_SCALE
        logger.warning(
            "Could not send %r to %s (try %d); trying again in %s",
            message["subject"], message["to"][0], attempt, pause, exc_info=True,
        )  # fmt: skip
        _enqueue(message, attempt + 1, run_after=timezone.now() + pause)
        return "will try again"
    return "sent"
