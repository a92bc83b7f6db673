"""Replies and clinician responses: sent, moderated, shown under their post, counted, found."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ClinicianProfile
from search.backends import search
from stories import services
from stories.models import Kind, Story
from tests.factories import UserFactory, make_story
from tests.stories.helpers_moderation import decide

pytestmark = pytest.mark.django_db

REPLY = "Thank you for writing this. How long did the tiredness last afterwards?"
RESPONSE = (
    "Tiredness for a week or two after kidney cryoablation is common, and it usually eases "
    "by itself. Ask your team if it lasts longer."
)


@pytest.fixture
def story(alice, mo):
    story = make_story(alice, title="Freezing my kidney tumour", moderator=mo)
    mail.outbox.clear()
    return story


def send(client, user, story, kind="reply", body=REPLY, **data):
    client.force_login(user)
    url = reverse("stories:reply" if kind == "reply" else "stories:respond", args=[story.pk])
    return client.post(url, {"body": body, "show_name": "on", **data})


def answers_of(story):
    return Story.objects.filter(parent=story).exclude(kind__in=["patient", "doctor"])


def test_a_reply_waits_for_a_moderator_then_shows_under_the_story(client, story, alice, bob, mo):
    response = send(client, bob, story)

    assert response.status_code == 302
    reply = answers_of(story).get()
    assert (reply.kind, reply.status, reply.author, reply.live_id) == (
        "reply",
        "pending",
        bob,
        None,
    )
    assert reply.current.title == "Reply to “Freezing my kidney tumour”"
    page = client.get(story.get_absolute_url()).content.decode()
    assert REPLY not in page
    assert "Your reply is waiting for a moderator" in page

    client.force_login(mo)
    decide(client, reply, "approve")

    page = client.get(story.get_absolute_url()).content.decode()
    assert REPLY.replace("'", "&#x27;") in page
    assert f'id="reply-{reply.pk}"' in page
    assert "Updates from the author" not in page  # a reply is not a follow-up
    story.refresh_from_db()
    assert story.reply_count == 1
    told = [m for m in mail.outbox if alice.email in m.to and "replied" in m.subject]
    assert len(told) == 1
    assert f"/stories/{story.pk}/#reply-{reply.pk}" in told[0].body
    # An answer has no page of its own: its address leads to its place under the post.
    assert (
        client.get(f"/stories/{reply.pk}/")["Location"] == f"/stories/{story.pk}/#reply-{reply.pk}"
    )


def test_replies_are_one_level_deep_and_oldest_first(client, story, bob, mo):
    first = make_reply(story, bob, mo, "The first reply, written before the other one.")
    second = make_reply(story, UserFactory(), mo, "The second reply, written after the first.")

    page = client.get(story.get_absolute_url()).content.decode()
    assert page.index(f"reply-{first.pk}") < page.index(f"reply-{second.pk}")
    response = send(client, bob, first)  # a reply to a reply
    assert response.status_code == 404
    assert not answers_of(first).exists()


def make_reply(story, author, moderator, body=REPLY, kind="reply"):
    from stories import community

    answer = community.submit_answer(story, author, kind, body)
    services.approve(answer, answer.version, moderator)
    answer.refresh_from_db()
    return answer


@pytest.mark.parametrize("who", ["anonymous", "unconfirmed"])
def test_a_reply_needs_a_signed_in_reader_with_a_confirmed_address(client, story, who):
    if who == "unconfirmed":
        client.force_login(UserFactory(confirmed=False))
    response = client.post(reverse("stories:reply", args=[story.pk]), {"body": REPLY})

    assert not answers_of(story).exists()
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200
        assert "confirm your e-mail address" in response.content.decode()
        assert REPLY.replace("'", "&#x27;") in response.content.decode()  # nothing lost


def test_a_reply_that_is_too_short_is_sent_back_with_the_words_kept(client, story, bob):
    response = send(client, bob, story, body="Thanks")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct this problem" in page
    assert '<a href="#reply_body">Your reply: Please write at least 10 characters' in page
    assert "Thanks</textarea>" in page
    assert not answers_of(story).exists()


def test_an_author_turns_replies_off_and_a_new_reply_is_refused(client, story, alice, bob, mo):
    make_reply(story, bob, mo)
    client.force_login(alice)
    client.post(reverse("stories:replies_setting", args=[story.pk]), {"replies": "off"})

    story.refresh_from_db()
    assert story.replies_open is False
    response = send(client, bob, story, body="Another reply that should not be accepted.")
    assert response.status_code == 302
    assert answers_of(story).count() == 1
    page = client.get(story.get_absolute_url()).content.decode()
    assert "The author has turned replies off" in page
    assert REPLY.replace("'", "&#x27;") in page  # published replies stay


def test_only_the_author_turns_replies_off(client, story, bob):
    client.force_login(bob)
    response = client.post(reverse("stories:replies_setting", args=[story.pk]), {"replies": "off"})

    assert response.status_code == 404
    story.refresh_from_db()
    assert story.replies_open is True


def test_a_reply_with_crisis_words_is_flagged_and_its_writer_sees_help(client, story, bob):
    response = send(client, bob, story, body="Reading this I feel I want to end my life too.")

    assert response["Location"] == reverse("stories:help") + "?sent=1"
    assert answers_of(story).get().current.flagged_for_safety


def test_withdrawing_a_reply_takes_it_off_the_page_and_the_count(client, story, bob, mo):
    reply = make_reply(story, bob, mo)
    client.force_login(bob)
    client.post(reverse("stories:withdraw", args=[reply.pk]))

    story.refresh_from_db()
    assert story.reply_count == 0
    assert REPLY.replace("'", "&#x27;") not in client.get(story.get_absolute_url()).content.decode()


def test_a_reply_goes_with_its_writers_deleted_account(story, bob, mo):
    make_reply(story, bob, mo)
    bob.delete()

    story.refresh_from_db()
    assert story.reply_count == 0
    assert not answers_of(story).exists()


def test_search_finds_a_story_by_the_words_of_its_public_replies(story, bob, mo):
    reply = make_reply(story, bob, mo, "Did the chilblains on your toes ever come back?")
    assert [entry.url for entry in search("chilblains")[0:10]] == [story.get_absolute_url()]

    services.withdraw(reply)
    assert list(search("chilblains")[0:10]) == []


# Clinician responses


def test_a_verified_clinician_responds_and_the_author_marks_it_helpful(
    client, story, alice, dr_dee, mo
):
    send(client, dr_dee, story, kind="response", body=RESPONSE)
    response_post = answers_of(story).get()
    assert (response_post.kind, response_post.status) == ("response", "pending")
    client.force_login(mo)
    decide(client, response_post, "approve")

    page = client.get(story.get_absolute_url()).content.decode()
    assert "Dr Dee" in page and "Interventional radiology" in page
    assert "Conflicts of interest:</strong> None" in page
    assert [m for m in mail.outbox if alice.email in m.to and "clinician responded" in m.subject]
    story.refresh_from_db()
    assert story.response_count == 1

    client.force_login(alice)
    client.post(reverse("stories:helped", args=[response_post.pk]))
    response_post.refresh_from_db()
    assert response_post.helped_at is not None
    assert (
        "The author said this response helped them"
        in client.get(story.get_absolute_url()).content.decode()
    )


def test_only_the_stories_author_marks_a_response_helpful(client, story, bob, dr_dee, mo):
    answer = make_reply(story, dr_dee, mo, RESPONSE, kind="response")
    client.force_login(bob)

    assert client.post(reverse("stories:helped", args=[answer.pk])).status_code == 404
    answer.refresh_from_db()
    assert answer.helped_at is None


@pytest.mark.parametrize("who", ["patient", "unverified clinician", "the author"])
def test_only_verified_clinicians_and_the_team_respond(client, story, alice, bob, admin, who):
    user = {"patient": bob, "the author": alice}.get(who)
    if who == "unverified clinician":
        user = UserFactory()
        ClinicianProfile.objects.create(
            user=user, specialty="Urology", registration_number="GMC-7654321",
            institution="Elsewhere", conflicts_of_interest="None",
        )  # fmt: skip
    send(client, user, story, kind="response", body=RESPONSE)

    assert not answers_of(story).exists()


def test_the_editorial_team_responds_signed_as_the_team(client, story, mo):
    writer = UserFactory(display_name="Sam Writer")
    writer.groups.add(Group.objects.get(name="Editorial team"))
    send(client, writer, story, kind="response", body=RESPONSE)
    answer = answers_of(story).get()
    client.force_login(mo)
    decide(client, answer, "approve")
    client.logout()

    page = client.get(story.get_absolute_url()).content.decode()
    assert "CryoInfo editorial team" in page
    assert "Sam Writer" not in page


def test_doctor_insights_take_replies_not_responses(client, dr_dee, bob, mo):
    insight = make_story(dr_dee, kind="doctor", title="What I tell patients", moderator=mo)
    send(client, UserFactory(username="dr2"), insight, kind="response", body=RESPONSE)
    assert not answers_of(insight).exists()
    send(client, bob, insight)
    assert answers_of(insight).count() == 1


def test_the_list_filters_to_stories_with_a_clinician_response(client, story, bob, dr_dee, mo):
    other = make_story(bob, title="No response yet here", moderator=mo)
    make_reply(story, dr_dee, mo, RESPONSE, kind="response")

    page = client.get(reverse("stories:list") + "?responded=1").content.decode()
    assert story.title in page and other.title not in page
    assert "1 clinician response" in page


def test_the_story_page_costs_the_same_queries_with_many_answers(client, story, bob, dr_dee, mo):
    make_reply(story, bob, mo)
    make_reply(story, dr_dee, mo, RESPONSE, kind="response")
    client.force_login(bob)
    client.get("/")  # bob's permissions read, then kept: each count is of a first visit
    with CaptureQueriesContext(connection) as few:
        client.get(story.get_absolute_url())
    for n in range(49):
        make_reply(story, UserFactory(), mo, f"Reply number {n}: thank you for this.")
    for _ in range(4):
        make_reply(story, dr_dee, mo, RESPONSE, kind="response")
    with CaptureQueriesContext(connection) as many:
        page = client.get(story.get_absolute_url()).content.decode()

    assert page.count('class="answer') >= 55
    assert len(many) == len(few)


# Thanks


def test_a_reader_thanks_once_and_can_undo(client, story, bob):
    client.force_login(bob)
    url = reverse("stories:thanks", args=[story.pk])
    client.post(url)
    client.post(url)
    story.refresh_from_db()
    assert story.thanks_count == 1
    assert "1 reader says this helped them" in client.get(story.get_absolute_url()).content.decode()

    client.post(url, {"undo": "1"})
    story.refresh_from_db()
    assert story.thanks_count == 0


def test_authors_cannot_thank_themselves_and_anonymous_readers_sign_in(client, story, alice):
    response = client.post(reverse("stories:thanks", args=[story.pk]))
    assert "/accounts/login/" in response["Location"]
    client.force_login(alice)
    client.post(reverse("stories:thanks", args=[story.pk]))
    story.refresh_from_db()
    assert story.thanks_count == 0


def test_thanks_leave_with_a_deleted_account(client, story, bob):
    client.force_login(bob)
    client.post(reverse("stories:thanks", args=[story.pk]))
    bob.delete()
    story.refresh_from_db()
    assert story.thanks_count == 0


def test_answers_are_not_listed_fed_or_mapped_as_posts(client, story, bob, mo):
    reply = make_reply(story, bob, mo)
    assert reply.title not in client.get(reverse("stories:list")).content.decode()
    assert f"/stories/{reply.pk}/" not in client.get("/sitemap-stories-1.xml").content.decode()


def test_kinds_of_answer_are_not_offered_as_kinds_of_post(client, alice):
    client.force_login(alice)
    page = client.get(reverse("stories:submit")).content.decode()
    assert 'value="reply"' not in page and 'value="response"' not in page
    assert Kind.REPLY in Kind.values


def test_a_reply_sent_back_for_changes_is_edited_and_goes_back_to_the_queue(client, story, bob, mo):
    from stories import community

    reply = community.submit_answer(story, bob, "reply", "My surgeon at St Elsewhere was great.")
    services.request_changes(reply, reply.version, mo, "Please leave out the hospital's name.")
    client.force_login(bob)

    assert client.get(reverse("stories:edit", args=[reply.pk]))["Location"] == reverse(
        "stories:edit_answer", args=[reply.pk]
    )
    page = client.get(reverse("stories:edit_answer", args=[reply.pk])).content.decode()
    assert "Please leave out the hospital&#x27;s name." in page
    client.post(reverse("stories:edit_answer", args=[reply.pk]), {"body": "My surgeon was great."})

    reply.refresh_from_db()
    assert (reply.status, reply.current.number, reply.current.body) == (
        "pending",
        2,
        "My surgeon was great.",
    )
    other = UserFactory()
    client.force_login(other)
    assert client.get(reverse("stories:edit_answer", args=[reply.pk])).status_code == 404
