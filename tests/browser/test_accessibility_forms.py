"""
Accessibility of the forms: each one a person fills in (signing in and up, search, article
feedback, reporting a story, moderating, sharing a story) works with the keyboard alone, and
a form's errors are tied to their fields so a screen reader announces them.

These need only Chromium, not axe-core.
"""

import re

import pytest
from playwright.sync_api import expect

from stories.models import StoryRevision
from tests.browser.accessibility import PASSWORD, sign_in, small_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content():
    """The small site of tests/browser/accessibility.py."""
    return small_site()


# ---------------------------------------------------------------- keyboard


def tab_to(page, target, *, backwards=False, limit=80):
    """Press Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{key} never reached {target}")


def test_signing_in_with_the_keyboard(live_server, page, content):
    page.goto(f"{live_server.url}/accounts/login/")

    tab_to(page, page.get_by_label("E-mail or user name"))
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert page.console_errors == []


def test_signing_up_with_the_keyboard(live_server, page):
    page.goto(f"{live_server.url}/accounts/signup/")

    tab_to(page, page.get_by_label("E-mail address"))
    page.keyboard.type("sam@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Display name")).to_be_focused()
    page.keyboard.type("Sam")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type("frozen-but-fine-2026")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password again")).to_be_focused()
    page.keyboard.type("frozen-but-fine-2026")
    tab_to(page, page.get_by_role("button", name="Create account"))
    page.keyboard.press("Enter")

    expect(page.get_by_text("Welcome, Sam.")).to_be_visible()
    assert page.console_errors == []


def test_searching_with_the_keyboard(live_server, page, content):
    page.goto(f"{live_server.url}/search/")

    tab_to(page, page.get_by_role("searchbox", name="Search articles and stories"))
    page.keyboard.type("kidney")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile(r"results? for “kidney”"))).to_be_visible()

    # Narrow it to articles: a closed select takes the arrow keys; back to the button.
    tab_to(page, page.get_by_label("Show"))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Show")).to_have_value("article")
    tab_to(page, page.get_by_role("button", name="Search"), backwards=True)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]type=article"))
    results = page.get_by_role("list").filter(has=page.locator(".result"))
    expect(results.get_by_role("link", name="Freezing small kidney tumours")).to_be_visible()
    expect(results.get_by_text("Patient story")).to_have_count(0)
    assert page.console_errors == []


def test_answering_and_reporting_a_problem_on_an_article_with_the_keyboard(
    live_server, page, content
):
    page.goto(f"{live_server.url}{content['article'].get_absolute_url()}")

    # "Was this page helpful?": a comment, then the Yes button.
    tab_to(page, page.get_by_label(re.compile("^Anything to add")))
    page.keyboard.type("Clear, thank you.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Yes")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("We are glad the page helped.")).to_be_visible()

    # "Report a problem with this page" opens from the keyboard too.
    tab_to(page, page.get_by_text("Report a problem with this page"))
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("What is wrong?")).to_be_focused()
    page.keyboard.type("The second reference has no link.")
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile("^Your e-mail address"))).to_be_focused()
    page.keyboard.type("reader@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send to the editors")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_text("The editors have your message")).to_be_visible()
    assert page.console_errors == []


def test_reporting_a_story_with_the_keyboard(live_server, page, content):
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{content['story'].get_absolute_url()}")

    tab_to(page, page.get_by_text("Report this post"))
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    reason = page.get_by_label("What is wrong with this post?")
    expect(reason).to_be_focused()
    page.keyboard.type("It reads like an advert.")
    tab_to(page, page.get_by_role("button", name="Send report"))
    page.keyboard.press("Enter")

    expect(page.get_by_text("You have reported this post.")).to_be_visible()
    assert page.console_errors == []


def test_moderating_with_the_keyboard(live_server, page, content):
    sign_in(page, live_server, "mo")
    page.goto(f"{live_server.url}/moderation/")

    tab_to(page, page.get_by_role("link", name="Alice: waiting for review"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label(re.compile("^Message to the author")))
    page.keyboard.type("Thank you for sharing this.")
    tab_to(page, page.get_by_role("button", name="Approve"))
    page.keyboard.press("Enter")

    # The next post waiting opens, under the message naming the decision.
    expect(
        page.get_by_text("Published: “Alice: waiting for review” is now on the site")
    ).to_be_visible()
    content["pending"].refresh_from_db()
    assert content["pending"].status == "approved"
    assert page.console_errors == []


def test_sharing_a_story_with_the_keyboard(live_server, page, content):
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/stories/submit/")

    tab_to(page, page.get_by_label("Title"))
    page.keyboard.type("Typed without a mouse")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Your story")).to_be_focused()
    page.keyboard.type("I was home the next day and back at my desk within the week.")
    page.keyboard.press("Tab")  # must leave the editor
    kidney = page.get_by_role("checkbox", name="Kidney tumours")
    expect(kidney).to_be_focused()
    page.keyboard.press("Space")
    expect(kidney).to_be_checked()

    tab_to(page, page.get_by_label("Days until back to usual activities"))
    page.keyboard.type("7")
    # A radio group is one Tab stop; the arrow keys choose within it.
    recommend = page.get_by_role("group", name="Would recommend")
    tab_to(page, recommend.get_by_role("radio", name="Prefer not to say"))
    page.keyboard.press("ArrowDown")
    expect(recommend.get_by_role("radio", name="Yes")).to_be_checked()
    for name in (
        "This post is about my own experience",
        "I agree that CryoInfo may publish",
        "I understand my post is a personal account",
    ):
        box = page.get_by_role("checkbox", name=name)
        tab_to(page, box)
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Send for review"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your posts")
    expect(page.get_by_role("heading", name="Typed without a mouse")).to_be_visible()
    revision = StoryRevision.objects.get(title="Typed without a mouse")
    assert revision.story.author.username == "alice"
    assert revision.days_to_usual_activities == 7
    assert revision.would_recommend == "yes"
    assert list(revision.indications.values_list("slug", flat=True)) == ["kidney"]
    assert page.console_errors == []


# ---------------------------------------------------------------- errors announced


def test_an_empty_required_field_is_announced_with_its_error(live_server, page, content):
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/stories/submit/")
    page.get_by_role("button", name="Send for review").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Please correct these")
    # The summary lists each problem as a link to its field, and the count is right.
    links = alert.get_by_role("link")
    count = int(re.search(r"these (\d+) problems", alert.inner_text()).group(1))
    assert links.count() == count >= 4
    links.filter(has_text="Title").click()
    title = page.get_by_label("Title")
    expect(title).to_be_focused()
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(re.compile("Give your post a short title"))
    # Every invalid field points, through aria-describedby, at an element with its error.
    invalid = page.locator("[aria-invalid='true']")
    assert invalid.count() >= 4
    for field in invalid.all():
        # A checkbox in a group is described by its fieldset, as GOV.UK does it.
        described = field.locator("xpath=ancestor-or-self::*[@aria-describedby][1]")
        ids = (described.get_attribute("aria-describedby") or "").split()
        texts = [page.locator(f"#{id_}").inner_text() for id_ in ids]
        errors = [text for id_, text in zip(ids, texts, strict=True) if id_.endswith("_error")]
        assert errors and all(text.strip() for text in errors), (
            f"{field.get_attribute('name')} is described by {ids}: {texts}"
        )
    # The indications are a group of checkboxes: the fieldset carries the description.
    group = page.get_by_role("group", name="What was it for?")
    expect(group).to_have_accessible_description(re.compile("Tick at least one"))
    assert page.console_errors == []
