"""
Accessibility: axe-core finds no WCAG 2.x A/AA violations on the pages people use, at a
phone and a desktop width; the forms work with the keyboard alone; and a form's errors are
tied to their fields so a screen reader announces them.

axe-core comes from npm (package.json pins it; `npm ci` installs it into node_modules/).
Without it the axe checks skip and say why; the keyboard checks need only Chromium.
"""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cryoinfo.models import Indication
from stories.models import StoryRevision
from tests.factories import ArticleFactory, ReferenceFactory, UserFactory, make_story

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-password-for-tests-1"
WIDTHS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    }
}
# axe files landmarks, heading order and the like under "best-practice", not under a WCAG
# tag; they are what a screen reader user navigates by, so they are checked too.
AXE_BEST_PRACTICE = {"runOnly": {"type": "tag", "values": ["best-practice"]}}
ARTICLE_BODY = """\
Cryoablation freezes a small kidney tumour through a thin needle [1].

## Before the day

You stop eating six hours before. Your team checks your blood [2].

## On the day

| Step | How long |
| --- | --- |
| Scan to find the tumour | 20 minutes |
| Freezing, two cycles | 30 minutes |
| Rest on the ward | 4 hours |

### If you are awake

You may feel pressure but not pain.

## Afterwards

Most people go home the next day.
"""


# ---------------------------------------------------------------- content and people


@pytest.fixture
def content():
    """A small site: an article with references, contents and a table; enough patient
    stories for the kidney charts; a member with a post in each state; a moderator."""
    kidney = Indication.objects.get(slug="kidney")
    article = ArticleFactory(
        title="Freezing small kidney tumours",
        slug="freezing-small-kidney-tumours",
        summary="What happens before, on and after the day.",
        body=ARTICLE_BODY,
        indications=[kidney],
    )
    ReferenceFactory(article=article, position=1, title="A kidney study")
    ReferenceFactory(article=article, position=2, title="A second kidney study", doi="")
    article.save()  # renders the citations now that the references exist
    ArticleFactory(title="Recovery at home after kidney cryoablation", indications=[kidney])

    stories = []
    for n, days in enumerate((2, 5, 7, 10, 21, 35), start=1):
        author = UserFactory(username=f"patient{n}")
        stories.append(
            make_story(
                author,
                title=f"Back to work after {days} days",
                body=f"My kidney tumour was frozen. I was back to my usual self after {days} days.",
                indications=("kidney",),
                days_to_usual_activities=days,
                nights_in_hospital=1,
                pain_after_one_week=2,
                complication="no",
                would_recommend="yes",
            )
        )

    alice = UserFactory(username="alice", password=PASSWORD, display_name="Alice")
    make_story(alice, title="Alice: published", indications=("kidney",))
    pending = make_story(alice, title="Alice: waiting for review", status="pending")
    make_story(alice, title="Alice: changes asked", status="changes_requested")
    make_story(alice, title="Alice: not published", status="rejected")
    make_story(alice, title="Alice: taken down", status="withdrawn")

    mo = UserFactory(username="mo", password=PASSWORD)
    mo.groups.add(Group.objects.get(name="Moderators"))
    return {"article": article, "story": stories[0], "pending": pending}


def sign_in(page, live_server, username):
    """Through the real sign-in form, as a person does."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail or user name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


# ---------------------------------------------------------------- axe


def axe_violations(page, axe_source):
    """
    Run axe on the page as it is, then again with every <details> open (the chart tables,
    the report forms), and return the violations of either run, each rule once.

    The site's Content-Security-Policy (script-src 'self') blocks `page.add_script_tag`,
    which inserts the source as an inline <script>. `page.evaluate` runs it through the
    DevTools protocol, which the page's CSP does not govern, so the policy stays on and a
    violation by the site itself still shows in the console.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    found = {}
    for opened in (False, True):
        if opened and not page.evaluate(
            "() => { const closed = document.querySelectorAll('details:not([open])');"
            " closed.forEach(d => { d.open = true; }); return closed.length; }"
        ):
            break
        for options in (AXE_OPTIONS, AXE_BEST_PRACTICE):
            result = page.evaluate("options => axe.run(document, options)", options)
            for violation in result["violations"]:
                found.setdefault(violation["id"], violation)
    return list(found.values())


def summary(url, violations):
    lines = [f"{url}:"]
    for v in violations:
        targets = [" ".join(node["target"]) for node in v["nodes"][:3]]
        more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
        lines.append(f"  {v['id']} [{v['impact']}] {v['help']}: {targets}{more}")
    return "\n".join(lines)


def check_pages(page, live_server, axe_source, visits):
    """
    Visit each page; return a readable report of what axe and the console found there.
    A visit is a path, or a function that takes the page somewhere (a form sent empty).
    """
    problems = []
    for visit in visits:
        if callable(visit):
            visit(page)
        else:
            page.goto(f"{live_server.url}{visit}")
        page.wait_for_load_state("load")
        where = page.url.removeprefix(live_server.url)
        violations = axe_violations(page, axe_source)
        if violations:
            problems.append(summary(where, violations))
        if page.console_errors:
            problems.append(f"{where}: console errors {page.console_errors}")
            page.console_errors.clear()
    return problems


def submit_empty_story(page):
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("#form-errors")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_have_no_axe_violations(live_server, page, axe_source, content, width):
    page.set_viewport_size(WIDTHS[width])

    # The parts of a page most likely to go wrong must be there to be checked.
    def article_with_contents_table_and_references(page):
        page.goto(f"{live_server.url}{content['article'].get_absolute_url()}")
        expect(page.get_by_role("navigation", name="On this page")).to_be_visible()
        expect(page.get_by_role("table").first).to_contain_text("Scan to find the tumour")
        expect(page.get_by_role("heading", name="References")).to_be_visible()

    def hub_with_outcome_charts(page):
        page.goto(f"{live_server.url}/indications/kidney/")
        expect(page.get_by_role("img", name=re.compile("^Days until back"))).to_be_visible()

    def search_with_results(page):
        page.goto(f"{live_server.url}/search/?q=kidney")
        expect(page.get_by_role("heading", name=re.compile("results for"))).to_be_visible()

    problems = check_pages(
        page,
        live_server,
        axe_source,
        [
            "/",
            "/articles/",
            article_with_contents_table_and_references,
            "/indications/",
            hub_with_outcome_charts,
            "/stories/",
            content["story"].get_absolute_url(),
            search_with_results,
            "/accounts/login/",
            "/accounts/signup/",
        ],
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_member_pages_have_no_axe_violations(live_server, page, axe_source, content, width):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, live_server, "alice")

    def posts_in_every_state(page):
        page.goto(f"{live_server.url}/stories/mine/")
        for status in (
            "Published",
            "Waiting for review",
            "Changes requested",
            "Not published",
            "Withdrawn",
        ):
            expect(page.get_by_text(status, exact=True)).to_be_visible()

    problems = check_pages(
        page,
        live_server,
        axe_source,
        [
            "/stories/submit/",
            submit_empty_story,
            posts_in_every_state,
            content["story"].get_absolute_url(),  # with the report form
            "/accounts/profile/",
        ],
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_moderator_pages_have_no_axe_violations(live_server, page, axe_source, content, width):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, live_server, "mo")
    problems = check_pages(
        page,
        live_server,
        axe_source,
        ["/moderation/", f"/moderation/{content['pending'].pk}/"],
    )
    assert not problems, "\n".join(problems)


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

    expect(page.get_by_text("Welcome to CryoInfo, Sam.")).to_be_visible()
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

    expect(page.get_by_text("Nothing to review")).to_be_visible()
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

    expect(page.get_by_role("alert")).to_contain_text("Please correct the")
    title = page.get_by_label("Title")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(re.compile("This field is required"))
    # Every invalid field points, through aria-describedby, at an element with its error.
    invalid = page.locator("[aria-invalid='true']")
    assert invalid.count() >= 4
    for field in invalid.all():
        # A checkbox in a group is described by its fieldset, as GOV.UK does it.
        described = field.locator("xpath=ancestor-or-self::*[@aria-describedby][1]")
        ids = (described.get_attribute("aria-describedby") or "").split()
        texts = [page.locator(f"#{id_}").inner_text() for id_ in ids]
        assert any("required" in text.lower() or "tick" in text.lower() for text in texts), (
            f"{field.get_attribute('name')} is described by {ids}: {texts}"
        )
    # The indications are a group of checkboxes: the fieldset carries the description.
    group = page.get_by_role("group", name="What was it for?")
    expect(group).to_have_accessible_description(re.compile("Tick at least one"))
    assert page.console_errors == []
