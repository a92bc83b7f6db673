import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from cryoinfo.images import clean_image
from cryoinfo.models import Indication
from stories import services
from stories.models import Story, StoryRevision
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


def photo(name: str, size: tuple[int, int]):
    out = io.BytesIO()
    Image.new("RGB", size, (180, 200, 220)).save(out, "JPEG")
    return clean_image(SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg"))


@pytest.mark.parametrize("width", [320, 390])
def test_a_story_with_photos_fits_a_phone_screen(live_server, page, alice, mo, width):
    story = Story(author=alice, kind="patient")
    revision = StoryRevision(
        title="Home the next day",
        body="I had my kidney tumour frozen last spring and went home the next day.",
        procedure_year=2024,
        nights_in_hospital=0,
    )
    services.submit(
        story,
        revision,
        Indication.objects.filter(slug="kidney"),
        new_photos=[
            (photo("wide.jpg", (1200, 800)), "My scar a week later"),
            (photo("tall.jpg", (800, 1200)), "The ward"),
        ],
    )
    services.approve(story, story.version, mo)

    page.set_viewport_size({"width": width, "height": 844})
    page.goto(live_server.url + story.get_absolute_url())

    expect(page.get_by_role("img", name="My scar a week later")).to_be_visible()
    expect(page.get_by_role("heading", name="At a glance")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than a {width} px screen"
    assert page.console_errors == []


def sits_with(label: dict, control: dict) -> bool:
    """The label is just above its control, or just before it on the same line."""
    above = 0 <= control["y"] - (label["y"] + label["height"]) <= 12 and (
        abs(label["x"] - control["x"]) <= 4
    )
    label_middle = label["y"] + label["height"] / 2
    beside = control["y"] <= label_middle <= control["y"] + control["height"] and (
        0 <= control["x"] - (label["x"] + label["width"]) <= 24
    )
    return above or beside


@pytest.mark.parametrize("width", [1280, 390])
def test_each_search_filter_label_sits_with_its_list(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/search/?q=kidney")

    for name in ["Show", "About"]:
        form = page.get_by_role("search")
        label = form.locator("label", has_text=re.compile(f"^{name}$")).bounding_box()
        control = form.get_by_label(name, exact=True).bounding_box()
        assert sits_with(label, control), f"{name!r}: label at {label}, list at {control}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
