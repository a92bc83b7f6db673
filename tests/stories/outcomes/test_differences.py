"""
Each change to what is public moves the stored tallies (`OutcomeTally`) by the difference
one story makes (`stories.outcomes.tallies.apply_difference`), without a recount: approving,
withdrawing, rejecting, hiding and restoring a post, an edit, deleting a post or an account;
and a decision costs the same few queries at any number of stories.
"""

import pytest
from django.urls import reverse

from cryoinfo.models import Indication
from stories import services
from stories.outcomes import outcome_summary
from tests.factories import UserFactory, make_story
from tests.stories.outcomes.helpers import (
    HUB,
    PASSWORD,
    assert_stored_tallies_are_fresh,
    client_for,
    counted,
    edit,
    hide,
    stored,
)

pytestmark = pytest.mark.django_db


# Every change moves the stored counts, without a recount


@pytest.mark.parametrize("change", ["approve", "withdraw", "reject", "hide", "restore"])
def test_every_change_to_what_is_public_shows_at_once(client, alice, mo, kidney, change):
    shown = make_story(alice, days_to_usual_activities=5)
    pending = make_story(alice, status="pending", days_to_usual_activities=9)
    before = outcome_summary(kidney)["days"].n
    if change == "approve":
        services.approve(pending, pending.version, mo)
        expected = before + 1
    elif change == "withdraw":
        services.withdraw(shown)
        expected = before - 1
    elif change == "reject":
        services.reject(shown, shown.version, mo, "advice", "")
        expected = before - 1
    else:
        for n in range(3):
            services.report(shown, UserFactory(username=f"r{n}"), "Spam")
        expected = before - 1
        if change == "restore":
            shown.refresh_from_db()
            outcome_summary(kidney)  # read the hidden state first
            services.dismiss_reports(shown, shown.version, mo)
            expected = before

    assert outcome_summary(kidney)["days"].n == expected
    assert client.get(reverse("indication", args=["kidney"])).status_code == 200


@pytest.mark.parametrize(
    ("change", "kidney_stories"),
    [
        ("approve", 3),
        ("withdraw", 1),
        ("reject", 1),
        ("hide", 1),
        ("dismiss", 2),
        ("delete story", 1),
        ("delete account", 1),
    ],
)
def test_stored_tallies_equal_a_fresh_count_after_each_change(
    client, alice, bob, mo, admin, committed, recounts, change, kidney_stories
):
    shown = make_story(alice, days_to_usual_activities=5, would_recommend="yes")
    make_story(bob, days_to_usual_activities=12, indications=("kidney", "liver"))
    pending = make_story(bob, status="pending", days_to_usual_activities=9)
    if change == "dismiss":
        for n in range(3):
            services.report(shown, UserFactory(username=f"r{n}"), "Spam")
        shown.refresh_from_db()
    assert outcome_summary(Indication.objects.get(slug="kidney")).stories == 2 - (
        change == "dismiss"
    )
    recounts.clear()

    with committed():
        if change == "approve":
            services.approve(pending, pending.version, mo)
        elif change == "withdraw":
            services.withdraw(shown)
        elif change == "reject":
            services.reject(shown, shown.version, mo, "advice", "")
        elif change == "hide":
            for n in range(3):
                services.report(shown, UserFactory(username=f"r{n}"), "Spam")
        elif change == "dismiss":
            services.dismiss_reports(shown, shown.version, mo)
        elif change == "delete story":
            client.force_login(admin)
            response = client.post(
                reverse("admin:stories_story_delete", args=[shown.pk]), {"post": "yes"}
            )
            assert response.status_code == 302
        elif change == "delete account":
            client.force_login(alice)
            response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
            assert response.status_code == 302

    assert recounts == []
    assert stored()["kidney"][0] == kidney_stories
    assert stored()["liver"][0] == 1
    assert_stored_tallies_are_fresh()


def test_deleting_an_account_with_many_stories_needs_no_recount(client, alice, committed, recounts):
    for days in range(6):
        make_story(alice, days_to_usual_activities=days, indications=("kidney", "lung"))
    make_story(alice, status="pending")
    assert stored()["lung"][0] == 6
    recounts.clear()

    with committed():
        client.force_login(alice)
        client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert recounts == []
    assert (stored()["kidney"][0], stored()["lung"][0]) == (0, 0)
    assert_stored_tallies_are_fresh()


def test_a_newly_approved_story_counts_on_the_hub_at_once(client, alice, mo, committed):
    for days in range(1, 5):
        make_story(alice, days_to_usual_activities=days)
    pending = make_story(alice, status="pending", days_to_usual_activities=5)
    page = client.get(HUB).content.decode()
    assert "From 4 published patient stories about kidney tumours." in page
    assert "Not enough answers yet to show a chart (n = 4" in page

    with committed():
        moderator = client_for(mo)
        response = moderator.post(
            reverse("moderation:decide", args=[pending.pk]),
            {"action": "approve", "version": pending.version},
        )
        assert response.status_code == 302

    response = client.get(HUB)
    page = response.content.decode()
    assert response.context["outcomes"]["days"].n == 5
    assert "From 5 published patient stories about kidney tumours." in page
    assert 'id="chart-days-title"' in page


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
