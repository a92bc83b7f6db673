"""
A story becomes a conversation, in the browser: a clinician responds, the author hears of
it and says it helped, a reader replies, and the author then turns replies off.
"""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import ClinicianProfile
from stories.models import Story
from tests.browser.accessibility import PASSWORD, sign_in
from tests.factories import UserFactory, make_story

pytestmark = pytest.mark.django_db(transaction=True)

RESPONSE = (
    "Feeling tired for a couple of weeks after kidney cryoablation is common, and it "
    "usually lifts by itself. Tell your team if it does not."
)
REPLY = "Thank you for this. Did you need any help at home in the first week?"


def approve_first_in_queue(page, live_server, title):
    page.goto(f"{live_server.url}/moderation/")
    page.get_by_role("link", name=title).click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Published:")).to_be_visible()


def test_a_story_gets_a_response_and_a_reply_then_its_author_closes_replies(live_server, browser):
    def person(username, **extra):
        return UserFactory(username=username, password=PASSWORD, **extra)

    pat = person("pat", display_name="Pat")
    person("rowan", display_name="Rowan")
    doctor = person("drlee", display_name="Dr Lee")
    ClinicianProfile.objects.create(
        user=doctor, specialty="Interventional radiology", registration_number="GMC-7",
        institution="A hospital", conflicts_of_interest="I train doctors for a probe maker.",
        status=ClinicianProfile.Status.VERIFIED, decided_at=timezone.now(),
    )  # fmt: skip
    moderator = person("morgan", two_factor=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    # The patient's story, sent and approved as in test_community.
    story = make_story(pat, title="Tired but home after my kidney was frozen", moderator=moderator)
    url = f"{live_server.url}{story.get_absolute_url()}"
    pages = {}
    for username in ("pat", "rowan", "drlee", "morgan"):
        pages[username] = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        sign_in(pages[username], live_server, username)

    # The clinician responds; it waits for a moderator.
    dr = pages["drlee"]
    dr.goto(url)
    dr.get_by_text("Respond as a clinician").click()
    dr.get_by_label("Your response").fill(RESPONSE)
    dr.get_by_role("button", name="Send response for review").click()
    expect(dr.get_by_text("Your response is waiting for a moderator")).to_have_count(2)
    approve_first_in_queue(pages["morgan"], live_server, "Response to “Tired but home")

    # The author is e-mailed, reads it with the clinician's credentials and says it helped.
    assert any("A clinician responded" in m.subject for m in mail.outbox if "pat@" in m.to[0])
    author = pages["pat"]
    author.goto(url)
    response = author.locator(".answer--response")
    expect(response).to_contain_text("Dr Lee")
    expect(response).to_contain_text("Verified clinician · Interventional radiology")
    expect(response).to_contain_text("I train doctors for a probe maker.")
    author.get_by_role("button", name="This response helped me").click()
    expect(author.get_by_text("The author said this response helped them")).to_be_visible()

    # A reader replies; once approved it shows, and the author is told.
    rowan = pages["rowan"]
    rowan.goto(url)
    rowan.get_by_label("Your reply").fill(REPLY)
    rowan.get_by_role("button", name="Send reply for review").click()
    approve_first_in_queue(pages["morgan"], live_server, "Reply to “Tired but home")
    rowan.goto(url)
    expect(rowan.locator(".answer").filter(has_text=REPLY)).to_be_visible()
    assert any("A reader replied" in m.subject for m in mail.outbox if "pat@" in m.to[0])

    # The author turns replies off while Rowan is writing another: it is refused, and the
    # form is gone.
    rowan.goto(url)
    rowan.get_by_label("Your reply").fill("One more question, if I may, about the scans.")
    author.goto(url)
    author.get_by_role("button", name="Turn replies off").click()
    expect(author.get_by_text("Replies are off: no new replies can be sent.")).to_be_visible()
    expect(author.get_by_role("button", name="Turn replies on")).to_be_visible()
    rowan.get_by_role("button", name="Send reply for review").click()
    expect(rowan.get_by_text("The author has turned replies to this post off.")).to_be_visible()
    expect(rowan.get_by_label("Your reply")).to_have_count(0)
    assert Story.objects.filter(parent=story, kind="reply").count() == 1
