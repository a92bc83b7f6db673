import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from tests.factories import UserFactory, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def photo_file(tmp_path):
    path = tmp_path / "recovery.jpg"
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 170, 200)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_patient_shares_a_story_a_moderator_approves_it_and_readers_see_it(
    live_server, browser, tmp_path
):
    errors = []

    def new_page():
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    # A patient signs up.
    patient = new_page()
    patient.goto(f"{live_server.url}/accounts/signup/")
    patient.get_by_label("E-mail address").fill("sam@example.org")
    patient.get_by_label("Display name").fill("Sam")
    patient.get_by_label("Password", exact=True).fill("frozen-but-fine-2026")
    patient.get_by_label("Password again").fill("frozen-but-fine-2026")
    patient.get_by_role("button", name="Create account").click()
    expect(patient.get_by_text("Welcome, Sam.")).to_be_visible()

    # Sam can write at once, but sends for review only from a confirmed address.
    patient.goto(f"{live_server.url}/stories/submit/")
    expect(patient.get_by_text("Please confirm your e-mail address.")).to_be_visible()
    [message] = mail.outbox
    assert message.to == ["sam@example.org"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    patient.goto(link.replace("http://testserver", live_server.url))
    patient.get_by_role("button", name="Confirm").click()
    expect(patient.get_by_text("Thank you: sam@example.org is confirmed.")).to_be_visible()

    # …and shares their story with a photo.
    patient.goto(f"{live_server.url}/stories/submit/")
    patient.get_by_label("Title").fill("Home the next morning after kidney cryoablation")
    patient.get_by_label("Your story").fill(
        "The probe went in through my back under sedation. I was sore for two days and "
        "back at my desk after a week. **Ask about the follow-up scans.**"
    )
    expect(patient.locator(".markdownx-preview strong")).to_have_text(
        "Ask about the follow-up scans."
    )
    patient.get_by_role("checkbox", name="Kidney tumours").check()
    patient.get_by_label(re.compile("^Photo 1")).set_input_files(photo_file(tmp_path))
    patient.get_by_label("Describe photo 1").fill("A small plaster on my lower back")
    patient.get_by_label("Days until back to usual activities").fill("7")
    patient.get_by_role("checkbox", name="This post is about my own experience").check()
    patient.get_by_role("checkbox", name="I agree that CryoInfo may publish").check()
    patient.get_by_role("checkbox", name="I understand my post is a personal account").check()
    patient.get_by_role("button", name="Send for review").click()

    expect(patient.get_by_role("heading", level=1)).to_have_text("Your posts")
    expect(patient.get_by_text("Waiting for review")).to_be_visible()

    # Readers cannot see it yet.
    reader = new_page()
    reader.goto(f"{live_server.url}/stories/")
    expect(reader.get_by_text("Home the next morning")).to_have_count(0)

    # A moderator approves it.
    moderator = UserFactory(username="morgan", password="moderate-with-care-1", two_factor=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    mod = new_page()
    mod.goto(f"{live_server.url}/accounts/login/")
    mod.get_by_label("E-mail or user name").fill("morgan")
    mod.get_by_label("Password").fill("moderate-with-care-1")
    mod.get_by_role("button", name="Sign in").click()
    mod.get_by_label("Code", exact=True).fill(totp_code())
    mod.get_by_role("button", name="Sign in").click()
    mod.get_by_role("link", name="Moderation").click()
    mod.get_by_role("link", name="Home the next morning after kidney cryoablation").click()
    expect(mod.get_by_role("img", name="A small plaster on my lower back")).to_be_visible()
    mod.get_by_role("button", name="Approve").click()
    expect(mod.get_by_text("Nothing to review")).to_be_visible()

    # Now everybody can read it, photo included.
    reader.goto(f"{live_server.url}/stories/")
    reader.get_by_role("link", name="Home the next morning after kidney cryoablation").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Home the next morning after kidney cryoablation"
    )
    photo = reader.get_by_role("img", name="A small plaster on my lower back")
    expect(photo).to_be_visible()
    # The photo loads lazily: bring it into view, then wait until the browser has decoded it.
    photo.scroll_into_view_if_needed()
    reader.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    expect(reader.get_by_text("By Sam")).to_be_visible()
    assert errors == []
