import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import mail

from feedback import views
from feedback.models import ProblemReport
from tests.factories import DraftFactory, UserFactory

from .conftest import report_url

pytestmark = pytest.mark.django_db

REPORT = {"message": "The recovery section says 6 weeks but the table says 2.", "email": ""}


def report(**overrides) -> dict:
    return {**REPORT, **overrides}


@pytest.fixture
def people(editor, admin, alice):
    """Everyone who might get the e-mail, and the only three who should."""
    change_article = Permission.objects.get(codename="change_article")
    group_editor = UserFactory(username="gina", is_staff=True)
    editors_group = Group.objects.create(name="Editors")
    editors_group.permissions.add(change_article)
    group_editor.groups.add(editors_group)
    UserFactory(username="plainstaff", is_staff=True)  # staff, but not allowed to edit
    UserFactory(username="notstaff").user_permissions.add(change_article)
    UserFactory(username="gone", is_staff=True, is_active=False).user_permissions.add(
        change_article
    )
    UserFactory(username="noaddress", is_staff=True, email="").user_permissions.add(change_article)
    return ["admin@example.org", "eddie@example.org", "gina@example.org"]


def test_a_report_is_stored_and_emailed_to_exactly_the_editors(client, article, people, settings):
    settings.SITE_URL = "https://cryoinfo.example"

    response = client.post(report_url(article), report(email="reader@example.org"))

    assert response.status_code == 302
    assert response.url == "/articles/kidney-tumours/#feedback"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [views.THANKS_REPORT]
    stored = ProblemReport.objects.get()
    assert (stored.article, stored.message, stored.email, stored.status) == (
        article, REPORT["message"], "reader@example.org", "open",
    )  # fmt: skip
    assert sorted(address for email in mail.outbox for address in email.to) == people
    assert all(len(email.to) == 1 for email in mail.outbox)  # nobody sees the others
    email = mail.outbox[0]
    assert email.subject == "Problem reported on “Cryoablation for small kidney tumours”"
    assert "https://cryoinfo.example/articles/kidney-tumours/" in email.body
    assert REPORT["message"] in email.body
    assert f"https://cryoinfo.example/admin/feedback/problemreport/{stored.pk}/change/" in (
        email.body
    )
    assert email.reply_to == ["reader@example.org"]


def test_the_same_report_sent_twice_is_stored_and_emailed_once(client, article, editor):
    first = client.post(report_url(article), report(email="reader@example.org"))
    again = client.post(report_url(article), report(email="Reader@example.org", message=(
        "  The recovery section says 6 weeks\n but the table says 2. ")))  # fmt: skip

    assert first.status_code == again.status_code == 302  # the second lands on the first
    assert again.url == first.url == "/articles/kidney-tumours/#feedback"
    assert ProblemReport.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_different_report_or_the_same_an_hour_later_is_a_new_one(client, article, editor):
    with time_machine.travel("2026-12-06 10:59", tick=False):
        client.post(report_url(article), report())
        client.post(report_url(article), report(message="The link to NICE is broken."))
    with time_machine.travel("2026-12-06 11:00", tick=False):
        client.post(report_url(article), report())

    assert ProblemReport.objects.count() == 3
    assert len(mail.outbox) == 3


def test_a_report_without_an_address_says_so_and_has_no_reply_to(client, article, editor):
    client.post(report_url(article), report())

    assert mail.outbox[0].reply_to == []
    assert "The reader left no e-mail address." in mail.outbox[0].body


def test_a_filled_honeypot_sends_and_stores_nothing(client, article, editor):
    response = client.post(report_url(article), report(website="http://spam.example"))

    assert response.status_code == 400
    assert "Please try again." in response.content.decode()
    assert not ProblemReport.objects.exists()
    assert mail.outbox == []


def test_a_bad_email_address_is_refused_next_to_the_field_and_the_text_kept(
    client, article, editor
):
    response = client.post(report_url(article), report(email="not an address"))

    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["form"].errors == {
        "email": ["Enter an e-mail address like name@example.org."]
    }
    assert (
        '<div class="field-error" id="id_report_email_error"><p>Enter an e-mail address like '
        "name@example.org.</p></div>" in html
    )
    assert 'aria-invalid="true"' in html
    assert REPORT["message"] in html
    assert not ProblemReport.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("   ", "Tell us what is wrong with the page."),
        ("z" * 2001, "Please keep it to 2,000 characters (it has 2001)."),
    ],
)
def test_the_message_is_required_and_at_most_2000_characters(client, article, message, error):
    response = client.post(report_url(article), report(message=message))

    assert response.status_code == 400
    assert response.context["form"].errors["message"] == [error]
    assert not ProblemReport.objects.exists()


def test_the_6th_report_from_one_address_in_an_hour_gets_429_and_is_not_sent(
    client, article, editor
):
    for n in range(5):
        assert client.post(report_url(article), report(message=f"Typo {n}")).status_code == 302
    mail.outbox.clear()

    limited = client.post(report_url(article), report(message="The sixth one"))

    assert limited.status_code == 429
    html = limited.content.decode()
    assert views.REPORT_LIMITED in html
    assert "The sixth one" in html
    assert ProblemReport.objects.count() == 5
    assert mail.outbox == []


def test_only_published_articles_take_reports(client, editor):
    draft = DraftFactory()

    assert client.post(report_url(draft), report()).status_code == 404
    assert client.post("/feedback/articles/999999/problem/", report()).status_code == 404
    assert not ProblemReport.objects.exists()
    assert mail.outbox == []


def test_the_report_address_only_takes_posts(client, article):
    assert client.get(report_url(article)).status_code == 405


def test_a_mail_server_that_is_down_does_not_lose_the_report(client, article, editor, settings):
    settings.EMAIL_BACKEND = "tests.feedback.test_reports.BrokenEmailBackend"

    response = client.post(report_url(article), report())

    assert response.status_code == 302
    assert ProblemReport.objects.count() == 1


class BrokenEmailBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
