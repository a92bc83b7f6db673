"""
Two app instances behind one proxy behave as one site.

Production runs several stateless gunicorn instances sharing PostgreSQL and Redis. Here two
real instances (production settings, DEBUG off) run on two loopback ports against one
PostgreSQL database and one Redis database, and a small client plays the proxy and the
browser: it sends what the proxy would (Host, X-Forwarded-Proto: https) and keeps cookies,
whichever instance answers.

The database is one of the test's own (`cryoinfo_multi_instance`, created, migrated and
dropped here) on the PostgreSQL server of DATABASE_URL when that is PostgreSQL, otherwise on
127.0.0.1:5432 as user postgres; so the test also runs when the suite runs on SQLite. Redis
is db 14 on the server of REDIS_URL (or 127.0.0.1:6379), flushed first. Without either
server the test is skipped and says which one is missing. Runs on one machine take turns
(a lock file), since they share the database name and the Redis db.
"""

import fcntl
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import pytest
import redis

from tests.factories import TOTP_SECRET, totp_code

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "cryoinfo_multi_instance"
REDIS_DB = 14
HOST = "cryoinfo.test"  # the public name, which the proxy passes on to every instance
PASSWORD = "frozen-peas-and-a-long-walk"
TITLE = "Skiing again six weeks after the freeze"
LOCK = Path(tempfile.gettempdir()) / "cryoinfo-multi-instance.lock"

SETUP = f"""
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from accounts.models import User
from cryoinfo.models import Indication
from stories import services
from stories.models import Story, StoryRevision

User.objects.create_user("alice", "alice@example.org", {PASSWORD!r}, display_name="Alice")
mo = User.objects.create_user("mo", "mo@example.org", {PASSWORD!r}, display_name="Mo")
mo.groups.add(Group.objects.get(name="Moderators"))
TOTP.activate(mo, {TOTP_SECRET!r})  # moderators sign in with a second step
story = services.submit(
    Story(author=User.objects.get(username="alice"), kind="patient"),
    StoryRevision(title={TITLE!r}, body="I was back on the slopes six weeks later."),
    Indication.objects.filter(slug="kidney"),
)
print(story.pk)
"""


def postgres_server() -> str:
    """The PostgreSQL server to use, as a URL without a database name."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432"
    return urllib.parse.urlsplit(url)._replace(path="", query="").geturl()


def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379"
    return urllib.parse.urlsplit(url)._replace(path=f"/{REDIS_DB}", query="").geturl()


def where(url: str) -> str:
    """host:port of a server URL, for messages: never its password."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.hostname}:{parts.port}"


def admin_connection() -> psycopg.Connection:
    """A connection to the server's maintenance database, or a skip saying why not."""
    try:
        return psycopg.connect(f"{postgres_server()}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {where(postgres_server())}: {exc}".strip())


def redis_client() -> redis.Redis:
    """A client for the test's Redis database, or a skip saying why there is none."""
    client = redis.Redis.from_url(redis_url(), socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {where(redis_url())}: {exc}")
    return client


@dataclass
class Page:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def form_value(self, name: str) -> str:
        found = re.search(rf'name="{name}" value="([^"]*)"', self.text)
        assert found, f"no {name} field on the page"
        return found.group(1)


@dataclass
class Browser:
    """One person's browser behind the proxy: its cookies go to whichever instance answers.

    The proxy terminates TLS, so the instances mark their cookies Secure; the browser
    really is on HTTPS, so it sends them all the same.
    """

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, port: int, method: str, path: str, form: dict | None = None) -> Page:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"  # as browsers send with every POST
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            page = Page(response.status, response.headers, response.read().decode())
        finally:
            connection.close()
        for header in page.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return page

    def get(self, port: int, path: str) -> Page:
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, form: dict, *, token_from: Page) -> Page:
        return self.request(
            port,
            "POST",
            path,
            {"csrfmiddlewaretoken": token_from.form_value("csrfmiddlewaretoken"), **form},
        )

    def sign_in(self, port: int, username: str) -> None:
        path = "/accounts/login/"
        page = self.post(
            port,
            path,
            {"login": username, "password": PASSWORD},
            token_from=self.get(port, path),
        )
        assert page.status == 302, f"signing in as {username} failed: {page.status}"
        if page.headers.get("Location", "").endswith("/accounts/2fa/authenticate/"):
            path = "/accounts/2fa/authenticate/"
            page = self.post(port, path, {"code": totp_code()}, token_from=self.get(port, path))
            assert page.status == 302, f"the second step for {username} failed: {page.status}"


@dataclass
class Site:
    a: int  # the two instances' ports
    b: int
    pending_story: int


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def manage(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip


def finish(process: subprocess.Popen) -> str:
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, f"{process.args[2:]} failed:\n{output}"
    return output


def wait_until_up(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn stopped:\n{log.read_text()}"
        try:
            if Browser().get(port, "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer on port {port}:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """End a process and its children (its own process group), however the test went."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Two instances of the site, ready, with Alice, Mo the moderator and a pending story."""
    cache = redis_client()
    admin = admin_connection()
    folder = tmp_path_factory.mktemp("multi-instance")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "AWS_"))
    }
    # What every instance is given in production; the secret key must be the same on all.
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"{postgres_server()}/{DATABASE}",
        REDIS_URL=redis_url(),
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private-media"),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_LOG_LEVEL="WARNING",
    )
    processes, logs = [], []
    with open(LOCK, "w") as lock, admin:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cache.flushdb()
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")
        try:
            # Both at once: collectstatic does not need the database.
            processes.append(static := manage("collectstatic", "--noinput", env=env))
            processes.append(migrate := manage("migrate", "--noinput", env=env))
            finish(migrate)
            finish(static)
            processes.append(setup := manage("shell", "-c", SETUP, env=env))
            pending_story = int(finish(setup).split()[-1])
            ports = free_ports(2)
            for port in ports:
                logs.append(log := folder / f"gunicorn-{port}.log")
                processes.append(server := subprocess.Popen(
                    [str(Path(sys.executable).parent / "gunicorn"), "cryoinfo.wsgi:application",
                     "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                    cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                    start_new_session=True,
                ))  # fmt: skip
            for port, log, server in zip(ports, logs, processes[-2:], strict=True):
                wait_until_up(port, server, log)
            yield Site(a=ports[0], b=ports[1], pending_story=pending_story)
        finally:
            for process in processes:
                stop(process)
            for log in logs:
                print(f"--- {log.name}\n{log.read_text()}")  # shown when a test fails
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            cache.flushdb()


def test_a_sign_in_on_one_instance_is_honoured_by_the_other(site):
    alice = Browser()
    assert alice.get(site.b, "/accounts/profile/").status == 302  # to the sign-in page

    alice.sign_in(site.a, "alice")
    profile = alice.get(site.b, "/accounts/profile/")

    assert profile.status == 200
    assert "alice@example.org" in profile.text

    # Signing out on B ends the session on A as well.
    assert alice.post(site.b, "/accounts/logout/", {}, token_from=profile).status == 302
    assert alice.get(site.a, "/accounts/profile/").status == 302


def test_a_rate_limit_counts_requests_to_both_instances(site):
    # Three password-reset e-mails an hour per address (accounts/views.py): two asked of
    # each instance. Neither has seen more than two, yet the fourth is refused.
    someone = Browser()
    statuses = []
    for port in (site.a, site.b, site.a, site.b):
        form = someone.get(port, "/accounts/password/reset/")
        answer = someone.post(
            port, "/accounts/password/reset/", {"email": "alice@example.org"}, token_from=form
        )
        statuses.append(answer.status)

    assert statuses == [302, 302, 302, 429]


def test_an_approval_on_one_instance_clears_the_page_cached_by_the_other(site):
    reader = Browser()
    reader.get(site.b, "/stories/")
    cached = reader.get(site.b, "/stories/")
    assert cached.status == 200
    assert cached.headers["X-Page-Cache"] == "hit"
    assert reader.get(site.a, "/stories/").headers["X-Page-Cache"] == "hit"  # kept by B
    assert TITLE not in cached.text

    mo = Browser()
    mo.sign_in(site.a, "mo")
    review = mo.get(site.a, f"/moderation/{site.pending_story}/")
    decided = mo.post(
        site.a,
        f"/moderation/{site.pending_story}/decide/",
        {"action": "approve", "version": review.form_value("version"), "message": "", "reason": ""},
        token_from=review,
    )
    assert decided.status == 302

    fresh = reader.get(site.b, "/stories/")
    assert fresh.status == 200
    assert TITLE in fresh.text
