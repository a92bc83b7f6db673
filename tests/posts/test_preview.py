"""
The article editor's preview is the article page's own templates: what the preview shows
for a text is what readers get for it, with its reading age beside it.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import ArticleFactory, ReferenceFactory, UserFactory

pytestmark = pytest.mark.django_db
PREVIEW = reverse("admin:posts_article_preview")
BODY = (
    "Freezing kills the cells in a small area [1]. The ice shows on the scan [2].\n\n"
    "## How it works\n\nA thin probe goes in through the skin.\n\n"
    "### On the day\n\nMost people go home the next day [1]."
)


def part(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.DOTALL)
    assert found, pattern
    return found.group(0)


PARTS = {
    "body": r'<div class="prose">.*?</div>(?=\s*<section class="trust")',
    "contents": r'<nav class="toc".*?</nav>',
    "references": r'<ol class="references__list">.*?</ol>',
    "heading": r"<h1>.*?</h1>",
}


@pytest.fixture
def article():
    article = ArticleFactory(title="Freezing explained", body=BODY, indications=[])
    ReferenceFactory(article=article, position=1, title="A study of freezing")
    ReferenceFactory(article=article, position=2, title="A second study")
    article.save()  # its citations now link to the two references
    return article


def test_the_preview_of_a_text_is_the_public_page_of_that_text(client, editor, article):
    public = client.get(article.get_absolute_url()).content.decode()
    client.force_login(editor)

    preview = client.post(f"{PREVIEW}?article={article.pk}", {"content": BODY})

    assert preview.status_code == 200
    html = preview.content.decode()
    for name, pattern in PARTS.items():
        assert part(html, pattern) == part(public, pattern), name
    assert 'href="#ref-1"' in html and 'href="#ref-2"' in html  # citations are links


def test_the_preview_follows_the_text_as_it_is_typed_and_saves_nothing(client, editor, article):
    client.force_login(editor)
    history = article.history.count()

    html = client.post(
        f"{PREVIEW}?article={article.pk}",
        {"content": BODY + "\n\n## A new section\n\nWritten just now [2]."},
    ).content.decode()

    assert 'id="a-new-section"' in html and "A new section</a>" in html  # in the contents
    assert "Written just now" in html
    article.refresh_from_db()
    assert "A new section" not in article.body and "A new section" not in article.body_html
    assert article.history.count() == history


def test_the_preview_shows_the_reading_age_the_hard_sections_and_the_long_sentences(client, editor):
    long = (
        "Percutaneous image-guided cryoablation of histologically confirmed renal cell "
        "carcinoma demonstrates oncological outcomes comparable with minimally invasive "
        "partial nephrectomy, notwithstanding considerable methodological heterogeneity. "
    )
    text = "The probe is cold. You go home soon.\n\n## The evidence\n\n" + long * 3
    client.force_login(editor)

    html = client.post(PREVIEW, {"content": text}).content.decode()

    assert "Reading age" in html and "above our target" in html
    assert "“The evidence”: reading age" in html
    assert "The longest sentences" in html and "Percutaneous image-guided" in html


def test_the_editor_previews_through_the_article_page(client, editor, article):
    client.force_login(editor)

    html = client.get(reverse("admin:posts_article_change", args=[article.pk])).content.decode()
    new = client.get(reverse("admin:posts_article_add")).content.decode()

    assert f'data-markdownx-urls-path="{PREVIEW}?article={article.pk}"' in html
    assert f'data-markdownx-urls-path="{PREVIEW}"' in new
    assert "Readability (as last saved)" not in html


def test_hostile_text_is_sanitised_in_the_preview_as_on_the_page(client, editor):
    client.force_login(editor)

    html = client.post(
        PREVIEW, {"content": "<script>alert(1)</script>\n\n[x](javascript:alert(2))"}
    ).content.decode()

    assert "<script>alert" not in html and "javascript:" not in html


def test_a_text_too_long_to_preview_is_said_so(client, editor):
    client.force_login(editor)

    response = client.post(PREVIEW, {"content": "word " * 25_000})

    assert response.status_code == 413
    assert "too long to preview" in response.content.decode()


def test_only_people_who_write_articles_can_preview(client, alice, mo, editor):
    assert client.post(PREVIEW, {"content": BODY}).status_code == 302  # to sign in
    for person in (alice, mo):
        client.force_login(person)
        assert client.post(PREVIEW, {"content": BODY}).status_code == 302  # not staff
    staff = UserFactory(username="staffer", is_staff=True, two_factor=True)
    staff.user_permissions.set(Permission.objects.filter(codename="view_story"))
    client.force_login(staff)
    assert client.post(PREVIEW, {"content": BODY}).status_code == 403
    client.force_login(editor)
    assert client.get(PREVIEW).status_code == 405
    assert client.post(PREVIEW, {"content": BODY}).status_code == 200


def test_a_preview_never_shows_an_article_the_person_may_not_see(client, article):
    adder = UserFactory(username="adder", is_staff=True, two_factor=True)
    adder.user_permissions.set(Permission.objects.filter(codename="add_article"))
    client.force_login(adder)

    assert client.post(PREVIEW, {"content": BODY}).status_code == 200  # a new article
    refused = client.post(f"{PREVIEW}?article={article.pk}", {"content": BODY})
    assert refused.status_code == 403
    assert "A study of freezing" not in refused.content.decode()
