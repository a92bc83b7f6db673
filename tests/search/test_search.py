"""Full-text search, the same tests on SQLite (FTS5) and PostgreSQL (tsvector)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import Article
from posts.services import save_article
from search.backends import search
from search.index import rebuild
from search.models import SearchEntry
from stories import services
from tests.factories import ArticleFactory, DraftFactory, UserFactory, make_story

pytestmark = pytest.mark.django_db

URL = reverse("search")


def titles(query: str, **filters) -> list[str]:
    return [entry.title for entry in search(query, **filters)[0:50]]


def test_stemming_finds_other_forms_of_a_word():
    ArticleFactory(title="Freezing a kidney tumour", body="Plain text.")

    assert titles("kidneys") == ["Freezing a kidney tumour"]
    assert titles("tumours freezes") == ["Freezing a kidney tumour"]


def test_a_title_match_ranks_above_a_body_match():
    ArticleFactory(title="Recovery at home", body="Rest and walk a little each day.")
    ArticleFactory(title="Aftercare", body="Most people expect a short recovery period.")
    ArticleFactory(title="Unrelated", body="Nothing to see.")

    assert titles("recovery") == ["Recovery at home", "Aftercare"]


def test_only_public_pages_are_found(alice, mo):
    ArticleFactory(title="Published cryo guide")
    DraftFactory(title="Draft cryo guide")
    ArticleFactory(
        title="Scheduled cryo guide", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    make_story(alice, title="Approved cryo story")
    for status in ["pending", "changes_requested", "rejected", "withdrawn"]:
        make_story(alice, status=status, title=f"{status} cryo story")
    hidden = make_story(alice, title="Hidden cryo story")
    for n in range(3):
        services.report(hidden, UserFactory(username=f"reporter{n}"), "Spam")

    assert sorted(titles("cryo")) == ["Approved cryo story", "Published cryo guide"]


def test_the_index_follows_status_changes(alice, mo):
    article = ArticleFactory(title="Moving target")
    story = make_story(alice, title="Story target")
    assert sorted(titles("target")) == ["Moving target", "Story target"]

    article.status = Article.Status.DRAFT
    save_article(article)
    services.withdraw(story)

    assert titles("target") == []


def test_an_edit_is_not_searchable_until_approved(alice, mo):
    from stories.models import StoryRevision

    story = make_story(alice, title="Original words", body="About a freezing probe. " * 3)
    services.submit(story, StoryRevision(title="Edited words", body="About penguins. " * 5), [])

    assert titles("penguins") == []
    assert titles("original") == ["Original words"]
    story.refresh_from_db()
    services.approve(story, story.version, mo)
    assert titles("penguins") == ["Edited words"]


def test_filters_by_type_and_indication(alice, kidney, liver):
    ArticleFactory(title="Kidney ice article", indications=[kidney])
    ArticleFactory(title="Liver ice article", indications=[liver])
    make_story(alice, title="Kidney ice story", indications=["kidney"])

    assert sorted(titles("ice", kind="story")) == ["Kidney ice story"]
    assert sorted(titles("ice", indication=kidney.pk)) == ["Kidney ice article", "Kidney ice story"]
    assert sorted(titles("ice", kind="article", indication=liver.pk)) == ["Liver ice article"]


def test_snippet_highlights_the_words_and_escapes_the_rest(client):
    ArticleFactory(title="Snippets", body="The <b>probe</b> gets very cold. " * 3)

    [entry] = search("cold")[0:10]
    html = client.get(reverse("search"), {"q": "cold"}).content.decode()

    assert ("cold", True) in entry.snippet_parts
    assert "<mark>cold</mark>" in html
    assert "<b>probe" not in html


def test_deleting_an_article_removes_it_from_the_index():
    article = ArticleFactory(title="Soon gone")

    article.delete()

    assert not SearchEntry.objects.exists()


def test_rebuild_indexes_everything_public(alice):
    ArticleFactory(title="One")
    make_story(alice, title="Two")
    DraftFactory(title="Three")
    SearchEntry.objects.all().delete()

    assert rebuild() == 2
    assert titles("one") == ["One"]


# The page ------------------------------------------------------------------------------


def test_search_page_shows_ranked_results_with_highlights(client):
    ArticleFactory(title="Kidney cryoablation", summary="About kidneys.")

    response = client.get(URL, {"q": "kidneys"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "1 result for “kidneys”" in html
    assert 'href="/articles/' in html
    assert "Reference article" in html


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        'kidney" OR "x',
        "NEAR(kidney liver)",
        "kidney*",
        "^kidney",
        "title:kidney",
        "- -",
        "AND OR NOT",
        "(((",
        "x" * 200,
        "kid\x00ney",
        "<script>alert(1)</script>",
        "%_%",
        "ü é 漢字",
    ],
)
def test_hostile_queries_give_results_or_a_message_never_a_500(client, query):
    ArticleFactory(title="Kidney guide", body="Kidney script alert text.")

    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_very_long_queries_get_a_message_next_to_the_field(client):
    html = client.get(URL, {"q": "kidney " * 1000}).content.decode()

    assert 'id="search-error"' in html
    assert "at most 200 characters" in html


def test_a_query_without_words_gets_a_message(client):
    assert "Please search for words" in client.get(URL, {"q": "!!! ???"}).content.decode()


def test_no_results_suggests_conditions_and_articles(client):
    ArticleFactory(title="What is cryoablation?")

    html = client.get(URL, {"q": "zebra"}).content.decode()

    assert "Nothing matched" in html
    assert 'href="/indications/kidney/"' in html
    assert "What is cryoablation?" in html


def test_results_paginate_keeping_the_filters(client, kidney):
    for n in range(12):
        ArticleFactory(title=f"Kidney page {n}", indications=[kidney])

    first = client.get(URL, {"q": "kidney", "indication": "kidney", "type": "article"})
    second = client.get(URL, {"q": "kidney", "indication": "kidney", "type": "article",
                              "page": "2"})  # fmt: skip

    assert len(first.context["page"].object_list) == 10
    assert len(second.context["page"].object_list) == 2
    assert "q=kidney&amp;type=article&amp;indication=kidney&amp;page=2" in first.content.decode()


def test_search_page_query_count(client, django_assert_max_num_queries):
    for n in range(30):
        ArticleFactory(title=f"Probe page {n}")

    with django_assert_max_num_queries(5):
        client.get(URL, {"q": "probe"})
