"""
A post that may be a cry for help, in the browser: on a phone the author lands on help
they can tap at once, and the moderator finds the post at the top of the queue.
"""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.browser.accessibility import PASSWORD, check_pages, sign_in
from tests.factories import UserFactory, make_story

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def send_a_post(page, live_server, body):
    page.goto(f"{live_server.url}/stories/submit/")
    page.get_by_label("Title").fill("A year after the kidney freeze")
    page.get_by_label("Your story").fill(body)
    page.get_by_role("checkbox", name="Kidney tumours").check()
    page.get_by_role("checkbox", name="This post is about my own experience").check()
    page.get_by_role("checkbox", name="I agree that CryoInfo may publish").check()
    page.get_by_role("checkbox", name="I understand my post is a personal account").check()
    page.get_by_role("button", name="Send for review").click()


def test_on_a_phone_the_author_in_crisis_gets_help_they_can_tap(live_server, page, axe_source):
    UserFactory(username="sam", password=PASSWORD, display_name="Sam")
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "sam")

    send_a_post(
        page,
        live_server,
        "The freezing itself went fine. Since the scan I have thought about ending my life, "
        "most nights, and I have not told anyone.",
    )

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "If you are struggling, talk to someone now"
    )
    expect(page.get_by_role("heading", name="If you are in danger now")).to_be_visible()
    expect(page.get_by_text("Your post is safe with us")).to_be_visible()
    wanted = {
        "Call 999 UK": "tel:999",
        "Call 112 Ireland and Europe": "tel:112",
        "Call 911 US and Canada": "tel:911",
        "Call 116 123, Samaritans": "tel:116123",
        "Call 988, 988 Lifeline": "tel:988",
        "Text 988, 988 Lifeline": "sms:988",
        "findahelpline.com": "https://findahelpline.com/",
    }
    for name, href in wanted.items():
        # The service's name is read out after the number (visually hidden, so Chromium
        # puts a space before its comma).
        link = page.get_by_role(
            "link", name=re.compile("^" + re.escape(name).replace(",", r"\s*,") + "$")
        )
        expect(link).to_have_attribute("href", href)
        box = link.bounding_box()
        # Big enough to hit with a thumb (WCAG 2.2 asks 24 px; we give 44), and on screen.
        assert box["height"] >= 44 and box["width"] >= 44, (name, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
    # Nothing is wider than the phone: no sideways scrolling to reach a number.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    problems = check_pages(page, live_server, axe_source, ["/stories/help/?sent=1"])
    assert not problems, "\n".join(problems)


def test_the_moderator_finds_the_post_in_crisis_first(live_server, page, axe_source):
    author = UserFactory(username="sam", display_name="Sam")
    make_story(author, status="pending", title="An ordinary post, sent first")
    flagged = make_story(
        author,
        status="pending",
        title="Sent later, in crisis",
        body="The probe went in easily. I have been saving up my tablets since.",
    )
    moderator = UserFactory(username="mo", password=PASSWORD, two_factor=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "mo")

    page.goto(f"{live_server.url}/moderation/")

    rows = page.locator("table.queue tbody tr")
    expect(rows.first).to_contain_text("Sent later, in crisis")
    expect(rows.first).to_contain_text("Safety: a plan or the means to end their life")
    expect(rows.first.locator("mark")).to_have_text("saving up my tablets")
    expect(rows.nth(1)).to_contain_text("An ordinary post, sent first")

    rows.first.get_by_role("link", name="Sent later, in crisis").click()
    expect(
        page.get_by_role("heading", name="Safety: this post may be a cry for help")
    ).to_be_visible()
    page.get_by_role("button", name="False alarm").click()
    expect(page.get_by_text(re.compile("Logged: false alarm"))).to_be_visible()

    problems = check_pages(
        page, live_server, axe_source, ["/moderation/", f"/moderation/{flagged.pk}/"]
    )
    assert not problems, "\n".join(problems)
