"""
Readers' reports: one each, three hide a post, the author never learns who reported, and
what moderators do with a reported post, including one hidden by reports whose author has
since sent an edit.
"""

import re

import pytest
from django.urls import reverse

from stories import services
from stories.models import StoryRevision
from tests.factories import UserFactory, make_story
from tests.stories.helpers_moderation import QUEUE, decide

pytestmark = pytest.mark.django_db


# Reports ------------------------------------------------------------------------------


def test_reader_reports_once_and_three_reports_hide_the_post(client, alice, mo):
    story = make_story(alice)
    readers = [UserFactory(username=f"reader{n}") for n in range(3)]
    url = reverse("stories:report", args=[story.pk])

    for reader in readers[:2]:
        client.force_login(reader)
        client.post(url, {"reason": "Names a clinic"})
    client.force_login(readers[0])
    again = client.post(url, {"reason": "Again"}, follow=True)

    assert "already reported" in again.content.decode()
    assert story.reports.count() == 2
    story.refresh_from_db()
    assert story.is_public

    client.force_login(readers[2])
    client.post(url, {"reason": "Selling something"})
    story.refresh_from_db()
    assert not story.is_public
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404

    client.force_login(mo)
    queue = client.get(QUEUE).content.decode()
    assert "3 reports, hidden" in queue
    decide(client, story, "dismiss_reports")
    story.refresh_from_db()
    assert story.is_public
    assert not story.reports.filter(resolved_at__isnull=True).exists()


def test_the_author_never_sees_who_reported(client, alice, bob):
    story = make_story(alice)
    client.force_login(bob)
    client.post(reverse("stories:report", args=[story.pk]), {"reason": "Off topic"})
    client.force_login(alice)

    for url in [reverse("stories:mine"), story.get_absolute_url()]:
        html = client.get(url).content.decode()
        # CSRF tokens are random letters, which now and then spell "bob".
        html = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", html)
        assert "bob" not in html.lower()


def test_report_needs_a_reason_shown_next_to_the_field(client, alice, bob):
    story = make_story(alice)
    client.force_login(bob)

    response = client.post(reverse("stories:report", args=[story.pk]), {"reason": ""})

    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    assert not story.reports.exists()


def test_anonymous_people_cannot_report(client, alice):
    story = make_story(alice)

    response = client.post(reverse("stories:report", args=[story.pk]), {"reason": "x"})

    assert response.status_code == 302
    assert not story.reports.exists()


def test_moderator_rejects_a_reported_post_and_it_leaves_the_site(client, alice, bob, mo):
    story = make_story(alice, title="Reported post")
    services.report(story, bob, "Advertising")
    client.force_login(mo)

    decide(client, story, "reject", reason="promotion")

    story.refresh_from_db()
    assert not story.is_public
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404


# A post hidden by reports, then edited by its author ----------------------------------


def hidden_by_reports_then_edited(alice):
    """A published post that three reports hid, whose author has since sent an edit."""
    story = make_story(alice, title="Reported post")
    for n in range(3):
        services.report(story, UserFactory(username=f"reporter{n}"), "Names a clinic")
    story.refresh_from_db()
    assert story.hidden and not story.is_public
    edit = StoryRevision(title="Reported post, edited", body="New words for the same story.")
    services.submit(story, edit, story.indications.all())
    story.refresh_from_db()
    return story


@pytest.mark.parametrize("decision", ["reject", "request_changes"])
def test_turning_down_the_edit_of_a_hidden_post_leaves_it_in_the_queue(client, alice, mo, decision):
    story = hidden_by_reports_then_edited(alice)
    client.force_login(mo)

    extra = {"reason": "off_topic"} if decision == "reject" else {"message": "Please shorten it"}
    decide(client, story, decision, **extra)

    story.refresh_from_db()
    assert story.hidden and not story.is_public
    assert story.reports.filter(resolved_at__isnull=True).count() == 3  # still open
    queued = [s.pk for s in client.get(QUEUE).context["stories"]]
    assert queued == [story.pk]
    assert "3 reports, hidden" in client.get(QUEUE).content.decode()
    # The moderator then decides on what readers saw: it goes back up.
    decide(client, story, "dismiss_reports")
    story.refresh_from_db()
    assert story.is_public and story.live.title == "Reported post"
    assert not story.reports.filter(resolved_at__isnull=True).exists()
    assert list(client.get(QUEUE).context["stories"]) == []


def test_approving_the_edit_of_a_hidden_post_puts_the_new_version_up(client, alice, mo):
    story = hidden_by_reports_then_edited(alice)
    client.force_login(mo)

    decide(client, story, "approve")

    story.refresh_from_db()
    assert story.is_public and story.live.title == "Reported post, edited"
    assert not story.reports.filter(resolved_at__isnull=True).exists()
    assert list(client.get(QUEUE).context["stories"]) == []


def test_rejecting_a_reported_live_post_takes_it_down_and_closes_its_reports(client, alice, mo):
    story = make_story(alice, title="Reported post")
    for n in range(3):
        services.report(story, UserFactory(username=f"reporter{n}"), "Selling something")
    client.force_login(mo)

    decide(client, story, "reject", reason="off_topic")

    story.refresh_from_db()
    assert story.live is None and not story.is_public
    assert not story.reports.filter(resolved_at__isnull=True).exists()
    assert list(client.get(QUEUE).context["stories"]) == []
