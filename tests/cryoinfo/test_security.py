import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/articles/", "/stories/", "/search/?q=x", "/nope/"])
def test_every_page_has_a_strict_content_security_policy(client, url):
    ArticleFactory()

    policy = client.get(url)["Content-Security-Policy"]

    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_admin_is_covered_too(client, admin):
    client.force_login(admin)

    assert "script-src 'self'" in client.get("/admin/posts/article/add/")["Content-Security-Policy"]


def test_pages_carry_no_inline_script_or_style(client, alice):
    from tests.factories import make_story

    article = ArticleFactory()
    story = make_story(alice)

    for url in ["/", article.get_absolute_url(), story.get_absolute_url(), "/indications/kidney/"]:
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert "<style" not in html, url
        # The only script element allowed is the JSON-LD data block, which never runs.
        scripts = html.count("<script")
        assert scripts == html.count('<script type="application/ld+json"'), url
