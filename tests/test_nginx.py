"""
deploy/nginx.conf, run for real in front of the site: a request whose body never comes
ties up nginx, not the app, and ends as 408 (closed); a site that does not answer gets our own
page. Skipped when nginx is not installed (.ci/run installs it).
"""

import re
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

import bench.nginx
from bench.common import free_port
from bench.nginx import CONF, NGINX
from stories.helplines import EMERGENCY_NUMBERS

pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)"),
    pytest.mark.django_db(transaction=True),
]


def body_timeout() -> int:
    return int(re.search(r"client_body_timeout (\d+)s;", CONF.read_text()).group(1))


class Nginx(bench.nginx.Nginx):
    def __init__(self, tmp: Path, upstream: str):
        static = tmp / "staticfiles"
        shutil.copytree(Path(settings.BASE_DIR) / "static", static)
        super().__init__(tmp, upstream, static)

    def get(self, path: str) -> tuple[int, dict, str]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=10) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


@pytest.fixture
def nginx(live_server, tmp_path):
    server = Nginx(tmp_path, live_server.url.removeprefix("http://"))
    yield server
    server.stop()


def test_a_stalled_upload_gets_408_from_nginx_while_readers_are_served(nginx):
    stalled = socket.create_connection(("127.0.0.1", nginx.port))
    stalled.sendall(
        b"POST /stories/submit/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
        b"title=Half"  # and then nothing more
    )
    answered = []

    def read_answer():
        stalled.settimeout(body_timeout() + 10)
        answered.append((stalled.recv(200), time.monotonic()))

    reader = threading.Thread(target=read_answer)
    reader.start()
    started = time.monotonic()
    statuses = [nginx.get("/")[0] for _ in range(10)]
    served_in = time.monotonic() - started
    reader.join()
    stalled.close()

    assert statuses == [200] * 10
    assert served_in < body_timeout() / 2  # not waiting behind the stalled upload
    ((first_bytes, at),) = answered
    # nginx ends the request as 408 (its log says so) and closes the connection: a client
    # that stopped sending is not sent a page.
    assert first_bytes == b""
    assert at - started >= body_timeout() - 1
    log = nginx.log.read_text()
    assert "408 /stories/submit/ upstream=-" in log  # the app never saw it


def test_when_the_site_does_not_answer_readers_get_our_page_with_helplines(live_server, tmp_path):
    server = Nginx(tmp_path, f"127.0.0.1:{free_port()}")  # nothing listens there
    try:
        status, _, html = server.get("/stories/")
    finally:
        server.stop()

    assert status == 502
    assert "We will be back in a moment" in html
    assert "it has not been saved" in html
    for number in EMERGENCY_NUMBERS:
        assert f'href="{number.href}"' in html
    assert 'href="tel:116123"' in html and 'href="tel:988"' in html


def test_static_files_come_from_disk_and_hashed_names_are_kept_a_year(nginx, tmp_path):
    css = tmp_path / "staticfiles" / "css"
    shutil.copy(css / "site.css", css / "site.0123456789ab.css")

    plain_status, plain, _ = nginx.get("/static/css/site.css")
    hashed_status, hashed, _ = nginx.get("/static/css/site.0123456789ab.css")

    assert (plain_status, hashed_status) == (200, 200)
    assert plain["Cache-Control"] == "max-age=3600"
    assert hashed.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert hashed["X-Content-Type-Options"] == "nosniff"
    assert "upstream=-" in nginx.log.read_text().splitlines()[-1]
