"""The clients of `make loadtest`: submitters (threads) and readers (wrk)."""

import os
import re
import secrets
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from io import BytesIO
from pathlib import Path

PHOTO_BYTES = 2_000_000
PAGES = ["/", "/stories/", "ARTICLE", "/search/?q=recovery"]

READER_SCRIPT = r"""
threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = {}; limited = 0 end
function response(status, headers, body)
  if status >= 500 then
    local t = tostring(os.time())
    bad[t] = (bad[t] or 0) + 1
  elseif status == 429 then limited = limited + 1 end
end
function done(summary, latency, requests)
  local bad_all, limited_all = {}, 0
  for _, thread in ipairs(threads) do
    for t, n in pairs(thread:get("bad")) do bad_all[t] = (bad_all[t] or 0) + n end
    limited_all = limited_all + thread:get("limited")
  end
  local parts = {}
  for t, n in pairs(bad_all) do table.insert(parts, string.format('"%s": %d', t, n)) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "p50_ms": %.1f, "p99_ms": %.1f, "socket_errors": %d, '
    .. '"limited": %d, "5xx_at": {%s}}\n',
    summary.requests, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, limited_all, table.concat(parts, ", ")))
end
"""


def photo() -> bytes:
    """A JPEG of about 2 MB: noise does not compress."""
    from PIL import Image

    side = 1000
    while True:
        image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        out = BytesIO()
        image.save(out, "JPEG", quality=85)
        if out.tell() >= PHOTO_BYTES:
            return out.getvalue()
        side += 100


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]]):
    boundary = uuid.uuid4().hex
    body = BytesIO()
    for name, value in fields:
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, filename, data in files:
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
        )
        body.write(data + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, *, cookie: str, data: bytes | None = None, content_type: str = ""):
    """(status, body, time) — status 0 when there was no answer."""
    headers = {"Cookie": cookie}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status, response.read().decode(errors="replace"), time.time()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), time.time()
    except OSError:
        return 0, "", time.time()


class Submitter(threading.Thread):
    def __init__(
        self,
        n: int,
        base: str,
        sessions: list[str],
        indication: int,
        image: bytes,
        until: float,
        log: list,
    ):
        super().__init__(daemon=True)
        self.n, self.base, self.sessions, self.indication = n, base, sessions, indication
        self.image, self.until, self.log = image, until, log

    def run(self) -> None:
        account = 0
        csrf = secrets.token_hex(16)
        while time.time() < self.until and account < len(self.sessions):
            cookie = f"sessionid={self.sessions[account]}; csrftoken={csrf}"
            status, html, when = fetch(f"{self.base}/stories/submit/", cookie=cookie)
            if status != 200:
                self.log.append(("form", status, when, None))
                time.sleep(1)
                continue
            key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
            token = f"L{self.n}-{uuid.uuid4().hex[:10]}"
            fields = [
                ("csrfmiddlewaretoken", csrf),
                ("submission_key", key),
                ("kind", "patient"),
                ("title", f"Load {token}"),
                (
                    "body",
                    f"Run {token}. The probe went in through my back under sedation and "
                    "I went home the next morning, tired but well.",
                ),
                ("indications", str(self.indication)),
                ("procedure_year", "2025"),
                ("approach", "percutaneous"),
                ("anaesthesia", "sedation"),
                ("nights_in_hospital", "1"),
                ("days_to_usual_activities", "10"),
                ("pain_after_one_week", "2"),
                ("complication", "no"),
                ("would_recommend", "yes"),
                ("show_name", "on"),
                ("own_experience", "on"),
                ("agree_terms", "on"),
                ("not_advice", "on"),
                ("website", ""),
                ("alt_1", "A quiet garden path"),
            ]
            body, content_type = multipart(fields, [("photo_1", "garden.jpg", self.image)])
            for attempt in range(6):
                status, html, when = fetch(
                    f"{self.base}/stories/submit/",
                    cookie=cookie,
                    data=body,
                    content_type=content_type,
                )
                self.log.append(("post", status, when, token if attempt == 0 else None))
                if "Traceback" in html:
                    self.log.append(("traceback", status, when, token))
                if status in (302, 303):
                    self.log.append(("accepted", status, when, token))
                    break
                if status == 429:
                    self.log.append(("limited", status, when, token))
                    account += 1
                    break
                if status not in (0, 500, 502, 503, 504):
                    self.log.append(("refused", status, when, token))
                    break
                time.sleep(2)  # no answer, or a 5xx: send the same form again


def readers(base: str, article: str, seconds: int, tmp: Path, count: int) -> list[subprocess.Popen]:
    script = tmp / "readers.lua"
    script.write_text(READER_SCRIPT)
    per_page = max(count // len(PAGES), 1)
    return [
        subprocess.Popen(
            [
                "wrk",
                "-t1",
                f"-c{per_page}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                str(script),
                base + (article if page == "ARTICLE" else page),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for page in PAGES
    ]
