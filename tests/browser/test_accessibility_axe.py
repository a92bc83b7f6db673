"""
Accessibility, checked by axe-core: no WCAG 2.x A/AA violations (nor best-practice ones such
as landmarks and heading order) on the pages the public, members and moderators use, at a
phone and a desktop width.

axe-core comes from npm (package.json pins it; `npm ci` installs it into node_modules/).
Without it these checks skip and say why.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import PASSWORD, check_pages, sign_in, small_site

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}


@pytest.fixture
def content():
    """The small site of tests/browser/accessibility.py."""
    return small_site()


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

    def sign_up_with_mistakes(page):
        page.goto(f"{live_server.url}/accounts/signup/")
        page.get_by_label("E-mail address").fill("not an address")
        page.get_by_role("button", name="Create account").click()
        expect(page.locator(".field-error").first).to_be_visible()

    def two_factor_step(page):  # the second step of a moderator's sign-in
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mail or user name").fill("mo")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_label("Code", exact=True)).to_be_visible()

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
            content["story"].get_absolute_url(),  # with a clinician's response and a reply
            "/stories/?responded=1",
            "/editorial-policy/",  # with the moderation figures
            search_with_results,
            "/accounts/login/",
            "/accounts/signup/",
            sign_up_with_mistakes,
            "/accounts/password/reset/",
            two_factor_step,
        ],
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_member_pages_have_no_axe_violations(live_server, page, axe_source, content, width):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, live_server, "alice")

    def reply_with_a_mistake(page):
        page.goto(f"{live_server.url}{content['story'].get_absolute_url()}")
        page.get_by_label("Your reply").fill("Too short")
        page.get_by_role("button", name="Send reply for review").click()
        expect(page.get_by_role("alert")).to_contain_text("Please correct this problem")

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
            content["story"].get_absolute_url(),  # with the report, reply and thanks forms
            reply_with_a_mistake,
            f"/stories/{content['published'].pk}/withdraw/",
            "/accounts/profile/",
            "/accounts/email/",
            "/accounts/password/change/",
            "/accounts/2fa/",
            "/accounts/2fa/totp/activate/",
            "/accounts/sessions/",
            "/accounts/logout/",
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
        [
            "/moderation/",
            "/moderation/?kind=story&flag=edit&order=newest",
            "/moderation/?show=approved",
            f"/moderation/{content['pending'].pk}/",
            f"/moderation/{content['edited'].pk}/",  # the word-level comparison
        ],
    )
    assert not problems, "\n".join(problems)
