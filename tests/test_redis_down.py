"""
With Redis down the site still reads, signs in, takes posts and moderates (sessions from
the database, no rate limits, no kept pages), and uses Redis again once it is back.

Runs against the machine's Redis (REDIS_TEST_URL, default 127.0.0.1:6379 database 13),
under a key prefix of its own, whose keys it deletes afterwards; skipped without Redis.
"""

import os
import uuid

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from cryoinfo.pagecache import HEADER
from stories.models import Story
from tests.factories import make_story, totp_code
from tests.stories.test_submit import story_form

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")
PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings):
    try:
        client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5)
        client.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    prefix = f"cryoinfo-test-{uuid.uuid4().hex[:8]}"
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    settings.CACHES = {
        alias: {"BACKEND": "cryoinfo.cache.ForgivingRedisCache", "LOCATION": REDIS_TEST_URL,
                "KEY_PREFIX": prefix, "OPTIONS": options}
        for alias in ("default", "template_fragments")
    }  # fmt: skip
    settings.CACHES["hot_pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    yield
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def refuse(self, *args, **kwargs):
    raise redis.ConnectionError("Connection refused (the test stopped Redis)")


def stop_redis(patch: pytest.MonkeyPatch) -> None:
    """Every connection to Redis now fails, as when the server is stopped."""
    patch.setattr(redis.connection.AbstractConnection, "connect", refuse)
    patch.setattr(redis.connection.AbstractConnection, "send_command", refuse)


@pytest.fixture
def redis_down(redis_cache):
    with pytest.MonkeyPatch.context() as patch:
        stop_redis(patch)
        yield


def test_a_sign_out_while_redis_is_down_stays_signed_out_when_it_returns(
    client, redis_cache, alice
):
    client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD})
    cookie = client.cookies["sessionid"].value
    with pytest.MonkeyPatch.context() as patch:
        stop_redis(patch)
        client.post(reverse("account_logout"))

    client.cookies["sessionid"] = cookie  # the old cookie, kept by someone

    assert client.get(reverse("accounts:profile")).status_code == 302


def test_reading_signing_in_submitting_and_moderating_work_without_redis(
    client, redis_cache, redis_down, alice, mo, django_capture_on_commit_callbacks
):
    story = make_story(alice, title="Still readable")
    for url in ["/", "/articles/", "/stories/", story.get_absolute_url(), "/indications/kidney/"]:
        assert client.get(url).status_code == 200, url

    # Signing in (allauth's rate limits step aside), then a signed-in page.
    assert client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD}).url
    assert client.get(reverse("accounts:profile")).status_code == 200

    # A post is taken (django-ratelimit steps aside) and kept in the database.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stories:submit"), story_form(title="Sent while down"))
    assert response.status_code == 302
    sent = Story.objects.get(current__title="Sent while down")

    # A moderator signs in with a code (the used-code check steps aside) and approves it.
    moderator = client.__class__()
    moderator.post(reverse("account_login"), {"login": "mo", "password": PASSWORD})
    moderator.post(reverse("mfa_authenticate"), {"code": totp_code()})
    decided = moderator.post(
        reverse("moderation:decide", args=[sent.pk]),
        {"action": "approve", "version": sent.version},
    )
    assert decided.status_code == 302
    sent.refresh_from_db()
    assert sent.is_public


def test_the_page_cache_is_used_again_when_redis_returns(client, redis_cache):
    with pytest.MonkeyPatch.context() as patch:
        stop_redis(patch)
        for _ in range(2):  # nothing is kept, so nothing is served from the cache
            response = client.get("/articles/")
            assert response.status_code == 200 and response.get(HEADER) != "hit"

    # Redis is back: no restart, the next requests keep and then serve the page.
    caches["default"].get("anything")
    assert client.get("/articles/")[HEADER] == "miss"
    assert client.get("/articles/")[HEADER] == "hit"


def test_one_redis_client_serves_every_cache_operation(redis_cache, monkeypatch):
    """Django makes a redis.Redis per operation (about 90 µs each); ours keeps one."""
    made = []
    original = redis.Redis.__init__

    def counting(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting)
    cache = caches["default"]
    for number in range(20):
        cache.set(f"n{number}", number)
        assert cache.get(f"n{number}") == number
    assert cache.get_many(["n1", "n2"]) == {"n1": 1, "n2": 2}
    assert len(made) <= 1
