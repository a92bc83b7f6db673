"""
What each page says about itself: the canonical address (without tracking parameters),
Open Graph and description tags, the JSON-LD that describes a reviewed article, and the
plain text they are made from, escaped once however hostile the title or body.
"""

import datetime

import pytest
import time_machine
from django.template.loader import render_to_string

from tests.cryoinfo.helpers_seo import (
    head,
    html,
    json_ld,
    run_on_commit_at_once,  # noqa: F401 (an autouse fixture)
)
from tests.factories import ArticleFactory, make_story

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(1)</script>"


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


# Plain text from HTML


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
