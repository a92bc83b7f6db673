import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone

from stories.models import Story
from tests.factories import ArticleFactory, DraftFactory, make_story

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTILE = "</script><script>alert(1)</script>"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    """make_story sends its e-mails on commit; tests never commit, so send them at once."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


def html(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def head(content: str) -> str:
    return content.split("</head>", 1)[0]


def json_ld(content: str) -> list[dict]:
    return [json.loads(block) for block in JSON_LD.findall(content)]


# Sitemap


def sitemap_entries(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.findall(f"{SITEMAP}url")
    }


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

    response = client.get("/sitemap.xml", headers={"host": "localhost"}, secure=True)

    assert b"<loc>https://localhost/articles/guide/</loc>" in response.content


@pytest.mark.parametrize("count", [5, 30])
def test_sitemap_query_count_does_not_grow(client, alice, count, django_assert_max_num_queries):
    ArticleFactory.create_batch(count)
    for _ in range(count):
        make_story(alice)

    # A count and a page of rows for each of indications, articles and posts.
    with django_assert_max_num_queries(6):
        client.get("/sitemap.xml")


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


# Canonical address and Open Graph


def test_home_has_canonical_and_open_graph(client):
    content = head(html(client, "/", utm_source="newsletter", fbclid="abc"))

    assert '<link rel="canonical" href="http://testserver/">' in content
    assert '<meta property="og:url" content="http://testserver/">' in content
    assert '<meta property="og:type" content="website">' in content
    assert '<meta property="og:site_name" content="CryoInfo">' in content
    assert (
        '<meta property="og:title" content="Cryoablation explained: reviewed information and '
        'real experiences">'
    ) in content
    assert '<meta property="og:description" content="Reviewed, plain-language information' in (
        content
    )
    assert 'name="robots"' not in content
    assert "utm_source" not in content and "fbclid" not in content


def test_article_has_canonical_and_open_graph(client):
    ArticleFactory(slug="kidney-guide", title="Kidney guide", summary="All about it.")

    content = head(html(client, "/articles/kidney-guide/", utm_campaign="x"))

    assert '<link rel="canonical" href="http://testserver/articles/kidney-guide/">' in content
    assert '<meta property="og:url" content="http://testserver/articles/kidney-guide/">' in (
        content
    )
    assert '<meta property="og:type" content="article">' in content
    assert '<meta property="og:title" content="Kidney guide">' in content
    assert '<meta property="og:description" content="All about it.">' in content
    assert 'name="robots"' not in content


def test_story_has_canonical_and_open_graph(client, alice):
    story = make_story(alice, title="Home the next day", body="I went home the next day.")

    content = head(html(client, f"/stories/{story.pk}/", ref="share"))

    url = f"http://testserver/stories/{story.pk}/"
    assert f'<link rel="canonical" href="{url}">' in content
    assert f'<meta property="og:url" content="{url}">' in content
    assert '<meta property="og:type" content="article">' in content
    assert '<meta property="og:title" content="Home the next day">' in content
    assert '<meta property="og:description" content="I went home the next day.">' in content


def test_story_descriptions_are_plain_text_escaped_once(client, alice):
    story = make_story(alice, body="Fish & chips, then **home**. Pain 3 < 5 <script>x</script>")

    content = head(html(client, f"/stories/{story.pk}/"))

    text = "Fish &amp; chips, then home. Pain 3 &lt; 5"
    assert f'<meta name="description" content="Patient story on CryoInfo: {text}">' in content
    assert f'<meta property="og:description" content="{text}">' in content
    assert "&amp;amp;" not in content and "<script" not in content


def test_indication_hub_has_canonical_and_open_graph(client):
    content = head(html(client, "/indications/kidney/", gclid="xyz"))

    assert '<link rel="canonical" href="http://testserver/indications/kidney/">' in content
    assert '<meta property="og:type" content="website">' in content
    assert '<meta property="og:title" content="Kidney tumours">' in content


def test_policy_page_has_canonical_and_its_title(client):
    content = head(html(client, "/privacy/"))

    assert '<link rel="canonical" href="http://testserver/privacy/">' in content
    assert '<meta property="og:title" content="Privacy">' in content


def test_article_list_canonical_keeps_only_indication_and_page(client, kidney, monkeypatch):
    monkeypatch.setattr("posts.views.ARTICLES_PER_PAGE", 1)
    ArticleFactory.create_batch(2, indications=[kidney])

    second = head(html(client, "/articles/", indication="kidney", page="2", utm_source="x"))
    first = head(html(client, "/articles/", page="1", sort="title"))
    beyond = head(html(client, "/articles/", page="99"))

    assert (
        '<link rel="canonical" href="http://testserver/articles/?indication=kidney&amp;page=2">'
    ) in second
    assert '<meta property="og:title" content="Kidney tumours: articles">' in second
    assert '<link rel="canonical" href="http://testserver/articles/">' in first
    assert '<link rel="canonical" href="http://testserver/articles/?page=2">' in beyond


def test_story_list_canonical_keeps_only_meaningful_filters(client, alice, monkeypatch):
    monkeypatch.setattr("stories.views.STORIES_PER_PAGE", 1)
    make_story(alice, title="One")
    two = make_story(alice, title="Two")

    filtered = head(html(client, "/stories/", kind="patient", before=two.pk, fbclid="x"))
    nonsense = head(html(client, "/stories/", kind="<script>", before="abc", page="2"))

    assert (
        f'<link rel="canonical" href="http://testserver/stories/?kind=patient&amp;before={two.pk}">'
    ) in filtered
    assert '<link rel="canonical" href="http://testserver/stories/">' in nonsense
    assert "<script" not in nonsense


def test_hostile_titles_stay_inside_their_attributes(client, alice):
    ArticleFactory(slug="hostile", title='"><script>alert(1)</script>', summary='"><b>x</b>')
    story = make_story(alice, title='"><script>alert(2)</script>')

    article_head = head(html(client, "/articles/hostile/"))
    story_head = head(html(client, f"/stories/{story.pk}/"))

    assert (
        '<meta property="og:title" content="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">'
    ) in article_head
    assert "<script>alert" not in article_head and "<b>" not in article_head
    assert "<script>alert" not in story_head


def test_server_error_page_still_renders_without_a_request():
    content = render_to_string("500.html")

    assert 'rel="canonical"' not in content
    assert '<meta property="og:site_name" content="CryoInfo">' in content


# noindex


@pytest.mark.parametrize(
    ("who", "url"),
    [
        (None, "/accounts/login/"),
        (None, "/accounts/signup/"),
        (None, "/accounts/password_reset/"),
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


# JSON-LD


def test_article_json_ld_describes_a_reviewed_medical_page(client, kidney, liver):
    with time_machine.travel(
        datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC), tick=False
    ):
        ArticleFactory(
            slug="guide",
            title="Kidney guide",
            summary="All about it.",
            published_at=datetime.datetime(2026, 10, 20, 8, 0, tzinfo=datetime.UTC),
            reviewer_name="Dr Ana Ruiz",
            reviewer_credentials="MD, interventional radiologist",
            last_reviewed=datetime.date(2026, 10, 1),
            indications=[kidney, liver],
        )

    [data] = json_ld(html(client, "/articles/guide/"))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "Kidney guide"
    assert data["description"] == "All about it."
    assert data["url"] == "http://testserver/articles/guide/"
    # Local time: London is on summer time until late October.
    assert data["datePublished"] == "2026-10-20T09:00:00+01:00"
    assert data["dateModified"] == "2026-11-02T09:30:00+00:00"
    assert data["lastReviewed"] == "2026-10-01"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Ana Ruiz",
        "jobTitle": "MD, interventional radiologist",
    }
    assert data["about"] == [
        {
            "@type": "MedicalCondition",
            "name": "Kidney tumours",
            "url": "http://testserver/indications/kidney/",
        },
        {
            "@type": "MedicalCondition",
            "name": "Liver tumours",
            "url": "http://testserver/indications/liver/",
        },
    ]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "CryoInfo",
        "url": "http://testserver/",
    }


def test_article_json_ld_claims_no_review_without_a_reviewer(client):
    ArticleFactory(slug="guide", reviewer_name="", reviewer_credentials="")

    [data] = json_ld(html(client, "/articles/guide/"))

    assert "reviewedBy" not in data and "lastReviewed" not in data
    assert data["about"] == []


def test_article_json_ld_survives_a_hostile_title(client):
    ArticleFactory(slug="hostile", title=HOSTILE, summary="<!-- & -->")

    content = html(client, "/articles/hostile/")

    [data] = json_ld(content)
    assert data["name"] == HOSTILE
    assert data["description"] == "<!-- & -->"
    assert "<script>alert(1)" not in content
    assert "<!--" not in content
    assert content.count("<script") == 1


def test_only_article_pages_carry_json_ld(client, alice):
    story = make_story(alice)

    for url in ["/", "/articles/", f"/stories/{story.pk}/", "/indications/kidney/"]:
        assert "<script" not in html(client, url)


def test_article_page_query_count_with_json_ld(client, kidney, django_assert_max_num_queries):
    ArticleFactory(slug="guide", indications=[kidney])

    with django_assert_max_num_queries(8):
        client.get("/articles/guide/")


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Fish &amp; chips</p><p>after</p>", "Fish & chips after"),
        ('<p><a href="/x" title="a > b">link</a> &lt;b&gt;</p>', "link <b>"),
        ("<ul>\n<li>one</li>\n<li>two</li>\n</ul>", "one two"),
        ("<p>then <strong>home</strong>.<br>Next</p>", "then home. Next"),
        ("no tags at all", "no tags at all"),
    ],
)
def test_html_to_text_reads_sanitised_html_as_plain_text(html, text):
    from cryoinfo.seo import html_to_text

    assert html_to_text(html) == text


def test_a_story_card_escapes_its_text_once(client, alice):
    make_story(alice, title="Chips", body="Fish & chips <b>after</b>, 5 > 3.")

    html = client.get("/stories/").content.decode()

    assert "Fish &amp; chips" in html and "&amp;amp;" not in html
    assert "<b>after</b>" not in html and "5 &gt; 3." in html
