"""
The charts' tallies are a stored summary (`OutcomeTally`), moved by the difference each
change to what is public makes, in the change's transaction, and read in one query, without
counting stories, when a page is shown. See also test_outcome_differences.py.
"""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from cryoinfo.models import Indication
from stories import outcomes, services
from stories.models import OutcomeTally
from stories.outcomes import comparison_table, outcome_summary, refresh_tallies
from tests.factories import UserFactory, make_story

pytestmark = pytest.mark.django_db

HUB = "/indications/kidney/"
LIST = reverse("indication_list")
PASSWORD = "correct horse battery staple"  # UserFactory's

# Taken when this module is imported, before tests/stories/conftest.py makes on_commit run
# callbacks at once for each test.
REAL_ON_COMMIT = transaction.on_commit


@pytest.fixture
def committed(monkeypatch, django_capture_on_commit_callbacks):
    """
    A block whose on-commit callbacks wait, as in production, until it ends, then run in
    order as after a commit (the test's own transaction never commits).
    """

    @contextmanager
    def block():
        with monkeypatch.context() as patched:
            patched.setattr("django.db.transaction.on_commit", REAL_ON_COMMIT)
            with django_capture_on_commit_callbacks(execute=True):
                yield

    return block


def stored() -> dict[str, tuple[int, dict]]:
    return {
        row.indication.slug: (row.stories, row.answers)
        for row in OutcomeTally.objects.select_related("indication")
    }


def assert_stored_tallies_are_fresh() -> None:
    """What is stored is what counting the stories again gives."""
    kept = stored()
    refresh_tallies()
    assert kept == stored()
    assert set(kept) == {"kidney", "liver", "lung", "bone", "nerve-pain"}


def no_group_by(captured) -> bool:
    return not any("GROUP BY" in query["sql"].upper() for query in captured.captured_queries)


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


def client_for(user):
    other = Client()
    other.force_login(user)
    return other


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


# Queries at request time


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
