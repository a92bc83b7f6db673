"""Revisions, the 'Updated' date, the review schedule and the reminders."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from posts.editors import editor_emails, send_review_reminders
from posts.models import Article, ReviewReminder
from tests.factories import ArticleFactory, DraftFactory, UserFactory, go_live
from tests.posts.test_admin import article_form

pytestmark = pytest.mark.django_db

TZ = datetime.UTC


def test_every_admin_save_keeps_a_revision_with_who_and_what(client, editor):
    client.force_login(editor)
    client.post(reverse("admin:posts_article_add"), article_form(title="First title"))
    article = Article.objects.get()
    client.post(
        reverse("admin:posts_article_change", args=[article.pk]),
        article_form(title="Second title"),
    )

    history = list(article.history.order_by("history_date"))

    assert [h.title for h in history][-1] == "Second title"
    assert history[0].title == "First title"
    assert {h.history_user for h in history} == {editor}
    page = client.get(reverse("admin:posts_article_history", args=[article.pk]))
    assert page.status_code == 200
    assert "Second title" in page.content.decode()


def test_one_admin_save_is_one_history_entry_of_what_changed(client, editor):
    published = datetime.datetime(2026, 11, 1, 10, 0, 0, 123456, tzinfo=TZ)
    article = ArticleFactory(title="Old title", slug="small-kidney-tumours", published_at=published)
    before = article.history.count()
    client.force_login(editor)
    form = client.get(reverse("admin:posts_article_change", args=[article.pk]))
    assert form.status_code == 200

    # The time as the form shows it: whole seconds.
    client.post(
        reverse("admin:posts_article_change", args=[article.pk]),
        article_form(title="New title", status="published",
                     published_at_0="2026-11-01", published_at_1="10:00:00"),
    )  # fmt: skip

    assert article.history.count() == before + 1
    new, old = article.history.order_by("-history_date", "-history_id")[:2]
    changed = set(new.diff_against(old).changed_fields)
    assert "draft_title" in changed and "published_at" not in changed
    article.refresh_from_db()
    assert article.published_at == published
    assert new.history_user == editor


def test_page_says_updated_when_the_words_change_after_publication(client, reviewer):
    from posts import workflow

    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=TZ), tick=False):
        article = go_live(
            DraftFactory(published_at=datetime.datetime(2026, 3, 1, 8, tzinfo=TZ)), reviewer
        )
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()

    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, tzinfo=TZ), tick=False):
        # A new sign-off of the same words (a yearly review) is no update.
        workflow.sign_off(workflow.submit(article, None), reviewer, credentials="MD")
        article.refresh_from_db()
        assert article.content_updated_at is None
        article.draft_body += "\n\nA new paragraph."
        article.save()
        workflow.sign_off(workflow.submit(article, None), reviewer, credentials="MD")

    html = client.get(article.get_absolute_url()).content.decode()
    assert 'Updated <time datetime="2026-05-04">4 May 2026</time>' in html
    assert "A new paragraph." in html


def test_editors_are_staff_who_may_change_articles(editor, admin):
    UserFactory(username="helpdesk", is_staff=True)  # staff, but no article rights
    UserFactory(username="reader")

    assert editor_emails() == sorted([editor.email, admin.email])


def test_admin_index_lists_articles_due_within_30_days(client, editor):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 12, tzinfo=TZ), tick=False):
        ArticleFactory(title="Due soon", last_reviewed=datetime.date(2025, 12, 10))
        ArticleFactory(title="Overdue", last_reviewed=datetime.date(2025, 6, 1))
        ArticleFactory(title="Not yet", last_reviewed=datetime.date(2026, 6, 1))
        client.force_login(editor)

        html = client.get(reverse("admin:index")).content.decode()

    overdue, due_soon = html.split("<caption>Overdue</caption>")[1].split(
        "<caption>Due in the next 30 days</caption>"
    )
    due_soon = due_soon.split("</table>")[0]
    assert ">Overdue</a>" in overdue and "since 1 Jun 2026" in overdue
    assert "Due soon" not in overdue
    assert ">Due soon</a>" in due_soon and "Due 10 Dec 2026" in due_soon
    assert ">Overdue</a>" not in due_soon
    assert "Not yet" not in html


def test_the_article_list_says_overdue_in_words_not_with_a_tick(client, editor):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 12, tzinfo=TZ), tick=False):
        ArticleFactory(title="Stale", last_reviewed=datetime.date(2025, 6, 1))
        ArticleFactory(title="Fresh", last_reviewed=datetime.date(2026, 6, 1))
        client.force_login(editor)

        html = client.get(reverse("admin:posts_article_changelist")).content.decode()

    rows = {title: html.split(f">{title}</a>")[1].split("</tr>")[0] for title in ("Stale", "Fresh")}
    assert "Overdue</strong> since 1 Jun 2026" in rows["Stale"]
    assert "Overdue" not in rows["Fresh"] and "1 Jun 2027" in rows["Fresh"]
    assert "icon-yes.svg" not in html and "icon-no.svg" not in html


def test_reminders_go_once_per_article_per_review_period(editor, admin):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 7, tzinfo=TZ), tick=False):
        soon = ArticleFactory(title="Due soon", last_reviewed=datetime.date(2025, 12, 10))
        ArticleFactory(title="Not yet", last_reviewed=datetime.date(2026, 6, 1))

        sent = send_review_reminders()
        again = send_review_reminders()

    assert [a.title for a in sent] == ["Due soon"]
    assert again == []
    # One e-mail to each editor, so nobody sees the others' addresses.
    assert sorted(m.to for m in mail.outbox) == sorted([[editor.email], [admin.email]])
    assert "Due soon" in mail.outbox[0].body and "Not yet" not in mail.outbox[0].body
    assert f"/admin/posts/article/{soon.pk}/change/" in mail.outbox[0].body

    # Reviewed again: the next period gets its own reminder, a year later.
    soon.last_reviewed = datetime.date(2026, 12, 5)
    soon.next_review_due = None
    soon.save()
    with time_machine.travel(datetime.datetime(2027, 11, 20, 7, tzinfo=TZ), tick=False):
        call_command("review_reminders")
    assert len(mail.outbox) == 4
    assert ReviewReminder.objects.filter(article=soon).count() == 2


def test_no_reminder_without_editors_and_nothing_recorded():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 7, tzinfo=TZ), tick=False):
        ArticleFactory(last_reviewed=datetime.date(2025, 12, 1))

        assert send_review_reminders() == []

    assert not ReviewReminder.objects.exists()
    assert mail.outbox == []


def test_a_reviewer_with_a_verified_clinician_account_shows_as_verified(client, dr_dee):
    article = ArticleFactory(reviewer_name="Dr Dee", reviewer_account=dr_dee)
    plain = ArticleFactory(reviewer_name="Dr Elsewhere")

    assert "Verified clinician" in client.get(article.get_absolute_url()).content.decode()
    assert "Verified clinician" not in client.get(plain.get_absolute_url()).content.decode()


def test_a_long_overdue_list_does_not_hide_the_reviews_due_soon(client, editor):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 12, tzinfo=TZ), tick=False):
        for n in range(45):
            ArticleFactory(title=f"Old page {n}", last_reviewed=datetime.date(2025, 6, 1))
        ArticleFactory(title="Due soon", last_reviewed=datetime.date(2025, 12, 10))
        client.force_login(editor)

        html = client.get(reverse("admin:index")).content.decode()

    assert ">Due soon</a>" in html
    assert "Nothing is due in the next 30 days" not in html
