import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/articles/", "/stories/", "/search/?q=x", "/nope/"])
def test_every_page_has_a_strict_content_security_policy(client, url):
    ArticleFactory()

    policy = client.get(url)["Content-Security-Policy"]

    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"  # what is not listed is refused
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "object-src" not in directives  # default-src 'none' covers plugins
    assert directives["img-src"] == "'self' data:"
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


def test_security_headers_on_every_response(client):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    for feature in ["camera=()", "microphone=()", "geolocation=()"]:
        assert feature in policy


def production_env(**extra) -> dict:
    import os

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}  # fmt: skip
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-production-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="cryoinfo.example",
        REDIS_URL="redis://127.0.0.1:6379/0",
        **extra,
    )
    return env


def test_deploy_check_passes_with_production_settings():
    import subprocess
    import sys
    from pathlib import Path

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parents[2],
        env=production_env(),
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_and_https_settings():
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import cryoinfo.settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=production_env(),
        capture_output=True,
        text=True,
    )

    assert result.stdout.split() == ["True", "True", "True", "Lax", "31536000", "True", "True"]
