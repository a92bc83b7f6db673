"""
The charts' tallies are a stored summary (`OutcomeTally`, `stories.outcomes.tallies`): which
stories count, how the rows are read (in one query, without counting stories, when a page
is shown), rows that are missing or wrong, and `manage.py recount_outcomes`. How each
change moves them is in test_differences.py, and how they stay right in test_consistency.py.
"""

import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command

from cryoinfo.models import Indication
from stories import services
from stories.models import OutcomeTally, StoryRevision
from stories.outcomes import comparison_table, outcome_summary
from tests.factories import UserFactory, make_story
from tests.stories.outcomes.helpers import HUB, LIST, counted, no_group_by, stored

pytestmark = pytest.mark.django_db


# Which stories count


def test_only_public_patient_stories_about_the_indication_count(alice, bob, kidney):
    make_story(alice, days_to_usual_activities=2)
    make_story(bob, days_to_usual_activities=4, indications=("kidney", "liver"))
    for status in ["pending", "changes_requested", "rejected", "withdrawn"]:
        make_story(alice, status=status, days_to_usual_activities=100)
    hidden = make_story(alice, days_to_usual_activities=100)
    for n in range(3):  # hidden by reports, through the services that keep the tallies
        services.report(hidden, UserFactory(username=f"reader{n}"), "Gives advice.")
    services.withdraw(make_story(alice, days_to_usual_activities=100))
    make_story(alice, kind="doctor", days_to_usual_activities=100)
    make_story(alice, indications=("liver",), days_to_usual_activities=100)

    summary = outcome_summary(kidney)

    assert summary.stories == 2
    assert summary["days"].n == 2
    assert summary["days"].median == 3


def test_a_published_story_counts_its_approved_answers_not_an_edit_awaiting_review(alice, kidney):
    story = make_story(alice, days_to_usual_activities=6)
    services.submit(
        story,
        StoryRevision(title="Edited", body="Changed my answer.", days_to_usual_activities=60),
        Indication.objects.filter(slug="kidney"),
    )

    days = outcome_summary(kidney)["days"]

    assert (days.n, days.median) == (1, 6)


# Reading


def test_tallies_are_read_from_one_stored_row_without_counting(
    alice, kidney, django_assert_num_queries
):
    make_story(alice, days_to_usual_activities=5)

    with django_assert_num_queries(1) as summary_queries:
        assert outcome_summary(kidney)["days"].n == 1
    with django_assert_num_queries(1) as table_queries:
        assert comparison_table([kidney])[0]["days"].n == 1

    assert no_group_by(summary_queries) and no_group_by(table_queries)


def test_stored_answers_are_counts_by_question_and_answer(alice, kidney):
    make_story(alice, days_to_usual_activities=5, pain_after_one_week=2, would_recommend="yes")
    make_story(alice, days_to_usual_activities=5, complication="no")
    make_story(alice, indications=("liver",), nights_in_hospital=0)

    rows = stored()

    # Questions nobody answered are left out.
    assert rows["kidney"] == (
        2,
        {"days": {"5": 2}, "pain": {"2": 1}, "complication": {"no": 1}, "recommend": {"yes": 1}},
    )
    assert rows["liver"] == (1, {"nights": {"0": 1}})
    assert rows["lung"] == (0, {})


def test_missing_rows_are_counted_and_stored_once_on_first_read(alice, kidney, recounts):
    make_story(alice, days_to_usual_activities=5)
    OutcomeTally.objects.all().delete()  # as on a database with stories from before them
    recounts.clear()

    assert outcome_summary(kidney)["days"].n == 1
    assert outcome_summary(kidney)["days"].n == 1
    assert comparison_table(Indication.objects.all())[0]["days"].n == 1

    assert len(recounts) == 1
    assert OutcomeTally.objects.count() == 5


def test_a_new_indication_gets_its_row_on_first_read(alice):
    make_story(alice, days_to_usual_activities=5)
    spleen = Indication.objects.create(name="Spleen", slug="spleen", description="A test.")

    rows = {row.indication.slug: row for row in comparison_table(Indication.objects.all())}

    assert (rows["spleen"].stories, rows["kidney"].stories) == (0, 1)
    assert OutcomeTally.objects.filter(indication=spleen).exists()


def test_a_hub_whose_row_is_missing_counts_and_stores_it(client, alice, kidney, recounts):
    make_story(alice, days_to_usual_activities=5)
    OutcomeTally.objects.all().delete()
    recounts.clear()

    first = client.get(HUB).context["outcomes"]
    cache.clear()
    second = client.get(HUB).context["outcomes"]

    assert first["days"].n == second["days"].n == 1
    assert len(recounts) == 1
    assert OutcomeTally.objects.filter(indication=kidney).exists()


@pytest.mark.parametrize("rows", [5, 50])
def test_hub_and_indications_page_read_the_stored_tallies_in_bounded_queries(
    client, rows, django_assert_max_num_queries
):
    authors = [UserFactory() for _ in range(3)]
    for n in range(rows):
        make_story(
            authors[n % 3],
            title=f"Story {n}",
            indications=[("kidney",), ("kidney", "liver"), ("lung",)][n % 3],
            days_to_usual_activities=n,
            pain_after_one_week=n % 11,
            would_recommend=["yes", "no", "unsure"][n % 3],
        )

    # Indications with their stored tallies, articles, stories, the cards' indications.
    with django_assert_max_num_queries(4) as hub:
        response = client.get(HUB)
    assert response.context["outcomes"].stories == len(range(0, rows, 3)) + len(range(1, rows, 3))
    # Indications, the stored tallies.
    with django_assert_max_num_queries(2) as listing:
        response = client.get(LIST)
    assert [row.stories for row in response.context["comparison"]][:3] == [
        len(range(0, rows, 3)) + len(range(1, rows, 3)),
        len(range(1, rows, 3)),
        len(range(2, rows, 3)),
    ]

    assert no_group_by(hub) and no_group_by(listing)


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


def test_the_worker_can_run_the_recount(alice, caplog):
    make_story(alice, indications=("kidney",), days_to_usual_activities=5)
    right = counted()
    OutcomeTally.objects.filter(indication__slug="kidney").update(stories=99)

    with caplog.at_level(logging.WARNING, logger="stories.tasks"):
        call_command("recount_outcomes", "--background")  # tests run tasks at once

    assert stored() == right
    assert "kidney: stored 99 stories, counted 1" in caplog.text
