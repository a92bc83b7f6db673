"""The moderation desk: filters with counts, order, the next item, edits compared, figures."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from stories import community, services
from stories.models import ModerationDecision, Story, StoryRevision
from stories.selectors import moderation_figures
from tests.factories import UserFactory, make_story
from tests.stories.helpers_moderation import QUEUE

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [story.current.title for story in response.context["stories"]]


def reply_to(story, author, body="Thank you for this. How long were you tired for?"):
    return community.submit_answer(story, author, "reply", body)


@pytest.fixture
def queue(alice, bob, dr_dee, mo):
    """A story about the kidney with a reply and a response waiting, and a new liver story."""
    kidney_story = make_story(alice, title="Kidney, published", moderator=mo)
    reply_to(kidney_story, bob)
    community.submit_answer(
        kidney_story, dr_dee, "response", "Feeling tired for a few weeks is common. " * 3
    )
    make_story(bob, title="Liver, waiting", status="pending", indications=("liver",))
    return kidney_story


def test_the_queue_filters_by_kind_with_a_count_for_each(client, queue, mo):
    client.force_login(mo)

    response = client.get(QUEUE + "?kind=reply")

    assert titles(response) == ["Reply to “Kidney, published”"]
    kinds = dict((text, count) for text, _, count, _ in response.context["filters"][0][1])
    assert kinds == {"All kinds": 3, "Patient stories": 1, "Doctor insights": 0,
                     "Clinician responses": 1, "Replies": 1}  # fmt: skip
    assert 'aria-current="true">Replies <span class="chip__count">1</span>' in (
        response.content.decode()
    )


def test_an_answer_is_found_under_the_indication_of_the_post_it_answers(client, queue, mo):
    client.force_login(mo)

    assert sorted(titles(client.get(QUEUE + "?indication=kidney"))) == [
        "Reply to “Kidney, published”",
        "Response to “Kidney, published”",
    ]
    assert titles(client.get(QUEUE + "?indication=liver")) == ["Liver, waiting"]


def test_flags_pick_out_safety_reports_edits_and_updates(client, alice, bob, mo):
    edited = make_story(alice, title="Edited later", moderator=mo)
    services.submit(edited, StoryRevision(title="Edited later", body="New words " * 10), [])
    reported = make_story(bob, title="Reported one", moderator=mo)
    services.report(reported, UserFactory(), "This looks like an advert.")
    make_story(bob, status="pending", title="Worrying", body="I want to end my life now.")
    client.force_login(mo)

    assert titles(client.get(QUEUE + "?flag=edit")) == ["Edited later"]
    assert titles(client.get(QUEUE + "?flag=reported")) == ["Reported one"]
    assert titles(client.get(QUEUE + "?flag=safety")) == ["Worrying"]
    # Flagged for safety comes first, then the oldest; "newest first" turns the rest round.
    assert titles(client.get(QUEUE)) == ["Worrying", "Edited later", "Reported one"]
    assert titles(client.get(QUEUE + "?order=newest")) == [
        "Worrying",
        "Reported one",
        "Edited later",
    ]


def test_after_a_decision_the_next_item_in_the_same_filter_opens(client, queue, bob, mo):
    second = reply_to(queue, UserFactory(), "Another reply, sent after the first one.")
    first = Story.objects.get(kind="reply", author=bob)
    client.force_login(mo)

    response = client.post(
        reverse("moderation:decide", args=[first.pk]) + "?kind=reply",
        {"action": "approve", "version": first.version},
    )

    assert response["Location"] == reverse("moderation:review", args=[second.pk]) + "?kind=reply"
    page = client.get(response["Location"]).content.decode()
    assert (
        "Published: “Reply to “Kidney, published”” is now on the site, and Bob has been told."
        in page
    )
    response = client.post(
        reverse("moderation:decide", args=[second.pk]) + "?kind=reply",
        {"action": "approve", "version": Story.objects.get(pk=second.pk).version},
    )
    assert response["Location"] == QUEUE + "?kind=reply"  # none left in this filter


def test_an_edit_is_shown_word_by_word_against_the_live_version(client, alice, mo):
    story = make_story(
        alice, title="Home the next day", body="I went home the next day and slept well.",
        days_to_usual_activities=7, moderator=mo,
    )  # fmt: skip
    services.submit(
        story,
        StoryRevision(
            title="Home the next day",
            body="I went home two days later and slept well.",
            days_to_usual_activities=10,
        ),
        [],
    )
    client.force_login(mo)

    page = client.get(reverse("moderation:review", args=[story.pk])).content.decode()

    assert "What this edit changes" in page
    assert "I went home <del>the next day </del><ins>two days later </ins>and slept well." in page
    assert "<td><del>7</del></td><td><ins>10</ins></td>" in page


def test_a_follow_up_is_an_update_with_the_original_beside_it(client, alice, mo):
    story = make_story(alice, title="Freezing my kidney tumour", moderator=mo)
    update = Story(author=alice, kind="patient", parent=story)
    services.submit(update, StoryRevision(title="Six months on", body="All clear. " * 10), [])
    client.force_login(mo)

    assert "Update to “Freezing my kidney tumour”" in client.get(QUEUE).content.decode()
    page = client.get(reverse("moderation:review", args=[update.pk])).content.decode()
    assert "This is an update: the story it follows" in page
    assert story.live.body_html in page


def test_the_approved_list_leads_to_quoting(client, alice, mo):
    story = make_story(alice, title="Worth quoting", moderator=mo)
    client.force_login(mo)

    assert titles(client.get(QUEUE + "?show=approved")) == ["Worth quoting"]
    page = client.get(reverse("moderation:review", args=[story.pk])).content.decode()
    assert 'id="quote"' in page


def test_the_policy_page_publishes_the_median_wait_and_the_response_share(
    client, alice, bob, dr_dee, mo
):
    start = datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC)
    for hours, author in [(2, alice), (6, bob)]:
        with time_machine.travel(start, tick=False):
            story = make_story(author, status="pending", title=f"Waited {hours} hours")
        with time_machine.travel(start + datetime.timedelta(hours=hours), tick=False):
            services.approve(story, story.version, mo)
    responded = Story.objects.get(title="Waited 2 hours")
    with time_machine.travel(start + datetime.timedelta(days=2), tick=False):
        answer = community.submit_answer(responded, dr_dee, "response", "A careful answer. " * 4)
        services.approve(answer, answer.version, mo)  # decided at once

    with time_machine.travel(start + datetime.timedelta(days=3), tick=False):
        figures = moderation_figures()
        page = client.get(reverse("editorial_policy")).content.decode()

    assert figures.decisions == 3
    assert figures.median_wait == datetime.timedelta(hours=2)
    assert "waited 2 hours or less (3 decisions)" in page
    assert "50% (1 of 2 published stories)" in page
    assert ModerationDecision.objects.count() == 3


def test_moderators_find_quote_in_articles_on_an_approved_story(client, alice, bob, mo):
    story = make_story(alice, title="Worth quoting", moderator=mo)
    link = f'<a href="/moderation/{story.pk}/#quote">Quote in articles</a>'

    for reader in (None, bob, alice):
        if reader:
            client.force_login(reader)
        assert link not in client.get(story.get_absolute_url()).content.decode()
    client.force_login(mo)
    assert link in client.get(story.get_absolute_url()).content.decode()
