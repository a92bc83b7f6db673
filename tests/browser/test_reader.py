import re

import pytest
from playwright.sync_api import expect

from cryoinfo.models import Indication
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_browses_an_indication_and_reads_an_article(live_server, page):
    kidney = Indication.objects.get(slug="kidney")
    article = ArticleFactory(
        title="Freezing small kidney tumours",
        summary="What happens on the day.",
        body="Intro [1].\n\n## On the day\n\nYou lie still.\n\n## Afterwards\n\nRest.",
        indications=[kidney],
    )
    ReferenceFactory(article=article, position=1, title="A kidney study")
    article.save()

    page.goto(live_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Indications").click()
    page.get_by_role("link", name="Kidney tumours").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cryoablation for kidney tumours")

    page.get_by_role("link", name="Freezing small kidney tumours").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Freezing small kidney tumours")
    page.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Afterwards"
    ).click()
    expect(page).to_have_url(re.compile("#afterwards$"))
    expect(page.get_by_role("heading", name="Who wrote and checked this page")).to_be_visible()
    expect(page.locator("time").first).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-\d{2}-\d{2}$")
    )
    expect(page.get_by_role("link", name="DOI: 10.1000/xyz123")).to_be_visible()
    assert page.console_errors == []


def test_keyboard_user_can_skip_to_the_content(live_server, page):
    page.goto(live_server.url)

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile("#main$"))
