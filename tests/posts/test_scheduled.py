"""
An article scheduled for a later time is not public before it, and goes out at that time
everywhere at once: a task drops the kept pages then, rather than waiting for them to expire.
"""

import datetime

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from posts import services, workflow
from posts.models import Article
from tests.cryoinfo.test_mail import DATABASE_TASKS, run_worker
from tests.factories import DraftFactory

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
OUT_AT = NOW + datetime.timedelta(minutes=5)  # sooner than kept pages expire (10 minutes)


@pytest.fixture
def schedule(reviewer):
    """An editor schedules a signed-off article, as the admin does."""

    def schedule(title: str, when=OUT_AT):
        article = DraftFactory(title=title)
        workflow.sign_off(workflow.submit(article, None), reviewer, credentials="MD")
        article = Article.objects.get(pk=article.pk)
        article.published_at = when
        workflow.publish(article)
        return Article.objects.get(pk=article.pk)

    return schedule


def test_a_scheduled_article_goes_out_on_time_on_every_page(client, settings, schedule):
    settings.TASKS = DATABASE_TASKS
    with time_machine.travel(NOW, tick=False):
        article = schedule("Freezing explained, out at nine")
        assert "Freezing explained" not in client.get("/").content.decode()
        assert client.get(article.get_absolute_url()).status_code == 404
        run_worker()  # not due yet: nothing runs
        assert DBTaskResult.objects.get().status == "READY"

    with time_machine.travel(OUT_AT + datetime.timedelta(seconds=1), tick=False):
        # The home page kept at 9:00 would show it only when it expires, at 9:10...
        assert "Freezing explained" not in client.get("/").content.decode()
        run_worker()
        # ...the task drops it, and the article is everywhere at once.
        assert "Freezing explained" in client.get("/").content.decode()
        assert "Freezing explained" in client.get("/articles/").content.decode()
        assert client.get(article.get_absolute_url()).status_code == 200
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"
        assert DBTaskResult.objects.get().return_value == "published"


def test_a_rescheduled_or_withdrawn_article_is_left_alone(settings, schedule):
    settings.TASKS = DATABASE_TASKS
    with time_machine.travel(NOW, tick=False):
        moved = schedule("Moved to next week")
        moved.published_at = NOW + datetime.timedelta(days=7)
        services.save_article(moved)
        taken_back = schedule("Taken back")
        taken_back.status = taken_back.Status.DRAFT
        services.save_article(taken_back)

    with time_machine.travel(OUT_AT + datetime.timedelta(seconds=1), tick=False):
        run_worker()

    done = sorted(
        DBTaskResult.objects.filter(status="SUCCESSFUL").values_list("return_value", flat=True)
    )
    assert done == ["rescheduled or taken back: nothing to do"] * 2
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # next week's


def test_an_article_already_out_queues_nothing(settings, schedule):
    settings.TASKS = DATABASE_TASKS
    with time_machine.travel(NOW, tick=False):
        schedule("Out already", when=NOW - datetime.timedelta(hours=1))

    assert not DBTaskResult.objects.exists()
