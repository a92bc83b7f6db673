"""
The stored tallies stay what a full recount would store, however the changes come: any
sequence of them, changes inside transactions and savepoints that commit or roll back, a
failed update that undoes its decision, a hub page rendered while a change is in flight,
and two decisions at once about one indication (on PostgreSQL).
"""

import importlib
import threading

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from cryoinfo.models import Indication
from stories import outcomes, services
from stories.models import Story, StoryRevision
from tests.factories import UserFactory, make_story
from tests.stories.outcomes.helpers import (
    BODY,
    HUB,
    SLUGS,
    assert_stored_tallies_are_fresh,
    counted,
    edit,
    hide,
    stored,
)

pytestmark = pytest.mark.django_db


# Any sequence of changes

OPERATIONS = [
    "submit", "edit", "approve", "request changes", "reject", "withdraw", "hide", "dismiss",
    "follow up", "delete", "delete account",
]  # fmt: skip
ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        "days_to_usual_activities": st.integers(0, 40),
        "nights_in_hospital": st.integers(0, 3),
        "pain_after_one_week": st.integers(0, 10),
        "complication": st.sampled_from(["yes", "no", "unsure", ""]),
        "would_recommend": st.sampled_from(["yes", "no", "unsure", ""]),
    },
)
STEPS = st.lists(
    st.tuples(
        st.sampled_from(OPERATIONS),
        st.integers(0, 20),  # which post, or which author
        st.sets(st.sampled_from(SLUGS), max_size=3),
        st.sampled_from(["patient", "patient", "doctor"]),
        ANSWERS,
    ),
    min_size=1,
    max_size=12,
)


def run(step, authors: list, mo) -> None:
    """One change, through the services (or a deletion); ones that do not apply are skipped."""
    operation, n, indications, kind, answers = step
    posts = list(Story.objects.order_by("pk"))
    story = posts[n % len(posts)] if posts else None
    if operation == "submit" or story is None:
        author = authors[n % len(authors)]
        revision = StoryRevision(title="Home the next day", body=BODY, **answers)
        services.submit(
            Story(author=author, kind=kind),
            revision,
            Indication.objects.filter(slug__in=indications),
        )
    elif operation == "edit":
        if story.editable:
            edit(story, indications=indications, kind=kind, **answers)
    elif operation == "follow up":
        if story.is_public and story.parent_id is None:
            revision = StoryRevision(title="Update", body=BODY, **answers)
            followup = Story(author=story.author, parent=story)
            followup = services.submit(
                followup, revision, Indication.objects.filter(slug__in=indications)
            )
            services.approve(followup, followup.version, mo)
    elif operation == "delete":
        story.delete()
    elif operation == "delete account":
        index = n % len(authors)
        authors[index].delete()
        authors[index] = UserFactory()
    else:
        try:
            if operation == "approve":
                services.approve(story, story.version, mo)
            elif operation == "request changes":
                services.request_changes(story, story.version, mo, "Please add the year.")
            elif operation == "reject":
                services.reject(story, story.version, mo, "advice", "")
            elif operation == "withdraw":
                services.withdraw(story)
            elif operation == "hide":
                if story.is_public:
                    hide(story)
            elif operation == "dismiss":
                services.dismiss_reports(story, story.version, mo)
        except (services.AlreadyDecided, services.NotWithdrawable, services.AlreadyReported):
            pass


def test_after_any_sequence_of_changes_the_stored_tallies_equal_a_recount(mo, recounts):
    @settings(max_examples=25, derandomize=True, database=None, deadline=None)
    @given(steps=STEPS)
    def changes(steps):
        with transaction.atomic():  # each example starts from no stories
            authors = [UserFactory() for _ in range(3)]
            for step in steps:
                run(step, authors, mo)
                assert stored() == counted(), step
            transaction.set_rollback(True)

    changes()
    assert recounts == []


# The counts move in the change's transaction


def test_changes_move_the_stored_counts_within_their_transaction(alice, mo, committed, recounts):
    stories = [make_story(alice, status="pending", days_to_usual_activities=n) for n in range(3)]
    recounts.clear()

    with committed(), transaction.atomic():
        for story in stories:
            services.approve(story, story.version, mo)
        assert stored()["kidney"][0] == 3  # before the commit, with the changes
    assert recounts == []
    assert stored()["kidney"][0] == 3

    with committed():
        services.withdraw(stories[0])  # a transaction of its own

    assert recounts == []
    assert stored()["kidney"][0] == 2
    assert_stored_tallies_are_fresh()


def test_a_change_in_a_savepoint_rolled_back_leaves_the_counts_as_they_were(alice, mo, committed):
    failed = make_story(alice, status="pending", days_to_usual_activities=3)
    kept = make_story(alice, status="pending", days_to_usual_activities=4)

    with committed(), transaction.atomic():
        try:
            with transaction.atomic():
                services.approve(failed, failed.version, mo)
                raise RuntimeError("this part fails")
        except RuntimeError:
            pass
        services.approve(kept, kept.version, mo)

    assert stored()["kidney"] == (1, {"days": {"4": 1}})
    assert_stored_tallies_are_fresh()


def test_a_change_in_a_transaction_rolled_back_leaves_the_counts_as_they_were(alice, mo, committed):
    shown = make_story(alice, days_to_usual_activities=5)
    before = stored()

    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        services.withdraw(shown)
        assert stored()["kidney"][0] == 0
        raise RuntimeError("the change failed")

    assert stored() == before


def test_a_failed_tally_update_undoes_the_decision(alice, mo, committed, monkeypatch):
    """The counts and the change commit together, or not at all."""
    pending = make_story(alice, status="pending", days_to_usual_activities=5)
    before = stored()

    def fail(story_pk, before, after):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(outcomes, "apply_difference", fail)
    with committed(), pytest.raises(RuntimeError):
        services.approve(pending, pending.version, mo)

    pending.refresh_from_db()
    assert pending.status == "pending"
    assert stored() == before


def test_a_hub_page_rendered_during_a_change_is_not_kept_after_it(client, alice, committed):
    for days in range(1, 7):
        make_story(alice, days_to_usual_activities=days)
    doomed = make_story(alice, days_to_usual_activities=30)
    assert client.get(HUB)["X-Page-Cache"] == "miss"
    assert client.get(HUB)["X-Page-Cache"] == "hit"

    with committed():
        doomed.delete()
        # A reader between the change and its commit. In production they would see the
        # counts from before it (here, sharing the test's connection, the new ones).
        assert Client().get(HUB)["X-Page-Cache"] == "miss"
        assert client.get(HUB)["X-Page-Cache"] == "hit"  # that page is kept...

    response = client.get(HUB)
    assert response["X-Page-Cache"] == "miss"  # ...but not after the commit
    assert "From 6 published patient stories" in response.content.decode()


# Two decisions at once


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_about_one_indication_both_count(monkeypatch):
    """
    Real concurrency: the first decision holds its transaction open after writing the
    kidney row; the second, on another story, must wait for it rather than write over it.
    """
    if connection.vendor == "sqlite":
        pytest.skip("needs a server database; SQLite lets one writer in at a time")
    # Transactional tests empty the tables afterwards, migration data included.
    migration = importlib.import_module("cryoinfo.migrations.0002_create_indications")
    migration.create_indications(apps, None)
    author, moderator = UserFactory(username="author"), UserFactory(username="moderator")
    first, second = (
        make_story(author, status="pending", days_to_usual_activities=days) for days in (3, 4)
    )
    outcomes.refresh_tallies()
    written, go_on = threading.Event(), threading.Event()
    apply_difference = outcomes.apply_difference

    def applying(story_pk, before, after):
        changed = apply_difference(story_pk, before, after)
        if threading.current_thread().name == "first":
            written.set()
            go_on.wait(timeout=10)  # the transaction stays open, the row locked
        return changed

    monkeypatch.setattr(outcomes, "apply_difference", applying)
    finished = []

    def approve(story) -> None:
        from django.db import connection as thread_connection

        try:
            services.approve(Story.objects.get(pk=story.pk), story.version, moderator)
            finished.append(story.pk)
        finally:
            thread_connection.close()

    holder = threading.Thread(target=approve, args=(first,), name="first")
    holder.start()
    assert written.wait(timeout=10)
    waiter = threading.Thread(target=approve, args=(second,), name="second")
    waiter.start()
    waiter.join(timeout=1)
    waited = waiter.is_alive()  # for the kidney row's lock
    go_on.set()
    holder.join()
    waiter.join()

    assert waited
    assert sorted(finished) == sorted([first.pk, second.pk])
    assert stored()["kidney"] == (2, {"days": {"3": 1, "4": 1}})
    assert stored() == counted()
