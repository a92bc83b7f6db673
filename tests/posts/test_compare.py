"""
Any two saved versions of an article, side by side and word by word, for everyone who
may change articles; the earlier one can be restored.
"""

import pytest
from django.urls import reverse

from posts.compare import compare, reference_lines, versions
from tests.factories import ArticleFactory, ReferenceFactory, UserFactory
from tests.posts.test_admin import article_form

pytestmark = pytest.mark.django_db


def change(client, article, **values):
    """Save the article through the admin, as an editor does."""
    data = article_form(slug=article.slug, **values)
    first = article.references.order_by("pk").first()
    data.update({"references-INITIAL_FORMS": "1", "references-0-id": first.pk,
                 "references-0-article": article.pk})  # fmt: skip
    response = client.post(reverse("admin:posts_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def article(client, editor):
    client.force_login(editor)
    client.post(reverse("admin:posts_article_add"), article_form(
        title="Freezing small kidney tumours",
        body="The probe freezes the lump. Most people go home the next day.",
    ))  # fmt: skip
    from posts.models import Article

    article = Article.objects.get()
    change(
        client, article,
        title="Freezing a small kidney tumour",
        body="The probe freezes the tumour. Most people go home the same day.",
        **{"references-TOTAL_FORMS": "2", "references-1-position": "2",
           "references-1-authors": "Jones CD", "references-1-title": "Home the same day",
           "references-1-source": "BJU International", "references-1-year": "2024",
           "references-1-doi": "", "references-1-pmid": "", "references-1-url": ""},
    )  # fmt: skip
    return article


def test_two_versions_differ_word_by_word(article):
    new, old = list(versions(article))[:2]

    result = compare(article, old, new)

    removed = [p.text.strip() for p in result.body if p.change == "removed"]
    added = [p.text.strip() for p in result.body if p.change == "added"]
    assert removed == ["lump.", "next"] and added == ["tumour.", "same"]
    assert [(p.change, p.text.strip()) for p in result.title if p.change] == [
        ("added", "a"),
        ("removed", "tumours"),
        ("added", "tumour"),
    ]
    assert [p.change for p in result.references if "Home the same day" in p.text] == ["added"]
    assert [p.change for p in result.references if "Freezing small tumours" in p.text] == [""]


def test_a_versions_references_are_those_saved_with_it(article):
    new, old = list(versions(article))[:2]

    assert len(reference_lines(article, old)) == 1
    assert len(reference_lines(article, new)) == 2


def test_the_compare_page_shows_both_versions_side_by_side(client, article):
    url = reverse("admin:posts_article_compare", args=[article.pk])

    html = client.get(url).content.decode()

    assert "Earlier:" in html and "Later:" in html
    assert '<del><span class="visually-hidden">[removed: </span>lump. ' in html
    assert '<ins><span class="visually-hidden">[added: </span>tumour. ' in html
    assert "Home the same day" in html
    old = list(versions(article))[1]
    restore = reverse("admin:posts_article_restore", args=[article.pk])
    assert f'action="{restore}"' in html
    assert f'name="version" value="{old.history_id}"' in html
    edit = client.get(reverse("admin:posts_article_change", args=[article.pk])).content.decode()
    assert f'href="{url}"' in edit  # "Compare versions" beside "History"


def test_any_two_versions_can_be_chosen_in_either_order(client, editor, article):
    change(client, article, title="A third title",
           body="The probe freezes the tumour. Most people go home the same day.")  # fmt: skip
    newest, middle, first = list(versions(article))[:3]
    url = reverse("admin:posts_article_compare", args=[article.pk])

    html = client.get(url, {"from": newest.history_id, "to": first.history_id}).content.decode()

    assert f'<option value="{first.history_id}" selected>' in html.replace("\n", "")
    assert "A third title" in html and "Freezing small kidney tumours" in html
    same = client.get(url, {"from": middle.history_id, "to": middle.history_id})
    assert "You chose the same version twice" in same.content.decode()
    odd = client.get(url, {"from": "x", "to": "99999999999999"})
    assert odd.status_code == 200  # nonsense picks the latest two


def test_only_people_who_may_see_articles_compare(client, alice, article):
    url = reverse("admin:posts_article_compare", args=[article.pk])
    client.force_login(alice)
    assert client.get(url).status_code == 302  # not staff: to the admin's sign-in
    staff = UserFactory(username="staffer", is_staff=True, two_factor=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403
    missing = reverse("admin:posts_article_compare", args=[987654])
    client.force_login(UserFactory(username="ed2", is_staff=True, is_superuser=True,
                                   two_factor=True))  # fmt: skip
    assert client.get(missing).status_code == 404


def test_an_article_saved_once_compares_with_itself(client, editor):
    article = ArticleFactory(title="Only once")
    ReferenceFactory(article=article)
    client.force_login(editor)

    html = client.get(reverse("admin:posts_article_compare", args=[article.pk])).content.decode()

    assert "only one saved version" in html


def test_staff_who_may_only_look_compare_but_are_not_offered_restore(client, article):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(username="viewer", is_staff=True, two_factor=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_article"))
    client.force_login(viewer)

    change = client.get(reverse("admin:posts_article_change", args=[article.pk]))
    page = client.get(reverse("admin:posts_article_compare", args=[article.pk]))

    assert change.status_code == 200  # read only, and no 500 for the missing editor
    assert page.status_code == 200 and "Later:" in page.content.decode()
    assert "Restore the earlier version" not in page.content.decode()


def test_odd_version_numbers_are_ignored(client, article):
    url = reverse("admin:posts_article_compare", args=[article.pk])

    assert client.get(url, {"from": "²", "to": "-1"}).status_code == 200


def test_restoring_makes_a_draft_and_readers_keep_the_signed_off_words(
    client, editor, reviewer, article
):
    from posts.models import Article
    from tests.factories import go_live

    live = go_live(article, reviewer, editor)
    assert live.title == "Freezing a small kidney tumour"
    old = list(versions(article))[-1]  # the first save: "Freezing small kidney tumours"
    client.force_login(editor)

    response = client.post(
        reverse("admin:posts_article_restore", args=[article.pk]), {"version": old.history_id}
    )

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.draft_title == "Freezing small kidney tumours"
    assert "Most people go home the next day." in article.draft_body
    assert article.review_state == Article.ReviewState.DRAFT
    assert article.title == "Freezing a small kidney tumour"  # readers: unchanged
    assert versions(article).first().history_change_reason.startswith("Restored the version")
    client.logout()
    assert (
        "Freezing a small kidney tumour" in client.get(article.get_absolute_url()).content.decode()
    )


def test_restore_is_for_editors_only_and_by_post(client, reviewer, article):
    old = list(versions(article))[-1]
    url = reverse("admin:posts_article_restore", args=[article.pk])
    assert client.get(url).status_code == 405
    client.force_login(reviewer)  # may look, may not change
    assert client.post(url, {"version": old.history_id}).status_code == 403
    client.force_login(UserFactory(username="ed3", is_staff=True, is_superuser=True,
                                   two_factor=True))  # fmt: skip
    assert client.post(url, {"version": "99999"}).status_code == 404


def test_django_simple_historys_own_revert_is_switched_off(client, editor, article):
    old = list(versions(article))[-1]
    url = reverse("admin:posts_article_simple_history", args=[article.pk, old.history_id])

    page = client.get(url)
    sent = client.post(url, article_form(slug=article.slug, title="Freezing small kidney tumours"))

    assert sent.status_code == 405
    assert "Revert" not in page.content.decode().split("<title>")[1].split("</title>")[0]
    article.refresh_from_db()
    assert article.draft_title == "Freezing a small kidney tumour"
