"""Who may do each new thing on a post: every role against every action, and nothing else."""

import pytest
from django.urls import reverse

from accounts.models import ClinicianProfile
from stories import community, services
from stories.models import Story, Thanks
from tests.factories import UserFactory, make_story

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "author", "other", "unverified clinician", "clinician", "moderator", "admin"]
BODY = "A response written with care for the author of this story, in general terms only."


@pytest.fixture
def people(alice, bob, dr_dee, mo, admin):
    unverified = UserFactory(username="unverified")
    ClinicianProfile.objects.create(
        user=unverified, specialty="Urology", registration_number="GMC-99",
        institution="Elsewhere", conflicts_of_interest="None",
    )  # fmt: skip
    return {"author": alice, "other": bob, "unverified clinician": unverified,
            "clinician": dr_dee, "moderator": mo, "admin": admin}  # fmt: skip


@pytest.fixture
def story(alice, mo):
    return make_story(alice, title="A story to answer", moderator=mo)


def act(client, people, role, url, data):
    if role != "anonymous":
        client.force_login(people[role])
    return client.post(url, data)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_reply(client, people, story, role):
    act(client, people, role, reverse("stories:reply", args=[story.pk]), {"body": BODY})

    expected = 0 if role == "anonymous" else 1  # anyone signed in, the author too
    assert Story.objects.filter(parent=story, kind="reply").count() == expected


@pytest.mark.parametrize("role", ROLES)
def test_who_may_respond(client, people, story, role):
    act(client, people, role, reverse("stories:respond", args=[story.pk]), {"body": BODY})

    # Verified clinicians, and the admin (who holds every permission, the editorial
    # team's included: signed as the team).
    expected = {"clinician": 1, "admin": 1}.get(role, 0)
    responses = Story.objects.filter(parent=story, kind="response")
    assert responses.count() == expected
    if role == "admin":
        assert responses.get().signed_by_team


@pytest.mark.parametrize("role", ROLES)
def test_who_may_thank(client, people, story, role):
    act(client, people, role, reverse("stories:thanks", args=[story.pk]), {})

    expected = 0 if role in ("anonymous", "author") else 1
    assert Thanks.objects.filter(story=story).count() == expected


@pytest.mark.parametrize("role", ROLES)
def test_who_may_mark_a_response_helpful(client, people, story, dr_dee, mo, role):
    answer = community.submit_answer(story, dr_dee, "response", BODY)
    services.approve(answer, answer.version, mo)

    act(client, people, role, reverse("stories:helped", args=[answer.pk]), {})

    answer.refresh_from_db()
    assert (answer.helped_at is not None) == (role == "author")


@pytest.mark.parametrize("role", ROLES)
def test_who_may_turn_replies_off(client, people, story, role):
    act(client, people, role, reverse("stories:replies_setting", args=[story.pk]),
        {"replies": "off"})  # fmt: skip

    story.refresh_from_db()
    assert story.replies_open == (role != "author")


@pytest.mark.parametrize("role", ROLES)
def test_nobody_answers_a_post_that_is_not_public(client, people, alice, role):
    waiting = make_story(alice, status="pending")
    for name in ("stories:reply", "stories:respond", "stories:thanks"):
        act(client, people, role, reverse(name, args=[waiting.pk]), {"body": BODY})

    assert not Story.objects.filter(parent=waiting).exists()
    assert not Thanks.objects.exists()


def test_a_reply_is_exported_with_its_writers_data(client, story, bob, mo):
    from stories.export import stories_data

    answer = community.submit_answer(story, bob, "reply", "Thank you, this helped me decide.")
    services.approve(answer, answer.version, mo)

    exported = str(stories_data(bob))
    assert "Thank you, this helped me decide." in exported
