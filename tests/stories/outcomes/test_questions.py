"""
The arithmetic behind the charts (`stories.outcomes.questions`): medians, rounded shares,
each question's bins and shares as counted from the answers, the five answers a chart
needs, and the numbers written out for a chart.
"""

import pytest

from stories.outcomes import QUESTIONS, median, outcome_summary, percent, summarise
from tests.factories import make_story
from tests.stories.outcomes.helpers import bars, stories_with

pytestmark = pytest.mark.django_db


# Medians and shares


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, None),
        ({4: 1}, 4),
        ({1: 1, 3: 1, 5: 1, 8: 1, 10: 1, 30: 1}, 6.5),
        ({1: 1, 3: 1, 5: 1, 8: 1, 10: 1}, 5),
        ({2: 3, 9: 1}, 2),  # 2 2 2 9
        ({0: 2, 7: 2}, 3.5),  # 0 0 7 7
        ({7: 2, 0: 2}, 3.5),  # the order the counts come in does not matter
    ],
)
def test_median_of_counted_values(counts, expected):
    assert median(counts) == expected


def test_percent_rounds_halves_up():
    assert [percent(1, 6), percent(1, 8), percent(2, 3), percent(0, 0)] == [17, 13, 67, 0]


def test_chart_numbers_are_written_as_plain_digits():
    days = summarise(QUESTIONS[0], {5: 1234, 40: 8766})

    assert [(bar.count, bar.percent) for bar in days.bars] == [
        (0, 0), (1234, 12), (0, 0), (0, 0), (8766, 88),
    ]  # fmt: skip
    assert (days.n, days.figure, days.height) == (10000, "40 days", 240)
    assert days.description == (
        "10000 people answered. 0–3 days: 0 (0%). 4–7 days: 1234 (12%). 8–14 days: 0 (0%). "
        "15–28 days: 0 (0%). 29 days or more: 8766 (88%). Median 40 days."
    )


# Each question's bins and shares


def test_days_chart_bins_and_median(alice, kidney):
    stories_with(alice, "days_to_usual_activities", [1, 3, 5, 8, 10, 30])

    days = outcome_summary(kidney)["days"]

    assert days.n == 6
    assert bars(days) == [
        ("0–3 days", 2, 33),
        ("4–7 days", 1, 17),
        ("8–14 days", 2, 33),
        ("15–28 days", 0, 0),
        ("29 days or more", 1, 17),
    ]
    assert days.median == 6.5
    assert days.median_text == "6.5 days"


def test_nights_and_pain_charts(alice, kidney):
    for nights, pain in [(0, 0), (1, 2), (1, 3), (2, 5), (3, 6), (7, 9), (None, 10)]:
        make_story(alice, nights_in_hospital=nights, pain_after_one_week=pain)

    summary = outcome_summary(kidney)

    nights = summary["nights"]
    assert nights.n == 6
    assert [bar.count for bar in nights.bars] == [1, 2, 1, 2]
    assert nights.median == 1.5
    assert nights.median_text == "1.5 nights"
    pain = summary["pain"]
    assert pain.n == 7
    assert [bar.count for bar in pain.bars] == [2, 2, 1, 2]
    assert pain.median == 5
    assert pain.median_text == "5 out of 10"


def test_yes_no_not_sure_shares_count_only_those_who_answered(alice, kidney):
    for complication, recommend in [
        ("yes", "yes"),
        ("no", "yes"),
        ("no", "yes"),
        ("no", "no"),
        ("unsure", "unsure"),
        ("no", ""),
        ("", ""),
    ]:
        make_story(alice, complication=complication, would_recommend=recommend)

    summary = outcome_summary(kidney)

    assert summary.stories == 7
    assert summary["complication"].n == 6
    assert bars(summary["complication"]) == [("Yes", 1, 17), ("No", 4, 67), ("Not sure", 1, 17)]
    assert summary["complication"].yes_percent == 17
    assert summary["recommend"].n == 5
    assert bars(summary["recommend"]) == [("Yes", 3, 60), ("No", 1, 20), ("Not sure", 1, 20)]
    assert summary["recommend"].yes_percent == 60


def test_a_chart_needs_five_answers(alice, kidney):
    stories_with(alice, "days_to_usual_activities", [1, 2, 3, 4])
    stories_with(alice, "nights_in_hospital", [0, 1, 1, 2, 2])

    summary = outcome_summary(kidney)

    assert (summary["days"].n, summary["days"].enough) == (4, False)
    assert (summary["nights"].n, summary["nights"].enough) == (5, True)
    assert summary["pain"].n == 0 and not summary["pain"].enough
