import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory, medical_reviewer, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, username):
    """Sign in to the admin: it has no form of its own, so the site's, with the second step."""
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("E-mail or user name").fill(username)
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(totp_code())
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")


def sign_in_to_admin(page, live_server, username="editor-in-chief"):
    UserFactory(username=username, is_staff=True, is_superuser=True, password="a-long-password-1")
    sign_in(page, live_server, username)


def test_admin_writes_an_article_and_sees_the_sanitised_live_preview(live_server, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, live_server)

    page.goto(f"{live_server.url}/admin/posts/article/add/")
    page.get_by_role("textbox", name="Title:", exact=True).first.fill("Live preview check")
    page.get_by_label("Text:").fill(
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
        f"/admin/posts/article/{article.pk}/submit/",
        f"/admin/posts/article/{article.pk}/fix/",
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


def test_editor_and_reviewer_take_an_article_through_medical_sign_off(live_server, browser):
    """
    Editor drafts → submits → the reviewer compares and signs off → the editor publishes →
    a reader sees the reviewer and the date → the editor changes a sentence → readers keep
    the signed-off text until the reviewer signs off the change.
    """
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    editor = UserFactory(username="edna", is_staff=True, password="a-long-password-1")
    editor.user_permissions.set(
        Permission.objects.filter(content_type__app_label="posts").exclude(
            codename="sign_off_article"
        )
    )
    medical_reviewer(is_staff=True, password="a-long-password-1")

    def person(width=1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.console_errors = []
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        return page

    desk, clinic, reader = person(), person(), person(390)
    sign_in(desk, live_server, "edna")
    sign_in(clinic, live_server, "rita")

    # The editor drafts and submits.
    desk.goto(f"{live_server.url}/admin/posts/article/add/")
    desk.get_by_role("textbox", name="Title:", exact=True).first.fill("Freezing a kidney tumour")
    desk.get_by_label("Summary:").fill("What happens on the day, in plain words.")
    desk.get_by_label("Text:").fill("You go home the next day.\n\n## Afterwards\n\nRest a week.")
    desk.get_by_role("button", name="Save and continue editing").first.click()
    expect(desk.locator(".review-panel")).to_contain_text("Being edited")
    desk.locator(".review-panel").get_by_role("link", name="Submit for medical review").click()
    desk.get_by_label("Note to the reviewer").fill("New article on the day of the procedure.")
    desk.get_by_role("button", name="Submit for medical review").click()
    expect(desk.locator(".review-panel")).to_contain_text("Waiting for medical review")
    article_url = desk.url

    # The reviewer finds it, compares and signs off.
    clinic.goto(f"{live_server.url}/admin/posts/article/?review_state__exact=in_review")
    clinic.get_by_role("link", name="Freezing a kidney tumour").click()
    clinic.locator(".review-panel").get_by_role("link", name="Review version 1").click()
    expect(clinic.locator(".compare-versions__table")).to_contain_text("You go home the next day.")
    expect(clinic.get_by_label("Your credentials as readers will see them")).to_have_value(
        "Consultant interventional radiologist"
    )
    clinic.get_by_label("Your credentials as readers will see them").fill(
        "MD, consultant interventional radiologist"
    )
    clinic.get_by_role("button", name="Sign off version 1").click()
    expect(clinic.locator(".messagelist")).to_contain_text("An editor can now publish it")

    # The editor publishes.
    desk.goto(article_url)
    desk.get_by_label("Status:").select_option("published")
    desk.get_by_role("button", name="Save and continue editing").first.click()
    expect(desk.locator(".messagelist")).to_contain_text("Published version 1")

    # A reader sees it, with who signed it off and when.
    public = f"{live_server.url}/articles/freezing-a-kidney-tumour/"
    reader.goto(public)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Freezing a kidney tumour")
    trust = reader.locator(".trust")
    expect(trust).to_contain_text("Rita Osei")
    expect(trust).to_contain_text("MD, consultant interventional radiologist")
    expect(trust).to_contain_text(timezone.localdate().strftime("%-d %B %Y"))

    # The editor changes a sentence; readers keep the signed-off one.
    desk.goto(article_url)
    desk.get_by_label("Text:").fill(
        "Most people go home the same day.\n\n## Afterwards\n\nRest a week."
    )
    desk.get_by_role("button", name="Save and continue editing").first.click()
    expect(desk.locator(".messagelist")).to_contain_text("Readers still see the signed-off version")
    reader.reload()
    expect(reader.locator(".prose")).to_contain_text("You go home the next day.")
    desk.locator(".review-panel").get_by_role("link", name="Submit for medical review").click()
    desk.get_by_role("button", name="Submit for medical review").click()
    reader.reload()
    expect(reader.locator(".prose")).to_contain_text("You go home the next day.")

    # The reviewer sees the change word by word and signs it off; readers see it at once.
    clinic.goto(article_url)
    clinic.locator(".review-panel").get_by_role("link", name="Review version 2").click()
    expect(clinic.locator(".compare-versions__table del").first).to_contain_text("You")
    expect(clinic.locator(".compare-versions__table ins").first).to_contain_text("Most people")
    clinic.get_by_label("What changed, for readers").fill("Most people now go home the same day.")
    clinic.get_by_role("button", name="Sign off version 2").click()
    expect(clinic.locator(".messagelist")).to_contain_text("Readers see it now")
    reader.reload()
    expect(reader.locator(".prose")).to_contain_text("Most people go home the same day.")
    expect(reader.locator(".changes")).to_contain_text("Most people now go home the same day.")
    for page in (desk, clinic, reader):
        assert page.console_errors == []


def test_the_reviewers_pages_have_no_axe_violations(live_server, browser, axe_source):
    """The index's waiting list, the article seen by a reviewer and the review itself."""

    from posts import workflow
    from tests.browser.accessibility import axe_violations, summary
    from tests.factories import ArticleFactory, ReferenceFactory, go_live

    reviewer = medical_reviewer(is_staff=True, password="a-long-password-1")
    article = ArticleFactory(title="Freezing explained", body="Short words [1].")
    ReferenceFactory(article=article)
    article = go_live(article, reviewer)
    article.draft_body = "Shorter words [1].\n\n## How\n\nIt is cold."
    article.save()
    workflow.submit(article, None)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    sign_in(page, live_server, "rita")

    problems = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ["/admin/", f"/admin/posts/article/{article.pk}/change/",
                     f"/admin/posts/article/{article.pk}/review/"]:  # fmt: skip
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("load")
            if errors:
                problems.append(f"{page.url}: console errors {errors}")
            violations = axe_violations(page, axe_source)
            if violations:
                problems.append(summary(f"{page.url} at {width} px", violations))
            errors.clear()
    context.close()

    assert not problems, "\n".join(problems)
