import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from stories import services
from stories.followups import send_followups
from stories.models import FollowUpSent, Story
from tests.factories import make_story
from tests.stories.test_submit import story_form

pytestmark = pytest.mark.django_db

APPROVED = datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)


def at(days: int):
    return time_machine.travel(APPROVED + datetime.timedelta(days=days), tick=False)


@pytest.fixture
def story(alice, mo):
    with time_machine.travel(APPROVED, tick=False):
        story = make_story(alice, title="Freezing my kidney tumour", moderator=mo)
    Story.objects.filter(pk=story.pk).update(followup_opt_in=True)
    story.refresh_from_db()
    mail.outbox.clear()  # the moderation e-mails of making the story
    return story


def test_authors_who_opt_in_hear_from_us_once_at_3_6_and_12_months(story, alice):
    for days, expected in [(30, 0), (92, 1), (93, 1), (120, 1), (184, 2), (300, 2), (366, 3),
                           (800, 3)]:  # fmt: skip
        with at(days):
            send_followups()
        assert len(mail.outbox) == expected, days
    assert [m.subject for m in mail.outbox] == [
        "How are you doing, 3 months on?",
        "How are you doing, 6 months on?",
        "How are you doing, 12 months on?",
    ]
    assert mail.outbox[0].to == [alice.email]
    assert f"/stories/{story.pk}/update/" in mail.outbox[0].body


def test_missed_milestones_are_skipped_not_sent_in_a_burst(story):
    with at(400):
        call_command("send_followups")
        call_command("send_followups")

    assert [m.subject for m in mail.outbox] == ["How are you doing, 12 months on?"]


def test_no_follow_ups_without_opt_in_or_once_withdrawn(story, bob, mo):
    with time_machine.travel(APPROVED, tick=False):
        make_story(bob, title="No e-mails please", moderator=mo)
    services.withdraw(story)
    mail.outbox.clear()

    with at(100):
        assert send_followups() == []

    assert mail.outbox == []
    assert not FollowUpSent.objects.exists()


def test_the_author_sends_an_update_which_goes_through_moderation(client, story, alice, mo):
    client.force_login(alice)
    form = client.get(reverse("stories:update", args=[story.pk]))
    assert 'value="Update: Freezing my kidney tumour"' in form.content.decode()

    data = story_form(title="Six months on", body="Still well, back to swimming twice a week. "
                      * 3, days_to_usual_activities="10")  # fmt: skip
    del data["kind"]
    response = client.post(reverse("stories:update", args=[story.pk]), data)

    assert response.status_code == 302
    update = Story.objects.get(parent=story)
    assert update.status == Story.Status.PENDING and update.kind == "patient"
    client.logout()
    assert "Six months on" not in client.get(story.get_absolute_url()).content.decode()

    services.approve(update, update.version, mo)

    html = client.get(story.get_absolute_url()).content.decode()
    assert "Updates from the author" in html and "Six months on" in html
    assert "Still well, back to swimming" in html
    # Shown under the story, not as a separate card in the list.
    listing = client.get(reverse("stories:list")).content.decode()
    assert "Freezing my kidney tumour" in listing and "Six months on" not in listing


@pytest.mark.parametrize("who", ["bob", "mo"])
def test_only_the_author_may_add_an_update(client, request, story, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("stories:update", args=[story.pk])).status_code == 404


def test_no_update_to_an_unpublished_story(client, alice):
    pending = make_story(alice, status="pending")
    client.force_login(alice)

    assert client.get(reverse("stories:update", args=[pending.pk])).status_code == 404


def test_opting_in_from_the_form(client, alice):
    client.force_login(alice)

    client.post(reverse("stories:submit"), story_form(followup_opt_in="on"))

    assert Story.objects.get().followup_opt_in is True


def test_an_update_is_the_same_patient_so_the_charts_count_the_story_once(
    client, story, alice, mo, kidney
):
    from stories.models import StoryRevision
    from stories.outcomes import outcome_summary, refresh_tallies

    before = outcome_summary(kidney)
    update = Story(author=alice, parent=story)
    services.submit(update, StoryRevision(title="Update", body="Doing well. " * 10,
                                          days_to_usual_activities=12),
                    [kidney])  # fmt: skip
    services.approve(update, update.version, mo)

    after = outcome_summary(kidney)
    assert after.stories == before.stories == 1
    assert after["days"].n == before["days"].n
    assert (
        "From 1 published patient story about kidney"
        in client.get(kidney.get_absolute_url()).content.decode()
    )
    # A full recount agrees; the update's answers stay on it (its export shows them).
    refresh_tallies()
    assert outcome_summary(kidney).stories == 1
    assert update.current.days_to_usual_activities == 12
