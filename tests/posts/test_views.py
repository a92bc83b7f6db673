import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import Article
from stories import services
from tests.factories import ArticleFactory, DraftFactory, ReferenceFactory, make_story

pytestmark = pytest.mark.django_db


def test_article_list_shows_published_articles_newest_first(client):
    now = timezone.now()
    ArticleFactory(title="Older guide", published_at=now - datetime.timedelta(days=3))
    ArticleFactory(title="Newer guide", published_at=now - datetime.timedelta(days=1))

    response = client.get(reverse("posts:list"))

    assert response.status_code == 200
    titles = [a.title for a in response.context["page"].object_list]
    assert titles == ["Newer guide", "Older guide"]


def test_article_list_hides_drafts_and_scheduled_articles(client):
    ArticleFactory(title="Live guide")
    DraftFactory(title="Secret draft")
    ArticleFactory(
        title="Tomorrow's guide", published_at=timezone.now() + datetime.timedelta(days=1)
    )

    content = client.get(reverse("posts:list")).content.decode()

    assert "Live guide" in content
    assert "Secret draft" not in content
    assert "Tomorrow&#x27;s guide" not in content


def test_article_list_filters_by_indication(client, kidney, liver):
    ArticleFactory(title="About kidneys", indications=[kidney])
    ArticleFactory(title="About livers", indications=[liver])

    response = client.get(reverse("posts:list"), {"indication": "kidney"})

    assert [a.title for a in response.context["page"].object_list] == ["About kidneys"]
    assert 'aria-current="true">Kidney tumours</a>' in response.content.decode()


def test_article_list_unknown_indication_is_404(client):
    assert client.get(reverse("posts:list"), {"indication": "spleen"}).status_code == 404


def test_article_list_paginates_and_tolerates_bad_page_numbers(client):
    ArticleFactory.create_batch(15)

    first = client.get(reverse("posts:list"))
    second = client.get(reverse("posts:list"), {"page": "2"})
    junk = client.get(reverse("posts:list"), {"page": "abc"})
    beyond = client.get(reverse("posts:list"), {"page": "999"})

    assert len(first.context["page"].object_list) == 12
    assert len(second.context["page"].object_list) == 3
    assert junk.status_code == 200 and junk.context["page"].number == 1
    assert beyond.status_code == 200 and beyond.context["page"].number == 2
    assert 'href="?page=2"' in first.content.decode()


def test_article_list_pagination_keeps_the_indication_filter(client, kidney):
    ArticleFactory.create_batch(13, indications=[kidney])

    content = client.get(reverse("posts:list"), {"indication": "kidney"}).content.decode()

    assert 'href="?indication=kidney&amp;page=2"' in content


@pytest.mark.parametrize("rows", [5, 50])
def test_article_list_query_count_does_not_grow(
    client, kidney, liver, rows, django_assert_max_num_queries
):
    ArticleFactory.create_batch(rows, indications=[kidney, liver])

    with django_assert_max_num_queries(4):
        response = client.get(reverse("posts:list"))

    assert "Kidney tumours" in response.content.decode()


def test_article_list_and_related_cards_never_load_the_text(client, kidney):
    ArticleFactory(title="Sibling", indications=[kidney])
    article = ArticleFactory(title="Main", indications=[kidney])

    listed = client.get(reverse("posts:list")).context["page"].object_list
    related = client.get(article.get_absolute_url()).context["related_articles"]

    for card in [*listed, *related]:
        assert {"body", "body_html", "toc"} <= card.get_deferred_fields()
    assert [card.title for card in related] == ["Sibling"]


def test_article_page_shows_body_toc_and_trust_block(client, kidney):
    article = ArticleFactory(
        title="Freezing kidney tumours",
        summary="How it is done.",
        body="Intro text [1].\n\n## How it works\n\nCold.\n\n### The probe\n\nThin.\n",
        byline="Jo Writer",
        reviewer_name="Dr Ana Ruiz",
        reviewer_credentials="MD, interventional radiologist",
        last_reviewed=datetime.date(2026, 3, 1),
        indications=[kidney],
    )
    ReferenceFactory(article=article, position=1, doi="10.1000/abc", pmid="123456")
    article.save()

    response = client.get(article.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Freezing kidney tumours</h1>" in content
    assert '<h2 id="how-it-works">How it works</h2>' in content
    assert '<a href="#how-it-works">How it works</a>' in content
    assert '<a href="#the-probe">The probe</a>' in content
    assert '<sup><a href="#ref-1">[1]</a></sup>' in content
    assert "1 min read" in content
    assert "Jo Writer" in content
    assert "Dr Ana Ruiz" in content and "MD, interventional radiologist" in content
    assert '<time datetime="2026-03-01">1 March 2026</time>' in content
    assert '<time datetime="2027-03-01">1 March 2027</time>' in content
    assert '<li id="ref-1">' in content
    assert 'href="https://doi.org/10.1000/abc"' in content
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/123456/"' in content
    assert "not medical advice" in content
    assert 'href="/indications/kidney/"' in content


def test_article_page_says_when_medical_review_is_pending(client):
    article = ArticleFactory(reviewer_name="", reviewer_credentials="")

    content = client.get(article.get_absolute_url()).content.decode()

    assert "Medical review pending" in content
    assert "Not yet reviewed by a clinician" in content


def test_article_page_flags_an_overdue_review(client):
    article = ArticleFactory(
        last_reviewed=timezone.localdate() - datetime.timedelta(days=400),
    )

    content = client.get(article.get_absolute_url()).content.decode()

    assert "Review overdue" in content


def test_article_page_escapes_and_sanitises_what_editors_type(client):
    article = ArticleFactory(
        title="<script>alert('t')</script>",
        summary="<img src=x onerror=alert(1)>",
        body="Hello <script>alert('b')</script> [x](javascript:alert(1))",
        byline="<b>Bold</b>",
    )

    content = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert" not in content
    assert "<img src=x onerror" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "javascript:" not in content
    assert "&lt;b&gt;Bold&lt;/b&gt;" in content


@pytest.mark.parametrize("rows", [2, 20])
def test_article_page_query_count(client, alice, bob, mo, kidney, liver, rows,
                                  django_assert_max_num_queries):  # fmt: skip
    article = ArticleFactory(indications=[kidney, liver])
    ReferenceFactory.create_batch(6, article=article)
    ArticleFactory.create_batch(rows, indications=[kidney])
    for n in range(rows):
        story = make_story(alice if n % 2 else bob, title=f"Story {n}", indications=["kidney"])
        services.add_quote(story, "went home the next day", kidney, mo)

    # The article (its signed-off references are on its row), its indications, related
    # stories, articles and quotes: five queries, one under the six a public page may make.
    with django_assert_max_num_queries(5):
        html = client.get(article.get_absolute_url()).content.decode()

    # Both quotes, with their bylines, the cards and the references, in those five queries.
    assert html.count('<li id="ref-') == 6
    assert html.count("<blockquote><p>went home the next day</p></blockquote>") == 2
    assert "Alice, <a" in html and "Bob, <a" in html
    cards = min(rows, 3)
    assert html.count('class="card card--story"') == cards and html.count('class="card"') == cards


def test_references_changed_after_the_article_was_saved_show_at_once(client):
    article = ArticleFactory()
    first = ReferenceFactory(article=article, position=1, title="First study")
    ReferenceFactory(article=article, position=2, title="Second study", doi="", pmid="")

    first.title = "First study, corrected"
    first.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<li id="ref-1">Smith AB, Jones CD (2020). First study, corrected.' in html
    assert '<a href="#references-title">References</a>' in html

    article.references.all().delete()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "First study" not in html and 'id="references-title"' not in html


def test_article_page_shows_related_stories_and_articles(client, alice, kidney, liver):
    article = ArticleFactory(title="Main article", indications=[kidney])
    ArticleFactory(title="Sibling kidney article", indications=[kidney])
    ArticleFactory(title="Liver only article", indications=[liver])
    make_story(alice, title="A kidney story", indications=["kidney"])
    make_story(alice, title="A liver story", indications=["liver"])
    make_story(alice, status="pending", title="A pending kidney story", indications=["kidney"])

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Sibling kidney article" in html and "A kidney story" in html
    assert "Liver only article" not in html and "A liver story" not in html
    assert "A pending kidney story" not in html


@pytest.mark.parametrize("who", ["anonymous", "alice", "admin_without_article_rights"])
def test_draft_is_not_found_for_the_public(client, who, alice, db):
    from tests.factories import UserFactory

    draft = DraftFactory()
    if who == "alice":
        client.force_login(alice)
    elif who == "admin_without_article_rights":
        client.force_login(UserFactory(username="helpdesk", is_staff=True))

    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_draft_preview_on_its_public_url_for_editors(client, request, who):
    draft = DraftFactory(title="Work in progress")
    client.force_login(request.getfixturevalue(who))

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Work in progress" in content
    assert "This article is not published" in content
    assert reverse("admin:posts_article_change", args=[draft.pk]) in content


def test_scheduled_article_is_hidden_until_its_time(client, editor):
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(hours=2))

    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert "not published until" in client.get(article.get_absolute_url()).content.decode()


def test_unknown_article_is_404_with_friendly_page(client):
    response = client.get("/articles/no-such-thing/")

    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


def test_published_articles_queryset_excludes_unpublished():
    live = ArticleFactory()
    DraftFactory()
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(minutes=5))

    assert list(Article.objects.published()) == [live]
