"""
When a post may be a cry for help: every way text comes in is checked (a reader's report
too), and the author is shown help that works from a phone (and e-mailed it). What
moderators see and the verdicts they log are in test_crisis_moderators.py.
"""

import pytest
from django.core import mail
from django.urls import reverse

from stories.models import Story
from tests.factories import make_story
from tests.stories.helpers_crisis import CRY, HELP, review_url
from tests.stories.test_submit import SUBMIT, story_form

pytestmark = pytest.mark.django_db


# Everywhere text comes in ---------------------------------------------------------------


def test_a_new_post_in_crisis_is_flagged_and_the_author_goes_straight_to_help(client, alice):
    client.force_login(alice)

    response = client.post(SUBMIT, story_form(body="The freezing went well. " + CRY))

    assert response.status_code == 302
    assert response.url == HELP + "?sent=1"
    revision = Story.objects.get().current
    assert revision.flagged_for_safety is True
    [concern] = revision.safety_concerns
    assert concern["sentence"] == "Some nights I have thought about ending my life."
    assert concern["key"] == "end-my-life"
    assert concern["reason"] == "thoughts of suicide"


def test_the_post_itself_waits_for_a_moderator_like_any_other(client, alice):
    client.force_login(alice)
    client.post(SUBMIT, story_form(body=CRY * 2))
    story = Story.objects.get()

    client.logout()

    assert story.status == Story.Status.PENDING
    assert client.get(story.get_absolute_url()).status_code == 404


def test_a_title_alone_is_enough(client, alice):
    client.force_login(alice)

    client.post(SUBMIT, story_form(title="I want to die"))

    assert Story.objects.get().current.flagged_for_safety is True


def test_an_edit_of_a_published_post_is_checked(client, alice, mo):
    story = make_story(alice, moderator=mo)
    assert story.current.flagged_for_safety is False
    client.force_login(alice)

    response = client.post(
        reverse("stories:edit", args=[story.pk]),
        story_form(title="Home the next day", body="I was fine at first. " + CRY),
    )

    assert response.url == HELP + "?sent=1"
    story.refresh_from_db()
    assert story.current.flagged_for_safety is True
    assert story.live.flagged_for_safety is False  # the published version is unchanged


def test_a_follow_up_update_is_checked(client, alice, mo):
    story = make_story(alice, moderator=mo)
    client.force_login(alice)
    data = story_form(title="Six months on", body="Since the recurrence I have been saving up "
                      "my tablets. I have not told anyone.")  # fmt: skip
    del data["kind"]

    response = client.post(reverse("stories:update", args=[story.pk]), data)

    assert response.url == HELP + "?sent=1"
    update = Story.objects.get(parent=story)
    assert update.current.safety_concerns[0]["key"] == "plan-stockpile"


def test_posts_made_through_the_services_are_checked_too(alice):
    story = make_story(alice, status="pending", body="I tried to kill myself two years ago.")

    assert story.current.safety_concerns[0]["reason"] == "a past suicide attempt"


def test_an_ordinary_post_goes_to_my_posts_without_the_help_page(client, alice):
    client.force_login(alice)

    response = client.post(
        SUBMIT,
        story_form(
            body="The probe froze the tumour to death and I was dying for a "
            "shower afterwards. The block put an end to my knee pain."
        ),
    )

    assert response.url == reverse("stories:mine")
    assert Story.objects.get().current.flagged_for_safety is False


# The author's help ----------------------------------------------------------------------


def test_the_help_page_after_sending_has_numbers_to_tap_and_says_what_happens_next(client, alice):
    client.force_login(alice)

    response = client.post(SUBMIT, story_form(body=CRY * 2), follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == HELP + "?sent=1"
    assert "If you are in danger now" in html
    for href in ["tel:999", "tel:112", "tel:911", "tel:116123", "tel:988", "sms:988",
                 "https://findahelpline.com/"]:  # fmt: skip
        assert f'href="{href}"' in html
    assert "Samaritans" in html and "Call 116 123" in html
    assert "Your post is safe with us" in html
    assert "Nothing you sent is public until then." in html


def test_the_help_page_is_public_and_linked_from_every_page(client):
    assert 'href="/stories/help/"' in client.get(reverse("home")).content.decode()

    html = client.get(HELP + "?sent=1").content.decode()

    assert 'href="tel:116123"' in html
    assert "Your post is safe with us" not in html  # not for someone who sent nothing


def test_the_confirmation_email_carries_the_same_help(client, alice):
    client.force_login(alice)

    client.post(SUBMIT, story_form(body=CRY * 2))

    [to_author] = [m for m in mail.outbox if m.to == [alice.email]]
    body = to_author.body
    assert to_author.subject == "We have your post: it is waiting for review"
    assert "call your local emergency number" in body
    assert "Call 999 (UK)" in body and "Call 911 (US and Canada)" in body
    assert "Samaritans (UK and Ireland): Call 116 123" in body
    assert "Call 988, or Text 988" in body
    assert "https://findahelpline.com/" in body
    assert "http://testserver/stories/help/" in body or "/stories/help/" in body


# A reader's report is text that comes in too --------------------------------------------


def test_a_reader_whose_report_may_be_a_cry_for_help_is_shown_help_and_moderators_told(
    client, alice, bob, mo
):
    story = make_story(alice, moderator=mo)
    mail.outbox.clear()
    client.force_login(bob)

    response = client.post(
        reverse("stories:report", args=[story.pk]),
        {"reason": "Reading this made me want to end my life."},
    )

    assert response.url == HELP
    assert story.reports.get().reporter == bob  # the report itself is kept as usual
    [alert] = mail.outbox
    assert alert.subject.startswith("SAFETY – the reader who reported may be in crisis.")
    assert '"Reading this made me want to end my life."' in alert.body
    client.force_login(mo)
    html = client.get(review_url(story)).content.decode()
    assert "Safety: the reader may be in crisis" in html
    assert "<mark>end my life</mark>" in html


def test_an_ordinary_report_goes_back_to_the_post(client, alice, bob, mo):
    story = make_story(alice, moderator=mo)
    mail.outbox.clear()
    client.force_login(bob)

    response = client.post(
        reverse("stories:report", args=[story.pk]), {"reason": "This is an advert for a clinic."}
    )

    assert response.url == story.get_absolute_url()
    assert mail.outbox[0].subject == f"A post was reported: {story.title}"
