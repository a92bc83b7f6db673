"""
E-mails are queued as tasks and sent by the worker (cryoinfo.mail): a mail server that is
down never fails a request, and nothing queued is lost.
"""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cryoinfo.mail import RETRY_PAUSES, deliver, send_later
from stories.models import Report
from tests.factories import make_story

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def mail_server_down(monkeypatch):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPConnectError(421, "Service not available")

    monkeypatch.setattr(EmailMessage, "send", refuse)


def run_worker():
    """The real worker, once through every task that is due."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_nothing_is_queued_for_a_change_that_rolled_back(settings):
    settings.TASKS = DATABASE_TASKS
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        send_later("Hello", "Body", ["a@example.org"])
        raise RuntimeError("the change failed")

    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_each_queued_email_to_one_person(settings):
    settings.TASKS = DATABASE_TASKS

    assert send_later("Two people", "Body", ["a@example.org", "b@example.org", ""]) == 2
    assert mail.outbox == []  # queued, not sent in the request
    run_worker()

    assert sorted(m.to for m in mail.outbox) == [["a@example.org"], ["b@example.org"]]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_is_down_means_a_later_try_then_delivery(settings, monkeypatch):
    settings.TASKS = DATABASE_TASKS
    send_later("Queued while down", "Body", ["a@example.org"])
    real_send = EmailMessage.send

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPConnectError(421, "Service not available")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    run_worker()

    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"][1] == 2  # the second try
    assert retry.run_after > timezone.now() + RETRY_PAUSES[0] - datetime.timedelta(seconds=5)
    assert mail.outbox == []

    # The server is back; once the pause is over, the worker sends it.
    monkeypatch.setattr(EmailMessage, "send", real_send)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    assert [m.subject for m in mail.outbox] == ["Queued while down"]


@pytest.mark.django_db(transaction=True)
def test_after_the_last_try_the_task_is_failed_with_its_error(settings, mail_server_down):
    settings.TASKS = DATABASE_TASKS
    message = {"subject": "Never", "body": "Body", "to": ["a@example.org"], "reply_to": []}

    deliver.enqueue(message, len(RETRY_PAUSES) + 1)
    run_worker()

    failed = DBTaskResult.objects.get()
    assert failed.status == "FAILED"
    assert "SMTPConnectError" in failed.exception_class_path


@pytest.mark.django_db
def test_a_report_is_saved_and_thanked_while_the_mail_server_is_down(
    client, alice, bob, mo, mail_server_down, django_capture_on_commit_callbacks
):
    story = make_story(alice)
    client.force_login(bob)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("stories:report", args=[story.pk]), {"reason": "It names a hospital."}
        )

    assert response.status_code == 302
    assert Report.objects.filter(story=story).exists()


def test_the_file_backend_can_be_used_as_a_mail_sink(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)

    EmailMessage("Sink", "Body", None, ["a@example.org"]).send()

    [written] = tmp_path.iterdir()
    assert "Subject: Sink" in written.read_text()
