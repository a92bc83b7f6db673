"""
Each change to what is public moves the stored tallies (`OutcomeTally`) by the difference
one story makes, in the change's transaction: whatever the changes, the rows stay what a
full recount would store, and a decision costs the same few queries at any number of
stories. See `stories.outcomes`.
"""

import importlib
import logging
import threading

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from cryoinfo.models import Indication
from stories import outcomes, services
from stories.models import OutcomeTally, Story, StoryRevision, TaggedStory
from stories.outcomes import tallies
from tests.factories import UserFactory, make_story

pytestmark = pytest.mark.django_db

SLUGS = ["kidney", "liver", "lung", "bone", "nerve-pain"]
BODY = "I had my kidney tumour frozen last spring and went home the next day."


def stored() -> dict[str, tuple[int, dict]]:
    return {
        row.indication.slug: (row.stories, row.answers)
        for row in OutcomeTally.objects.select_related("indication")
    }


def counted() -> dict[str, tuple[int, dict]]:
    """What a full recount would store, without storing it."""
    counts = tallies._tally(TaggedStory.objects.all())
    return {
        indication.slug: (
            counts.get(indication.pk, tallies._Tally()).stories,
            tallies._encode(counts.get(indication.pk, tallies._Tally())),
        )
        for indication in Indication.objects.all()
    }


def edit(story: Story, *, indications, kind="patient", **answers) -> Story:
    """The author submits a new version of the post, as the edit form does."""
    story = Story.objects.get(pk=story.pk)
    story.kind = kind
    revision = StoryRevision(title="Home the next day", body=BODY, **answers)
    return services.submit(story, revision, Indication.objects.filter(slug__in=indications))


def hide(story: Story) -> None:
    for n in range(3):
        services.report(story, UserFactory(username=f"reader{n}"), "Gives advice.")


# An approved edit


def test_an_approved_edit_moves_answers_and_indications(alice, mo):
    story = make_story(
        alice, indications=("kidney", "liver"), days_to_usual_activities=5, would_recommend="yes"
    )
    make_story(alice, indications=("kidney",), days_to_usual_activities=5)
    assert stored()["kidney"] == (2, {"days": {"5": 2}, "recommend": {"yes": 1}})

    edited = edit(
        story, indications=("kidney", "lung"), days_to_usual_activities=10, pain_after_one_week=3
    )
    # Waiting for review, the approved version still counts.
    assert stored()["kidney"] == (2, {"days": {"5": 2}, "recommend": {"yes": 1}})
    assert stored() == counted()

    services.approve(edited, edited.version, mo)

    assert stored()["kidney"] == (2, {"days": {"5": 1, "10": 1}, "pain": {"3": 1}})
    assert stored()["liver"] == (0, {})
    assert stored()["lung"] == (1, {"days": {"10": 1}, "pain": {"3": 1}})
    assert stored() == counted()


def test_a_refused_edit_leaves_the_approved_version_counting(alice, mo):
    story = make_story(alice, indications=("kidney",), days_to_usual_activities=5)
    edited = edit(story, indications=("lung",), days_to_usual_activities=10)

    services.reject(edited, edited.version, mo, "advice", "")

    assert (stored()["kidney"], stored()["lung"]) == ((1, {"days": {"5": 1}}), (0, {}))
    assert stored() == counted()


def test_an_edit_into_a_doctors_insight_stops_counting_at_once(alice):
    # The kind is the post's, not the version's: it changes when the edit is submitted.
    story = make_story(alice, days_to_usual_activities=5)

    edit(story, indications=("kidney",), kind="doctor")

    assert stored()["kidney"] == (0, {})
    assert stored() == counted()


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


# Queries per decision, at two numbers of stories

# Each decision's queries, a few more than it ran when this was written (SQLite and
# PostgreSQL alike, savepoints included): the post, its versions and reports, the search
# index, the log. The tallies' part is at most 6 (the post and its tags before and after
# the change, then locking and writing the rows), whatever the number of stories.
DECISIONS = {
    "approve": 42,
    "approve edit": 40,
    "reject": 22,
    "withdraw": 17,
    "hide": 22,  # by the third report
    "dismiss": 29,
    "delete": 25,
}


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize("others", [5, 50])
def test_a_decision_runs_the_same_few_queries_whatever_the_number_of_stories(
    alice, bob, mo, decision, others, django_assert_max_num_queries
):
    for n in range(others):
        make_story(
            bob,
            indications=[("kidney",), ("kidney", "liver")][n % 2],
            days_to_usual_activities=n,
            would_recommend="yes",
        )
    story = make_story(
        alice,
        status="pending" if decision == "approve" else "approved",
        indications=("kidney", "liver"),
        days_to_usual_activities=5,
        pain_after_one_week=2,
    )
    if decision == "approve edit":
        story = edit(story, indications=("kidney", "lung"), days_to_usual_activities=8)
    if decision == "reject":  # a reported post, still up
        services.report(story, UserFactory(username="reader"), "Gives advice.")
    if decision == "dismiss":
        hide(story)
    if decision == "hide":  # by the third report
        services.report(story, UserFactory(username="reader1"), "Gives advice.")
        services.report(story, UserFactory(username="reader2"), "Gives advice.")
        third = UserFactory(username="reader3")
    story.refresh_from_db()

    with django_assert_max_num_queries(DECISIONS[decision]) as captured:
        if decision.startswith("approve"):
            services.approve(story, story.version, mo)
        elif decision == "reject":
            services.reject(story, story.version, mo, "advice", "")
        elif decision == "withdraw":
            services.withdraw(story)
        elif decision == "hide":
            services.report(story, third, "Gives advice.")
        elif decision == "dismiss":
            services.dismiss_reports(story, story.version, mo)
        elif decision == "delete":
            story.delete()

    sql = [query["sql"].upper() for query in captured.captured_queries]
    assert not any("GROUP BY" in query for query in sql)  # no recount
    assert sum("OUTCOMETALLY" in query for query in sql) == 2  # lock, then write
    assert stored() == counted()


# Rows that are missing or wrong


@pytest.mark.parametrize("change", ["approve", "withdraw", "delete"])
def test_a_change_stores_a_missing_row_counted_for_its_indication(alice, mo, recounts, change):
    make_story(alice, indications=("kidney",), days_to_usual_activities=5)
    story = make_story(
        alice, status="pending" if change == "approve" else "approved", days_to_usual_activities=9
    )
    OutcomeTally.objects.filter(indication__slug="kidney").delete()

    if change == "approve":
        services.approve(story, story.version, mo)
    elif change == "withdraw":
        services.withdraw(story)
    else:
        story.delete()

    expected = {
        "approve": (2, {"days": {"5": 1, "9": 1}}),
        "withdraw": (1, {"days": {"5": 1}}),
        "delete": (1, {"days": {"5": 1}}),
    }
    assert stored()["kidney"] == expected[change]
    assert stored() == counted()
    assert recounts == []


def test_a_story_about_a_new_indication_gives_it_a_row(alice, mo):
    Indication.objects.create(name="Spleen", slug="spleen", description="A test.")
    pending = make_story(alice, status="pending", indications=("spleen",), nights_in_hospital=1)

    services.approve(pending, pending.version, mo)

    assert stored()["spleen"] == (1, {"nights": {"1": 1}})


def test_a_row_that_would_go_below_zero_stays_at_zero_and_says_so(alice, caplog):
    story = make_story(alice, days_to_usual_activities=5)
    OutcomeTally.objects.filter(indication__slug="kidney").update(stories=0, answers={})

    with caplog.at_level(logging.WARNING, logger="stories.outcomes"):
        services.withdraw(story)

    assert stored()["kidney"] == (0, {})
    assert "run manage.py recount_outcomes" in caplog.text


def test_recount_outcomes_repairs_rows_that_drifted(alice, capsys):
    make_story(alice, indications=("kidney", "liver"), days_to_usual_activities=5)
    make_story(alice, indications=("kidney",), would_recommend="no")
    right = counted()
    OutcomeTally.objects.filter(indication__slug="kidney").update(
        stories=99, answers={"days": {"1": 7}}
    )
    OutcomeTally.objects.filter(indication__slug="lung").update(answers={"pain": {"3": 1}})
    OutcomeTally.objects.filter(indication__slug="liver").delete()

    call_command("recount_outcomes")

    assert stored() == right
    assert right["kidney"] == (2, {"days": {"5": 1}, "recommend": {"no": 1}})
    output = capsys.readouterr().out
    assert "kidney: stored 99 stories, counted 2" in output
    assert "liver: no stored row; counted 1 stories" in output
    assert "lung: 0 stories, but the stored answers differed" in output
    assert "Recounted 5 indication(s); 3 were out of step." in output


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
