import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from posts.models import Article
from tests.factories import ArticleFactory, DraftFactory, go_live

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:posts_article_add")
LIST_URL = reverse("admin:posts_article_changelist")


def article_form(**overrides) -> dict:
    """
    The article form as an editor sends it. `title`, `summary` and `body` are the working
    copy's (draft_title, …): what the editor types.
    """
    data = {
        "draft_title": "Cryoablation for small kidney tumours",
        "slug": "small-kidney-tumours",
        "draft_summary": "What happens and who it suits.",
        "draft_body": "Intro [1].\n\n## How it works\n\nThe probe freezes it.",
        "byline": "CryoInfo editorial team",
        "next_review_due": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "hero_alt": "",
        "references-TOTAL_FORMS": "1",
        "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0",
        "references-MAX_NUM_FORMS": "1000",
        "references-0-position": "1",
        "references-0-authors": "Smith AB",
        "references-0-title": "Freezing small tumours",
        "references-0-source": "Journal of Urology",
        "references-0-year": "2021",
        "references-0-doi": "10.1000/jur.123",
        "references-0-pmid": "34115547",
        "references-0-url": "",
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
        "changes-MIN_NUM_FORMS": "0",
        "changes-MAX_NUM_FORMS": "1000",
    }
    for name in ("title", "summary", "body"):
        if name in overrides:
            overrides[f"draft_{name}"] = overrides.pop(name)
    data.update(overrides)
    return data


def jpeg_upload(name="hero.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 220, 240)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def test_editor_adds_a_draft_with_indications_and_references(client, editor, kidney, liver):
    client.force_login(editor)

    response = client.post(ADD_URL, article_form(indications=[kidney.pk, liver.pk]))

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="small-kidney-tumours")
    assert article.status == Article.Status.DRAFT
    assert article.created_by == editor
    assert article.review_state == Article.ReviewState.DRAFT
    assert set(article.indications.values_list("slug", flat=True)) == {"kidney", "liver"}
    assert article.references.get().pmid == "34115547"
    # The citation links to the reference saved after the article.
    assert '<a href="#ref-1">[1]</a>' in article.body_html
    assert client.get(article.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_publishing_without_a_sign_off_is_refused_with_a_message(client, editor):
    client.force_login(editor)

    response = client.post(ADD_URL, article_form(status="published"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "medical reviewer has signed off" in str(errors["status"])
    assert not Article.objects.exists()


def test_indications_are_chosen_from_the_curated_list_not_typed(client, editor):
    client.force_login(editor)

    form_html = client.get(ADD_URL).content.decode()
    response = client.post(ADD_URL, article_form(indications=["spleen"]))

    assert 'type="checkbox" name="indications"' in form_html
    assert "is not a valid value" in str(response.context["adminform"].form.errors["indications"])
    assert not Article.objects.exists()


def test_editor_uses_the_markdownx_editor(client, editor):
    client.force_login(editor)

    html = client.get(ADD_URL).content.decode()

    assert 'class="markdownx' in html
    # Its preview is the article page's own (tests/posts/test_preview.py).
    assert 'data-markdownx-urls-path="/admin/posts/article/preview/"' in html
    assert 'data-markdownx-upload-urls-path="/markdownx/upload/"' in html


def test_hero_image_is_reencoded_and_needs_a_description(client, editor, media_root):
    client.force_login(editor)

    refused = client.post(ADD_URL, article_form(hero_image=jpeg_upload()))
    accepted = client.post(
        ADD_URL, article_form(hero_image=jpeg_upload("my holiday.jpg"), hero_alt="A probe")
    )

    assert "Describe the picture" in refused.content.decode()
    assert accepted.status_code == 302
    article = Article.objects.get()
    assert article.hero_image.name.startswith("articles/")
    assert "holiday" not in article.hero_image.name
    assert (article.hero_width, article.hero_height) == (64, 48)


def test_hero_image_that_is_not_an_image_gets_a_message(client, editor):
    client.force_login(editor)
    fake = SimpleUploadedFile("hero.jpg", b"<html>not a picture</html>", "image/jpeg")

    response = client.post(ADD_URL, article_form(hero_image=fake, hero_alt="x"))

    assert response.status_code == 200
    assert "hero_image" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_editor_changes_an_article_and_readers_keep_the_signed_off_words(client, editor, reviewer):
    article = go_live(ArticleFactory(slug="small-kidney-tumours", title="Old title"), reviewer)
    client.force_login(editor)

    response = client.post(
        reverse("admin:posts_article_change", args=[article.pk]),
        article_form(title="New title", body="Changed words.", status="published",
                     published_at_0="2026-11-01", published_at_1="10:00:00"),
        follow=True,
    )  # fmt: skip

    assert "Readers still see the signed-off version" in response.content.decode()
    article.refresh_from_db()
    assert (article.draft_title, article.draft_body) == ("New title", "Changed words.")
    assert article.title == "Old title"  # what readers see waits for a sign-off
    assert article.review_state == Article.ReviewState.DRAFT
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Old title" in page and "New title" not in page and "Changed words" not in page


def test_list_filters_by_status_indication_and_overdue_review(client, editor, kidney):
    ArticleFactory(title="Kidney live", indications=[kidney])
    DraftFactory(title="A draft")
    ArticleFactory(
        title="Stale page", last_reviewed=timezone.localdate() - datetime.timedelta(days=500)
    )
    client.force_login(editor)

    def titles(params):
        return [a.title for a in client.get(LIST_URL, params).context["cl"].result_list]

    assert titles({"status__exact": "draft"}) == ["A draft"]
    assert titles({"indication": "kidney"}) == ["Kidney live"]
    assert titles({"review": "overdue"}) == ["Stale page"]
    assert titles({"q": "Stale"}) == ["Stale page"]


def test_list_filters_by_reviewer(client, editor):
    ArticleFactory(title="Checked by Ruiz", reviewer_name="Dr Ana Ruiz")
    ArticleFactory(title="Checked by Okafor", reviewer_name="Dr Bola Okafor")
    DraftFactory(title="Not checked", reviewer_name="")
    client.force_login(editor)

    page = client.get(LIST_URL, {"reviewer": "Dr Bola Okafor"})

    assert [a.title for a in page.context["cl"].result_list] == ["Checked by Okafor"]
    assert "Dr Ana Ruiz" in page.content.decode()  # offered as a choice


def test_the_editor_shows_whole_titles_summaries_and_names(client, editor):
    from tests.factories import ReferenceFactory

    article = ArticleFactory()
    ReferenceFactory(article=article)
    client.force_login(editor)

    html = client.get(reverse("admin:posts_article_change", args=[article.pk])).content.decode()

    for name in ("draft_title", "byline"):
        assert re.search(
            rf'<input type="text" name="{name}"[^>]*class="vTextField wide-input"', html
        )
    assert re.search(r'<textarea name="draft_summary"[^>]*class="wide-input"', html)
    for name in ("references-0-title", "references-0-authors", "changes-__prefix__-description"):
        assert re.search(
            rf'<input type="text" name="{name}"[^>]*class="vTextField wide-input"', html
        )


def test_list_searches_bodies(client, editor):
    ArticleFactory(title="One", body="Mentions the pneumothorax risk.")
    ArticleFactory(title="Two", body="Nothing relevant.")
    client.force_login(editor)

    result = client.get(LIST_URL, {"q": "pneumothorax"}).context["cl"].result_list

    assert [a.title for a in result] == ["One"]


def test_publish_action_publishes_only_signed_off_articles(client, editor, reviewer):
    from posts import workflow

    ready = DraftFactory(title="Ready")
    workflow.sign_off(workflow.submit(ready, editor), reviewer, credentials="MD")
    waiting = DraftFactory(title="Waiting")
    workflow.submit(waiting, editor)
    unready = DraftFactory(title="Unready")
    client.force_login(editor)

    response = client.post(
        LIST_URL,
        {"action": "publish", "_selected_action": [ready.pk, waiting.pk, unready.pk]},
        follow=True,
    )

    assert Article.objects.get(pk=ready.pk).status == Article.Status.PUBLISHED
    assert Article.objects.get(pk=waiting.pk).status == Article.Status.DRAFT
    assert Article.objects.get(pk=unready.pk).status == Article.Status.DRAFT
    skipped = re.search(r"no version is signed off by a medical reviewer: ([^<]*)<", (
        response.content.decode()
    ))  # fmt: skip
    assert sorted(skipped.group(1).split("; ")) == ["Unready", "Waiting"]


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_people_who_are_not_staff_cannot_reach_the_article_admin(client, who, alice):
    if who == "alice":
        client.force_login(alice)

    response = client.post(ADD_URL, article_form())

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not Article.objects.exists()


def test_staff_without_article_rights_cannot_add(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="helpdesk", is_staff=True))

    assert client.post(ADD_URL, article_form()).status_code == 403
    assert not Article.objects.exists()


def test_only_admins_manage_indications(client, editor, admin):
    client.force_login(editor)
    assert client.get(reverse("admin:cryoinfo_indication_add")).status_code == 403
    client.force_login(admin)
    assert client.get(reverse("admin:cryoinfo_indication_add")).status_code == 200
