"""
What search engines are told they may crawl and index: the sitemap, robots.txt, and the
noindex on pages for signed-in people and on unpublished content. What each page says
about itself in its head is in test_seo_metadata.py.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from stories.models import Story
from tests.cryoinfo.helpers_seo import (
    head,
    html,
    run_on_commit_at_once,  # noqa: F401 (an autouse fixture)
)
from tests.factories import ArticleFactory, DraftFactory, make_story

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# Sitemap


def sitemap_entries(client) -> dict[str, str | None]:
    """Every address the sitemap index leads to, with its date."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    entries = {}
    for section in ET.fromstring(index.content).findall(f"{SITEMAP}sitemap"):
        response = client.get(section.findtext(f"{SITEMAP}loc").removeprefix("http://testserver"))
        assert response.status_code == 200
        for url in ET.fromstring(response.content).findall(f"{SITEMAP}url"):
            entries[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    return entries


def test_sitemap_lists_exactly_the_public_pages(client, alice, bob):
    article = ArticleFactory(slug="kidney-guide")
    DraftFactory(slug="a-draft")
    ArticleFactory(slug="scheduled", published_at=timezone.now() + datetime.timedelta(days=1))
    story = make_story(alice, title="Public post")
    hidden = make_story(bob, title="Hidden by reports")
    Story.objects.filter(pk=hidden.pk).update(hidden=True)
    others = [
        make_story(alice, status=status, title=status)
        for status in ["pending", "changes_requested", "rejected", "withdrawn"]
    ]

    locations = set(sitemap_entries(client))

    paths = [
        "/",
        "/indications/",
        "/articles/",
        "/stories/",
        "/about/",
        "/editorial-policy/",
        "/medical-disclaimer/",
        "/privacy/",
        "/indications/kidney/",
        "/indications/liver/",
        "/indications/lung/",
        "/indications/bone/",
        "/indications/nerve-pain/",
        f"/articles/{article.slug}/",
        f"/stories/{story.pk}/",
    ]
    assert locations == {f"http://testserver{path}" for path in paths}
    assert all(f"/stories/{other.pk}/" not in " ".join(locations) for other in others)


def test_sitemap_dates_come_from_the_content(client, alice):
    article = ArticleFactory(slug="guide")
    story = make_story(alice)

    entries = sitemap_entries(client)

    assert entries["http://testserver/articles/guide/"] == str(
        timezone.localdate(article.updated_at)
    )
    assert entries[f"http://testserver/stories/{story.pk}/"] == str(
        timezone.localdate(story.published_at)
    )


def test_sitemap_uses_the_requests_host_and_scheme(client):
    ArticleFactory(slug="guide")

    index = client.get("/sitemap.xml", headers={"host": "localhost"}, secure=True)
    section = client.get("/sitemap-articles.xml", headers={"host": "localhost"}, secure=True)

    assert b"<loc>https://localhost/sitemap-articles.xml</loc>" in index.content
    assert b"<loc>https://localhost/articles/guide/</loc>" in section.content


@pytest.mark.parametrize("count", [5, 30])
def test_sitemap_query_count_does_not_grow(client, alice, count, django_assert_max_num_queries):
    ArticleFactory.create_batch(count)
    for _ in range(count):
        make_story(alice)

    # The index: a count (and the newest date) per section; each section: a count and a
    # page of rows.
    with django_assert_max_num_queries(8):
        client.get("/sitemap.xml")
    for section in ("indications", "articles", "stories"):
        with django_assert_max_num_queries(2):
            client.get(f"/sitemap-{section}.xml")


# robots.txt


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_private_pages(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /moderation/",
        "Disallow: /admin/",
        "Disallow: /stories/submit/",
        "Disallow: /stories/mine/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_robots_txt_answers_head_but_not_post(client):
    assert client.head("/robots.txt").status_code == 200
    assert client.post("/robots.txt").status_code == 405


# noindex


@pytest.mark.parametrize(
    ("who", "url"),
    [
        (None, "/accounts/login/"),
        (None, "/accounts/signup/"),
        (None, "/accounts/password/reset/"),
        ("alice", "/accounts/profile/"),
        ("alice", "/stories/submit/"),
        ("alice", "/stories/mine/"),
        ("mo", "/moderation/"),
    ],
)
def test_pages_for_signed_in_people_are_noindex(client, request, who, url):
    if who:
        client.force_login(request.getfixturevalue(who))

    content = head(html(client, url))

    assert content.count('<meta name="robots" content="noindex">') == 1


def test_story_edit_page_is_noindex(client, alice):
    story = make_story(alice)
    client.force_login(alice)

    assert '<meta name="robots" content="noindex">' in html(client, f"/stories/{story.pk}/edit/")


def test_unpublished_content_seen_by_its_people_is_noindex(client, alice, editor):
    story = make_story(alice, status="pending")
    DraftFactory(slug="draft")

    client.force_login(alice)
    assert '<meta name="robots" content="noindex">' in html(client, f"/stories/{story.pk}/")
    client.force_login(editor)
    assert '<meta name="robots" content="noindex">' in html(client, "/articles/draft/")


@pytest.mark.parametrize(
    "url", ["/", "/articles/", "/stories/", "/indications/", "/indications/kidney/", "/about/"]
)
def test_public_pages_are_indexable(client, url):
    assert 'name="robots"' not in html(client, url)


def test_a_section_past_50000_addresses_is_split_into_pages_the_index_lists(client, monkeypatch):
    from pages.sitemaps import ArticleSitemap

    ArticleFactory.create_batch(5)
    monkeypatch.setattr(ArticleSitemap, "limit", 2)  # as 50,000 would at a large size

    index = client.get("/sitemap.xml").content.decode()
    pages = [client.get(f"/sitemap-articles.xml?p={n}") for n in (1, 2, 3)]

    for n in (2, 3):
        assert f"/sitemap-articles.xml?p={n}</loc>" in index
    assert [page.content.count(b"<url>") for page in pages] == [2, 2, 1]


def test_the_sitemap_index_never_walks_through_every_post(client, alice, monkeypatch):
    from pages.sitemaps import ArticleSitemap, StorySitemap

    ArticleFactory.create_batch(3)
    for _ in range(3):
        make_story(alice)
    walked = []
    for sitemap in (ArticleSitemap, StorySitemap):
        original = sitemap.lastmod
        monkeypatch.setattr(
            sitemap, "lastmod", lambda self, item, f=original: walked.append(1) or f(self, item)
        )

    index = client.get("/sitemap.xml").content.decode()

    assert walked == []
    assert index.count("<lastmod>") >= 2  # the newest date of articles and of posts
