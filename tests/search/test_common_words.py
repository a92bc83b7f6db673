"""
Common words: past 1,000 matches, results come newest first under a capped count, so a
search stays fast at a million posts. The same tests on SQLite and PostgreSQL.
"""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from search import backends
from search.backends import search
from search.models import SearchEntry
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

URL = reverse("search")
# 7919 is a prime above every count used here, so these are the hours 1..count, shuffled:
# the newest posts are not the last inserted, as in the benchmark database.
SHUFFLE = 7919


def index_posts(count: int, *, body="My recovery went well.", title="Note", **fields) -> None:
    """
    `count` community posts put straight into the index, as the benchmark builder does.
    Post n is titled "<title> 0007" when it was published 7 hours ago.
    """
    now, first = timezone.now(), 10_000 + SearchEntry.objects.count()
    entries = []
    for n in range(count):
        hours = n * SHUFFLE % count + 1
        entries.append(
            SearchEntry(
                kind=SearchEntry.Kind.STORY,
                object_id=first + n,
                title=f"{title} {hours:04d}",
                body=body,
                url=f"/stories/{first + n}/",
                published_at=now - datetime.timedelta(hours=hours),
                label="Patient story",
                **fields,
            )
        )
    return SearchEntry.objects.bulk_create(entries)  # each database indexes the words itself


def titles(page) -> list[str]:
    return [entry.title for entry in page.object_list]


def notes(first: int, last: int) -> list[str]:
    return [f"Note {hours:04d}" for hours in range(first, last + 1)]


def test_a_common_word_lists_the_newest_first_under_a_capped_count(client):
    index_posts(1005)

    response = client.get(URL, {"q": "recovery"})
    html = response.content.decode()

    assert "More than 1,000 results for “recovery”" in html
    assert "Many results: newest first" in html
    assert "Closest matches first" not in html
    assert titles(response.context["page"]) == notes(1, 10)
    assert "Page 1 of 100" in html


def test_common_word_results_page_on_by_date_up_to_the_cap(client):
    index_posts(1005)

    def page(number: str):
        return client.get(URL, {"q": "recovery", "page": number}).context["page"]

    assert titles(page("2")) == notes(11, 20)
    assert titles(page("3")) == notes(21, 30)
    assert titles(page("100")) == notes(991, 1000)
    assert page("101").number == 100  # past the cap: the last page, as for any page number


def test_exactly_the_cap_is_counted_and_ranked(client):
    index_posts(1000)

    html = client.get(URL, {"q": "recovery"}).content.decode()

    assert "1000 results for “recovery”" in html
    assert "Closest matches first." in html
    assert "More than" not in html


def test_a_rare_word_among_common_ones_is_still_ranked(client):
    index_posts(1005)
    # The title match is the oldest, yet comes first; the two body matches follow.
    ArticleFactory(
        title="Snowshoe walking after treatment",
        published_at=timezone.now() - datetime.timedelta(days=400),
    )
    index_posts(2, body="My recovery felt like walking in snowshoe tracks.", title="Snow")

    response = client.get(URL, {"q": "snowshoe"})
    html = response.content.decode()

    assert "3 results for “snowshoe”" in html
    assert "Closest matches first." in html
    assert titles(response.context["page"]) == [
        "Snowshoe walking after treatment",
        "Snow 0001",
        "Snow 0002",
    ]
    assert ("snowshoe", True) in response.context["page"].object_list[1].snippet_parts
    assert "<mark>snowshoe</mark>" in html


def test_newest_first_leaves_out_what_is_not_public_yet(client):
    index_posts(1005)
    ArticleFactory(
        title="Scheduled recovery guide",
        published_at=timezone.now() + datetime.timedelta(hours=1),
    )
    ArticleFactory(
        title="Recovery guide", published_at=timezone.now() - datetime.timedelta(minutes=30)
    )

    page = client.get(URL, {"q": "recovery"}).context["page"]

    assert titles(page)[:3] == ["Recovery guide", "Note 0001", "Note 0002"]


def test_filters_apply_to_common_words(client, kidney, liver):
    index_posts(1005)
    kidney_posts = index_posts(3, title="Kidney")
    through = SearchEntry.indications.through
    through.objects.bulk_create(
        [through(searchentry_id=entry.pk, indication_id=kidney.pk) for entry in kidney_posts]
    )
    ArticleFactory(title="Recovery after liver freezing", indications=[liver])
    ArticleFactory(title="Recovery after kidney freezing", indications=[kidney])

    by_kidney = client.get(URL, {"q": "recovery", "indication": "kidney"}).context["page"]
    articles = client.get(URL, {"q": "recovery", "type": "article"}).context["page"]
    stories = client.get(URL, {"q": "recovery", "type": "story"})

    # Four matches: few enough to rank, the title match first.
    assert titles(by_kidney) == [
        "Recovery after kidney freezing",
        "Kidney 0001",
        "Kidney 0002",
        "Kidney 0003",
    ]
    assert sorted(titles(articles)) == [
        "Recovery after kidney freezing",
        "Recovery after liver freezing",
    ]
    assert "More than 1,000 results" in stories.content.decode()
    assert titles(stories.context["page"])[:4] == [
        "Kidney 0001",
        "Note 0001",
        "Kidney 0002",
        "Note 0002",
    ]


def test_a_few_matches_of_very_common_words(client, monkeypatch):
    """
    SQLite's bm25 reads every row holding a word to weigh it, so there a few matches of a
    word found in very many rows come newest first; PostgreSQL still ranks them.
    """
    monkeypatch.setattr(backends, "RANK_WORD_LIMIT", 500)
    index_posts(600)
    ArticleFactory(
        title="Snowshoe recovery",
        body="Recovery on snowshoes.",
        published_at=timezone.now() - datetime.timedelta(days=400),
    )
    index_posts(2, body="My recovery felt like walking in snowshoe tracks.", title="Snow")

    response = client.get(URL, {"q": "snowshoe recovery"})
    html = response.content.decode()

    assert "3 results for “snowshoe recovery”" in html
    if connection.vendor == "sqlite":
        assert "Newest first: some of these words are in too many pages" in html
        assert titles(response.context["page"]) == ["Snow 0001", "Snow 0002", "Snowshoe recovery"]
    else:
        assert "Closest matches first." in html
        assert titles(response.context["page"])[0] == "Snowshoe recovery"


def test_the_count_and_ordering_without_the_page():
    index_posts(1005)

    common, rare = search("recovery"), search("note 0001")

    assert (common.count(), common.many, common.newest_first) == (1000, True, True)
    assert (rare.count(), rare.many, rare.newest_first) == (1, False, False)
    assert [entry.title for entry in common[995:1010]] == notes(996, 1000)


@pytest.mark.parametrize("size", [30, 1005])
@pytest.mark.parametrize("query", ["snowshoe", "recovery", "recovery kidney"])
def test_search_page_queries_do_not_grow_with_the_data(
    client, django_assert_max_num_queries, size, query
):
    index_posts(size, body="My recovery went well. Kidney and snowshoe.")

    for params in [{"q": query}, {"q": query, "type": "article", "indication": "kidney"}]:
        with django_assert_max_num_queries(6):
            response = client.get(URL, {**params, "page": "2"})
        assert response.status_code == 200
