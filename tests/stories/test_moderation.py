"""
Moderation of posts: who may moderate, the queue and the review page, each decision from
submission to withdrawal (approve, request changes, reject), stale and simultaneous
decisions, and the admin's bulk actions. Reports are in test_moderation_reports.py.
"""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from stories import services
from stories.models import ModerationDecision, Story
from tests.factories import UserFactory, make_story
from tests.stories.helpers_moderation import QUEUE, decide

pytestmark = pytest.mark.django_db


# Who may moderate ---------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, alice):
    story = make_story(alice, status="pending")

    for url in [QUEUE, reverse("moderation:review", args=[story.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert decide(client, story, "approve").status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.PENDING


@pytest.mark.parametrize("who", ["alice", "bob", "editor"])
def test_people_who_are_not_moderators_get_403(client, request, alice, who):
    story = make_story(alice, status="pending")
    client.force_login(request.getfixturevalue(who))

    assert client.get(QUEUE).status_code == 403
    assert client.get(reverse("moderation:review", args=[story.pk])).status_code == 403
    assert decide(client, story, "approve").status_code == 403
    story.refresh_from_db()
    assert story.status == Story.Status.PENDING


@pytest.mark.parametrize("who", ["mo", "admin"])
def test_moderators_and_admins_see_the_queue_oldest_first(client, request, alice, bob, who):
    make_story(alice, status="pending", title="First in")
    make_story(bob, status="pending", title="Second in")
    make_story(bob, title="Already published")
    client.force_login(request.getfixturevalue(who))

    response = client.get(QUEUE)

    titles = [s.current.title for s in response.context["stories"]]
    assert titles == ["First in", "Second in"]


def test_queue_query_count_does_not_grow(client, mo, django_assert_max_num_queries):
    authors = [UserFactory() for _ in range(5)]
    for n in range(20):
        make_story(authors[n % 5], status="pending", title=f"Post {n}")
    client.force_login(mo)

    # The session and the moderator (4), the posts (1), the indications (1) and the
    # counts of the filters (2): the same for 20 posts as for 2.
    with django_assert_max_num_queries(11):
        client.get(QUEUE)


def test_review_page_shows_preview_answers_and_author_history(client, alice, mo):
    make_story(alice, title="An older post")
    story = make_story(
        alice, status="pending", title="New one", body="**Strong** words " * 10,
        days_to_usual_activities=7, would_recommend="yes",
    )  # fmt: skip
    client.force_login(mo)

    html = client.get(reverse("moderation:review", args=[story.pk])).content.decode()

    assert "<strong>Strong</strong>" in html
    assert "Days until back to usual activities" in html and ">7<" in html
    older = Story.objects.get(title="An older post")
    assert f'<a href="/moderation/{older.pk}/">An older post</a>: Published' in html
    assert alice.email in html


# The whole journey --------------------------------------------------------------------


def test_submit_approve_edit_reapprove_withdraw(client, alice, mo):
    story = make_story(alice, status="pending", title="Version one")
    client.force_login(mo)
    mail.outbox.clear()

    assert decide(client, story, "approve").status_code == 302

    story.refresh_from_db()
    assert story.is_public and story.title == "Version one"
    assert mail.outbox[0].to == [alice.email]
    assert mail.outbox[0].subject == "Your post is published"
    client.logout()
    assert "Version one" in client.get(reverse("stories:list")).content.decode()

    # The author edits: the approved version stays public until the edit is approved.
    client.force_login(alice)
    from tests.stories.test_submit import story_form

    client.post(reverse("stories:edit", args=[story.pk]), story_form(title="Version two"))
    client.logout()
    public = client.get(story.get_absolute_url()).content.decode()
    assert "Version one" in public and "Version two" not in public

    client.force_login(mo)
    decide(client, story, "approve")
    client.logout()
    public = client.get(story.get_absolute_url()).content.decode()
    assert "Version two" in public

    # Withdrawn: gone at once.
    client.force_login(alice)
    client.post(reverse("stories:withdraw", args=[story.pk]))
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Version two" not in client.get(reverse("stories:list")).content.decode()
    assert [d.action for d in story.decisions.order_by("decided_at", "id")] == [
        "approve", "approve",
    ]  # fmt: skip


def test_request_changes_needs_a_message_which_reaches_the_author(client, alice, mo):
    story = make_story(alice, status="pending")
    client.force_login(mo)
    mail.outbox.clear()

    refused = decide(client, story, "request_changes", message="   ")
    accepted = decide(client, story, "request_changes", message="Please add the year.")

    assert refused.status_code == 400
    assert "Tell the author what to change." in refused.content.decode()
    assert accepted.status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.CHANGES_REQUESTED
    assert story.moderator_message == "Please add the year."
    assert "Please add the year." in mail.outbox[0].body
    client.force_login(alice)
    assert "Please add the year." in client.get(reverse("stories:mine")).content.decode()


def test_reject_needs_a_reason_and_tells_the_author(client, alice, mo):
    story = make_story(alice, status="pending")
    client.force_login(mo)
    mail.outbox.clear()

    refused = decide(client, story, "reject")
    other_without_text = decide(client, story, "reject", reason="other")
    accepted = decide(client, story, "reject", reason="promotion", message="Names a clinic.")

    assert "Choose why the post cannot be published." in refused.content.decode()
    assert "Explain the reason to the author." in other_without_text.content.decode()
    assert accepted.status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.REJECTED
    body = mail.outbox[0].body
    assert "Promotes a product, clinic or practitioner" in body and "Names a clinic." in body
    log = ModerationDecision.objects.get(story=story)
    assert (log.action, log.reason, log.moderator, log.revision) == (
        "reject", "promotion", mo, story.current,
    )  # fmt: skip


def test_rejecting_an_edit_keeps_the_approved_version_public(client, alice, mo):
    story = make_story(alice, title="Approved text")
    from tests.stories.test_submit import story_form

    client.force_login(alice)
    client.post(reverse("stories:edit", args=[story.pk]), story_form(title="Bad edit"))
    client.force_login(mo)

    decide(client, story, "reject", reason="advice")

    client.logout()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Approved text" in html and "Bad edit" not in html


def test_a_stale_decision_is_refused_with_a_clear_message(client, alice, mo):
    story = make_story(alice, status="pending")
    stale_version = story.version
    other = UserFactory(username="other-mo")
    services.approve(story, story.version, other)
    client.force_login(mo)

    response = client.post(
        reverse("moderation:decide", args=[story.pk]),
        {"action": "reject", "reason": "advice", "version": stale_version},
        follow=True,
    )

    assert "Someone else decided on this post" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Story.Status.APPROVED
    assert story.decisions.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_exactly_one_wins(alice):
    """Real concurrency: two threads, two connections, one version."""
    if connection.vendor == "sqlite":
        pytest.skip("needs a server database; CI runs this on PostgreSQL")
    story = make_story(alice, status="pending")
    moderators = [UserFactory(username=f"racer{n}") for n in range(2)]
    version = story.version
    barrier = threading.Barrier(2)
    outcomes = []

    def act(moderator, action):
        from django.db import connection as thread_connection

        mine = Story.objects.select_related("current", "live").get(pk=story.pk)
        barrier.wait()
        try:
            if action == "approve":
                services.approve(mine, version, moderator)
            else:
                services.reject(mine, version, moderator, "advice", "")
            outcomes.append(action)
        except services.AlreadyDecided:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=act, args=(moderators[0], "approve")),
        threading.Thread(target=act, args=(moderators[1], "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("refused") == 1
    story.refresh_from_db()
    assert ModerationDecision.objects.filter(story=story).count() == 1
    winner = next(o for o in outcomes if o != "refused")
    assert story.status == {"approve": "approved", "reject": "rejected"}[winner]


# The admin ----------------------------------------------------------------------------


def test_admin_bulk_approve(client, alice, admin):
    stories = [make_story(alice, status="pending", title=f"Bulk {n}") for n in range(2)]
    client.force_login(admin)

    client.post(
        reverse("admin:stories_story_changelist"),
        {"action": "approve_selected", "_selected_action": [s.pk for s in stories]},
    )

    assert Story.objects.public().count() == 2


def test_admin_bulk_reject_asks_for_a_reason(client, alice, admin):
    story = make_story(alice, status="pending")
    client.force_login(admin)
    url = reverse("admin:stories_story_changelist")

    ask = client.post(url, {"action": "reject_selected", "_selected_action": [story.pk]})
    done = client.post(
        url,
        {"action": "reject_selected", "_selected_action": [story.pk], "confirm": "1",
         "reason": "off_topic", "message": "Not about cryoablation."},
    )  # fmt: skip

    assert "Reject the selected posts" in ask.content.decode()
    assert done.status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.REJECTED


def test_hostile_title_body_and_photo_description_are_escaped_in_the_admin(client, alice, admin):
    from stories.models import StoryPhoto
    from tests.stories.test_photos import jpeg_with_gps
    from tests.stories.test_submit import story_form

    client.force_login(alice)
    client.post(
        reverse("stories:submit"),
        {**story_form(title="<svg onload=alert(1)> title"), "photo_1": jpeg_with_gps(),
         "alt_1": '"><script>alert("alt")</script>'},
    )  # fmt: skip
    story = Story.objects.get()
    client.force_login(admin)

    pages = [
        client.get(reverse("admin:stories_story_changelist")),
        client.get(reverse("admin:stories_story_change", args=[story.pk])),
        client.get(reverse("moderation:review", args=[story.pk])),
    ]

    assert StoryPhoto.objects.get().alt_text.startswith('"><script>')
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "<svg onload=alert(1)>" not in html
        assert '<script>alert("alt")' not in html
