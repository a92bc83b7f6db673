"""
make loadtest: the site under load while the services it needs fail, on loopback only and
bounded in time (LOAD_SECONDS, default 120, plus set-up and up to 3 minutes for queued mail).

It starts everything it breaks on spare ports, in a temporary folder, and removes it after:
its own PostgreSQL cluster (initdb), Redis, a mail sink (bench/mailsink.py), gunicorn
behind nginx (deploy/nginx.conf) and the task worker. Nothing else is touched.

- Readers: READERS connections (wrk) spread over the home page, the story list, an
  article and a search, for the whole run.
- Submitters: SUBMITTERS threads, each signed in, posting a patient story with a 2 MB
  photo, then the next. Each has ACCOUNTS accounts and moves to the next when one reaches
  the hourly limit (429s are counted apart). A post that gets no answer or a 5xx is sent
  again with the same form (its one-time key), as a person pressing reload would.
- Faults: PostgreSQL restarted at 30 s; Redis stopped from 50 s to 70 s; the mail sink
  stopped from 80 s to 105 s (the times scale with LOAD_SECONDS).

It prints and writes bench/load.json: requests and 5xx (and when), submissions sent,
accepted, stored and duplicated, e-mails queued and delivered, p50/p99 per page.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import PYTHON, free_port, manage  # noqa: E402
from bench.load_clients import PAGES, PHOTO_BYTES, Submitter, fetch, photo, readers  # noqa: E402
from bench.load_services import Services  # noqa: E402
from bench.nginx import NGINX, Nginx  # noqa: E402

SECONDS = int(os.environ.get("LOAD_SECONDS", 120))
SUBMITTERS = int(os.environ.get("LOAD_SUBMITTERS", 50))
READERS = int(os.environ.get("LOAD_READERS", 200))
ACCOUNTS = 10  # per submitter; the site allows 10 posts an hour each
WORKERS = 4  # gunicorn
MAIL_WAIT = 180


def at(share: float) -> float:
    return SECONDS * share


FAULTS = [  # (when, what); shares of the run, 30 s / 50–70 s / 80–105 s at 120 s
    (at(0.25), "postgres restart"),
    (at(0.42), "redis stop"),
    (at(0.58), "redis start"),
    (at(0.67), "mail stop"),
    (at(0.875), "mail start"),
]


def prepare(accounts: int) -> None:
    """In the site's environment: a moderator to alert, and signed-in submitters."""
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore

    from cryoinfo.models import Indication
    from posts.models import Article

    users = get_user_model()
    moderator = users.objects.create_user("load-moderator", "moderator@load.example")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    TOTP.activate(moderator, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    sessions = []
    for n in range(accounts):
        user = users.objects.create_user(f"load{n}", f"load{n}@load.example")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        session = SessionStore()
        session.update(
            {
                SESSION_KEY: str(user.pk),
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                BACKEND_SESSION_KEY: "accounts.backends.ModelBackend",
            }
        )
        session.create()
        sessions.append(session.session_key)
    article = Article.objects.filter(status="published").first()
    print(
        json.dumps(
            {
                "sessions": sessions,
                "article": article.get_absolute_url(),
                "indication": Indication.objects.get(slug="kidney").pk,
            }
        )
    )


def count(env: dict) -> dict:
    code = (
        "import json, collections\n"
        "from stories.models import StoryRevision\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "titles = collections.Counter(StoryRevision.objects.filter(title__startswith='Load L')"
        ".values_list('title', flat=True))\n"
        "mail = DBTaskResult.objects.filter(task_path='cryoinfo.mail.deliver')\n"
        "first = [r for r in mail.only('args_kwargs') if r.args_kwargs['args'][1:] in ([], [1])]\n"
        "print(json.dumps({'titles': titles, 'queued': len(first), "
        "'waiting': mail.filter(status='READY').count(), "
        "'failed': mail.filter(status='FAILED').count()}))\n"
    )
    return json.loads(manage("shell", "-c", code, env=env).strip().splitlines()[-1])


def main() -> None:
    for tool in ("wrk", "redis-server", "psql"):
        if not shutil.which(tool):
            raise SystemExit(f"make loadtest needs {tool}")
    if NGINX is None:
        raise SystemExit("make loadtest needs nginx: sudo apt-get install nginx-light")
    tmp = Path(tempfile.mkdtemp(prefix="cryoinfo-load-"))
    services = Services(tmp)
    processes = []
    try:
        print(
            f"== Services in {tmp}: PostgreSQL :{services.pg_port}, Redis "
            f":{services.redis_port}, mail sink :{services.mail_port}"
        )
        services.start()
        env = services.env()
        print("== Migrating and filling the database")
        manage("migrate", "--noinput", env=env)
        manage("load_starter_content", env=env)
        manage(
            "build_bench_data", "--stories", "2000", "--users", "200", "--articles", "20", env=env
        )
        manage("collectstatic", "--noinput", env=env)
        setup = json.loads(
            subprocess.run(
                [PYTHON, __file__, "--prepare", str(SUBMITTERS * ACCOUNTS)],
                cwd=ROOT,
                env={**env, "DJANGO_SETTINGS_MODULE": "cryoinfo.settings"},
                check=True,
                capture_output=True,
                text=True,
            ).stdout.splitlines()[-1]
        )
        app_port = free_port()
        site_log = open(tmp / "site.log", "w")  # noqa: SIM115 (the servers write it to the end)
        processes.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "gunicorn"),
                    "cryoinfo.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{app_port}",
                    "--workers",
                    str(WORKERS),
                    "--timeout",
                    "60",
                ],
                cwd=ROOT,
                env=env,
                stdout=site_log,
                stderr=subprocess.STDOUT,
            )
        )
        processes.append(
            subprocess.Popen(
                [PYTHON, "scripts/worker.py", "--interval", "1"],
                cwd=ROOT,
                env=env,
                stdout=site_log,
                stderr=subprocess.STDOUT,
            )
        )
        nginx = Nginx(tmp, f"127.0.0.1:{app_port}", ROOT / "staticfiles")
        base = nginx.url("").rstrip("/")
        for _ in range(100):
            if fetch(base + "/", cookie="")[0] == 200:
                break
            time.sleep(0.2)
        print(
            f"== Load for {SECONDS} s: {READERS} readers, {SUBMITTERS} submitters with "
            f"{PHOTO_BYTES / 1e6:.0f} MB photos; faults: "
            + ", ".join(f"{what} at {when:.0f} s" for when, what in FAULTS)
        )
        image = photo()
        started = time.time()
        wrks = readers(base, setup["article"], SECONDS, tmp, READERS)
        log: list = []
        sessions = setup["sessions"]
        submitters = [
            Submitter(
                n,
                base,
                sessions[n * ACCOUNTS : (n + 1) * ACCOUNTS],
                setup["indication"],
                image,
                started + SECONDS,
                log,
            )
            for n in range(SUBMITTERS)
        ]
        for submitter in submitters:
            submitter.start()
        gaps = []
        for when, what in FAULTS:
            time.sleep(max(0, started + when - time.time()))
            begun = time.time()
            services.fault(what)
            if what == "postgres restart":
                gaps.append((begun, time.time()))
            print(f"  {time.time() - started:5.1f} s  {what}")
        for submitter in submitters:
            submitter.join(timeout=SECONDS + 120)
        pages = {}
        for page, wrk in zip(PAGES, wrks, strict=True):
            out = wrk.communicate()[0]
            pages[page] = json.loads(
                next(line for line in out.splitlines() if line.startswith("RESULT"))[7:]
            )
        print("== Waiting for queued e-mail to be delivered")
        deadline = time.time() + MAIL_WAIT
        while (counted := count(env))["waiting"] and time.time() < deadline:
            time.sleep(5)
        nginx.stop()
        report(pages, log, gaps, counted, services.delivered(), started, tmp)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        services.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def report(pages, log, gaps, counted, delivered, started, tmp) -> None:
    def in_gap(when: float) -> bool:  # the restart, and 2 s for connections to come back
        return any(begun - 1 <= when <= ended + 2 for begun, ended in gaps)

    submitted = {token for kind, _, _, token in log if kind == "post" and token}
    accepted = {token for kind, _, _, token in log if kind == "accepted"}
    limited = sum(1 for kind, *_ in log if kind == "limited")
    refused = [status for kind, status, *_ in log if kind == "refused"]
    stored = {title.removeprefix("Load "): n for title, n in counted["titles"].items()}
    fivexx = [when for kind, status, when, _ in log if kind in ("post", "form") and status >= 500]
    for result in pages.values():
        fivexx += [float(t) + 0.5 for t, n in result.pop("5xx_at").items() for _ in range(n)]
    site_log = (tmp / "site.log").read_text()
    (ROOT / "bench" / "load-site.log").write_text(site_log)  # for reading after; not kept in git
    # Requests that ended in an error the site logged (each answered with our own page).
    request_errors = re.findall(
        r"^(?:Internal Server Error|Service Unavailable): (\S+)", site_log, re.MULTILINE
    )
    result = {
        "seconds": SECONDS,
        "readers": READERS,
        "submitters": SUBMITTERS,
        "requests": sum(p["requests"] for p in pages.values()) + len(log),
        "5xx": len(fivexx),
        "5xx_outside_postgres_restart": sum(1 for when in fivexx if not in_gap(when)),
        "no_answer": sum(1 for kind, status, *_ in log if status == 0),
        "postgres_restart_seconds": [round(e - b, 1) for b, e in gaps],
        "submissions": {
            "sent": len(submitted),
            "accepted": len(accepted),
            "stored": len(stored),
            "lost": len(accepted - stored.keys()),
            "duplicated": sum(1 for n in stored.values() if n > 1),
            "stored_but_not_confirmed": len(stored.keys() - accepted),
            "refused_429": limited,
            "refused_other": refused,
        },
        "emails": {
            "queued": counted["queued"],
            "delivered": delivered,
            "still_waiting": counted["waiting"],
            "failed": counted["failed"],
        },
        "tracebacks_shown": sum(1 for kind, *_ in log if kind == "traceback"),
        "request_errors_logged": len(request_errors),
        "mail_retries_logged": site_log.count("Could not send"),
        "pages": {
            page: {
                k: result[k] for k in ("requests", "p50_ms", "p99_ms", "limited", "socket_errors")
            }
            for page, result in pages.items()
        },
    }
    (ROOT / "bench" / "load.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--prepare"]:
        prepare(int(sys.argv[2]))
    else:
        main()
