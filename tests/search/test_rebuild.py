"""Rebuilding the search index: batches, only when needed, one instance at a time."""

import threading
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search import index
from search.backends import search
from search.index import rebuild
from search.models import IndexState, SearchEntry
from search.tasks import rebuild_index
from stories.models import Story
from tests.factories import ArticleFactory, make_story

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return sorted(entry.title for entry in search(query)[0:50])


def stories(author, count: int, word: str = "snowdrop") -> list[Story]:
    return [make_story(author, title=f"{word.title()} {n}") for n in range(count)]


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("rebuild_search_index", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_batches_index_every_public_page_and_leave_the_rest(alice):
    stories(alice, 5)
    make_story(alice, title="Snowdrop pending", status="pending")
    make_story(alice, title="Snowdrop withdrawn", status="withdrawn")
    ArticleFactory(title="Snowdrop article")
    SearchEntry.objects.all().delete()

    assert rebuild(batch=2) == 6
    assert titles("snowdrop") == ["Snowdrop 0", "Snowdrop 1", "Snowdrop 2", "Snowdrop 3",
                                  "Snowdrop 4", "Snowdrop article"]  # fmt: skip
    entry = SearchEntry.objects.get(title="Snowdrop 0")
    assert [i.slug for i in entry.indications.all()] == ["kidney"]


def test_a_rebuild_mends_drift_and_leaves_equal_entries_alone(alice):
    kept, renamed, hidden, *_ = stories(alice, 4)
    kept_entry = SearchEntry.objects.get(object_id=kept.pk, kind="story")
    # Changes made behind the services' back, as a hand edit or a lost update would.
    SearchEntry.objects.filter(object_id=renamed.pk).update(title="Wrong")
    Story.objects.filter(pk=hidden.pk).update(hidden=True)
    SearchEntry.objects.filter(object_id=kept.pk).first().indications.clear()
    SearchEntry.objects.create(kind="story", object_id=99_999, title="Ghost", url="/",
                               published_at=timezone.now(), label="Patient story")  # fmt: skip

    rebuild(batch=2)

    assert titles("snowdrop") == ["Snowdrop 0", "Snowdrop 1", "Snowdrop 3"]
    assert not SearchEntry.objects.filter(title__in=["Wrong", "Ghost"]).exists()
    entry = SearchEntry.objects.get(object_id=kept.pk, kind="story")
    assert entry.pk == kept_entry.pk  # rewritten in place, not dropped and added
    assert [i.slug for i in entry.indications.all()] == ["kidney"]


def test_queries_grow_with_batches_not_with_pages(alice):
    def queries(batch: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            rebuild(batch=batch)
        return len(captured)

    stories(alice, 6)
    rebuild()  # the state row exists from here on
    SearchEntry.objects.all().delete()
    first = queries(batch=100)  # one batch writing six entries
    SearchEntry.objects.all().delete()
    stories(alice, 6, word="crocus")
    SearchEntry.objects.all().delete()

    assert queries(batch=100) == first  # still one batch, twelve entries
    assert SearchEntry.objects.count() == 12
    SearchEntry.objects.all().delete()
    assert queries(batch=6) > first  # two batches: more queries, each a transaction


def test_start_up_rebuilds_only_an_empty_or_outdated_index(alice, monkeypatch):
    stories(alice, 2)
    SearchEntry.objects.all().delete()

    assert "rebuilt: 2 pages" in run("--if-needed")  # empty
    assert "up to date (format 1)" in run("--if-needed")  # built, same format
    SearchEntry.objects.update(title="Stale")

    assert "up to date" in run("--if-needed")  # not a repair: rebuild_search_index is
    monkeypatch.setattr(index, "FORMAT", 2)
    assert "rebuilt: 2 pages" in run("--if-needed")  # the format changed
    assert IndexState.objects.get().format == 2
    assert titles("snowdrop") == ["Snowdrop 0", "Snowdrop 1"]


def test_a_second_instance_leaves_a_live_rebuild_alone(alice):
    stories(alice, 2)
    SearchEntry.objects.all().delete()
    IndexState.objects.update_or_create(
        pk=1, defaults={"builder": "web-2:41", "heartbeat": timezone.now()}
    )

    assert rebuild() is None
    assert "Another instance (web-2:41) is rebuilding" in run()
    assert not SearchEntry.objects.exists()

    IndexState.objects.filter(pk=1).update(heartbeat=timezone.now() - index.STALE * 2)
    assert rebuild() == 2  # a silent builder is taken over
    assert IndexState.objects.get().builder == ""


def test_a_builder_taken_over_stops_and_keeps_nothing_of_its_batch(alice, monkeypatch):
    stories(alice, 3)
    SearchEntry.objects.all().delete()
    source = index._SOURCES["story"]

    def overtaken(after, upto, limit):
        IndexState.objects.filter(pk=1).update(builder="someone else")
        return source.pages(after, upto, limit)

    monkeypatch.setitem(index._SOURCES, "story", replace(source, pages=overtaken))

    with pytest.raises(index.Overtaken):
        rebuild(batch=2)
    assert not SearchEntry.objects.exists()


def test_the_worker_can_run_it(alice):
    stories(alice, 2)
    SearchEntry.objects.all().delete()

    assert "queued" in run("--background")  # tests run tasks at once
    assert titles("snowdrop") == ["Snowdrop 0", "Snowdrop 1"]
    assert rebuild_index.enqueue(force=False).return_value is None  # not needed now


@pytest.mark.django_db(transaction=True)
def test_two_instances_starting_together_rebuild_once(alice):
    if connection.vendor == "sqlite":
        pytest.skip("needs a server database; SQLite lets one writer in at a time")
    stories(alice, 3)
    SearchEntry.objects.all().delete()
    barrier = threading.Barrier(2)
    results = []

    def start():
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            results.append(rebuild(force=False, batch=1))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results, key=str) == [3, None]
    assert SearchEntry.objects.count() == 3


def test_ids_are_shared_out_between_workers_without_gap_or_overlap():
    assert index._ranges(999, 1) == [(0, None)]
    assert index._ranges(999, 2) == [(0, 500), (500, None)]
    assert index._ranges(10, 3) == [(0, 4), (4, 8), (8, None)]


@pytest.mark.django_db(transaction=True)
def test_two_workers_index_every_page_once_and_drop_the_stale(alice):
    if connection.vendor == "sqlite":
        pytest.skip("needs a server database; SQLite lets one writer in at a time")
    made = stories(alice, 7)
    Story.objects.filter(pk=made[3].pk).update(hidden=True)  # public no more
    SearchEntry.objects.filter(object_id=made[5].pk).delete()  # missing
    SearchEntry.objects.filter(object_id=made[6].pk).update(title="Wrong")  # drifted

    assert rebuild(batch=2, workers=2) == 6
    assert titles("snowdrop") == [f"Snowdrop {n}" for n in (0, 1, 2, 4, 5, 6)]
    assert SearchEntry.objects.filter(kind="story").count() == 6
