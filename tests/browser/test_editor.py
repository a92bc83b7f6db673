import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_to_admin(page, live_server, username="editor-in-chief"):
    UserFactory(username=username, is_staff=True, is_superuser=True, password="a-long-password-1")
    # The admin has no sign-in form of its own: the site's, with the second step.
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("E-mail or user name").fill(username)
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(totp_code())
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")


def test_admin_writes_an_article_and_sees_the_sanitised_live_preview(live_server, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, live_server)

    page.goto(f"{live_server.url}/admin/posts/article/add/")
    page.get_by_role("textbox", name="Title:", exact=True).first.fill("Live preview check")
    page.get_by_label("Body:").fill(
        "## Heading from the editor\n\n**Bold words** <script>window.hacked=1</script>"
    )

    preview = page.locator(".markdownx-preview")
    # The preview is fetched after a pause in typing: slow on a loaded machine.
    heading = preview.get_by_role("heading", name="Heading from the editor")
    expect(heading).to_be_visible(timeout=15_000)
    expect(preview.locator("strong")).to_have_text("Bold words")
    assert preview.locator("script").count() == 0
    assert page.evaluate("window.hacked") is None
    assert page.console_errors == []
