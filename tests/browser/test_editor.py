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
    expect(preview.locator(".prose strong")).to_have_text("Bold words")
    # The article page's own parts: its contents, and the reading age as typed.
    expect(preview.locator(".toc")).to_contain_text("Heading from the editor")
    expect(preview.locator(".readability")).to_contain_text("Reading age")
    assert preview.locator("script").count() == 0
    assert page.evaluate("window.hacked") is None
    assert page.console_errors == []


def test_the_editorial_pages_we_added_have_no_axe_violations(live_server, page, axe_source):
    """The article list, the editor with its preview, the compare page and the index panel."""
    from posts.models import Article
    from tests.browser.accessibility import axe_violations, summary
    from tests.factories import ArticleFactory, ReferenceFactory

    article = ArticleFactory(
        title="Freezing explained", body="Short words [1].\n\n## How\n\nIt is cold."
    )
    ReferenceFactory(article=article)
    article.title = "Freezing, explained"
    article.save()
    assert Article.history.count() >= 2
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, live_server)

    def editor_with_its_preview(page):
        page.goto(f"{live_server.url}/admin/posts/article/{article.pk}/change/")
        expect(page.locator(".markdownx-preview .readability")).to_be_visible(timeout=15_000)

    problems = []
    for visit in [
        "/admin/",
        "/admin/posts/article/",
        editor_with_its_preview,
        f"/admin/posts/article/{article.pk}/compare/",
    ]:
        if callable(visit):
            visit(page)
        else:
            page.goto(f"{live_server.url}{visit}")
        page.wait_for_load_state("load")
        # The page's own errors, before axe runs: on the admin's pages, axe's own attempt
        # to read the stylesheets is refused by our Content-Security-Policy, in the console.
        if page.console_errors:
            problems.append(f"{page.url}: console errors {page.console_errors}")
        violations = axe_violations(page, axe_source)
        if violations:
            problems.append(summary(page.url, violations))
        page.console_errors.clear()

    assert not problems, "\n".join(problems)
