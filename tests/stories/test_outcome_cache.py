"""The charts' tallies come from the shared cache, and every change to what is public shows."""

import pytest
from django.urls import reverse

from stories import services
from stories.outcomes import comparison_table, outcome_summary
from tests.factories import UserFactory, make_story

pytestmark = pytest.mark.django_db


def test_tallies_are_read_from_the_cache_after_the_first_time(
    alice, kidney, django_assert_num_queries
):
    make_story(alice, days_to_usual_activities=5)
    outcome_summary(kidney)
    comparison_table([kidney])

    with django_assert_num_queries(0):
        assert outcome_summary(kidney)["days"].n == 1
        assert comparison_table([kidney])[0]["days"].n == 1


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
            outcome_summary(kidney)  # cache the hidden state first
            services.dismiss_reports(shown, shown.version, mo)
            expected = before

    assert outcome_summary(kidney)["days"].n == expected
    assert client.get(reverse("indication", args=["kidney"])).status_code == 200
