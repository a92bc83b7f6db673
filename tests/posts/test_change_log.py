"""
The changes readers are told about: written by the editors beside the article, shown at
its foot with their dates, newest first, at no extra query for the page.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.models import ArticleChange
from posts.starter import load_starter_articles
from tests.factories import ArticleFactory
from tests.posts.test_admin import article_form

pytestmark = pytest.mark.django_db


def foot(html: str) -> str:
    return html.split('id="changes-title"')[1].split("</section>")[0]


def test_an_editor_records_a_change_and_readers_see_it_dated(client, editor):
    article = ArticleFactory(slug="small-kidney-tumours")
    client.get(article.get_absolute_url())  # kept for anonymous readers
    client.force_login(editor)
    data = article_form(
        status="published", published_at_0="2026-11-01", published_at_1="10:00:00",
        **{"changes-TOTAL_FORMS": "2",
           "changes-0-changed_on": "2026-12-01",
           "changes-0-description": "Updated the numbers on kidney function.",
           "changes-1-changed_on": "2026-12-03",
           "changes-1-description": "Added <script>alert(1)</script> advice on driving."},
    )  # fmt: skip

    response = client.post(reverse("admin:posts_article_change", args=[article.pk]), data)
    client.logout()

    assert response.status_code == 302
    log = foot(client.get(article.get_absolute_url()).content.decode())
    assert log.index("3 December 2026") < log.index("1 December 2026")  # newest first
    assert "Updated the numbers on kidney function." in log
    assert "&lt;script&gt;" in log and "<script>alert" not in log


def test_a_change_removed_leaves_the_page(client):
    article = ArticleFactory()
    change = ArticleChange.objects.create(
        article=article, changed_on=datetime.date(2026, 12, 1), description="New advice."
    )
    assert "New advice." in client.get(article.get_absolute_url()).content.decode()

    change.delete()

    assert "Changes to this page" not in client.get(article.get_absolute_url()).content.decode()


def test_the_change_log_costs_the_page_no_query(client, settings):
    from django.core.cache import caches

    def forget():  # every cache empty: the page rendered from the database
        for alias in ("default", "template_fragments", "hot_pages"):
            caches[alias].clear()

    settings.PAGE_CACHE = False
    article = ArticleFactory()
    client.get("/")  # the session-independent parts of the first request
    forget()
    with CaptureQueriesContext(connection) as without:
        client.get(article.get_absolute_url())
    ArticleChange.objects.create(article=article, description="New advice.")
    forget()
    with CaptureQueriesContext(connection) as with_log:
        html = client.get(article.get_absolute_url()).content.decode()

    assert "New advice." in html
    assert len(with_log) == len(without)
    assert not [q for q in with_log if "posts_articlechange" in q["sql"]]


def test_every_starter_article_carries_its_change_log():
    load_starter_articles()

    from posts.models import Article

    for article in Article.objects.all():
        assert article.change_log, article.slug
        assert article.changes_shown[0]["on"] == datetime.date(2026, 11, 20)
