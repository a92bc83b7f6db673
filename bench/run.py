"""
`make bench`: how fast the site answers readers, on this machine, in one run.

1. Builds (once) a benchmark database: BENCH_STORIES approved stories (default 100,000),
   200 articles, 10,000 users — SQLite in bench/, or BENCH_DATABASE_URL for PostgreSQL.
2. Starts two gunicorns with the same settings on 127.0.0.1: the site with production
   settings (DEBUG off), and a bare Django project (bench/bare/: Django as it comes, no
   middleware or app of ours) serving the baselines, "plain" (a fixed response) and
   "fortunes" (TechEmpower's Fortunes: a query and a template) from the same database.
3. Loads each page with wrk on loopback, the baselines and the site's pages interleaved,
   three repeats, BENCH_SECONDS each, in three modes: "warm" (the shared cache in Redis,
   whole pages kept), "fragments" (a signed-in reader: their session cookie on every
   request, so no whole page; pages assembled from kept fragments and shared parts) and
   "off" (no cache at all: every page rendered from the database); takes medians.
   Every row gives its ratio to both baselines of its own mode's run. The site's own copies
   of the baselines (site_plain, site_fortunes) show what our middleware costs.
4. Prints a table, writes bench/results.json and bench/results.svg; bench/readme.py then
   writes the README's speed table from results.json.

It deletes nothing it did not make: the SQLite file is its own, a PostgreSQL database is
only added to (build_bench_data keeps one that has stories), and in Redis (BENCH_REDIS_URL,
database 0 unless told) it writes under a key prefix of its own run and removes only those
keys at the end. It says what it will use before it starts.
"""

import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

from bench.common import PYTHON, ROOT, free_port, manage, production_env
from bench.probes import cache_calls, pages, query_counts, reader_cookies

BENCH_DIR = ROOT / "bench"
STORIES = int(os.environ.get("BENCH_STORIES", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 2) * 2 + 1)))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
RUN = f"cryoinfo-bench-{os.getpid()}-{int(time.time())}"  # this run's Redis key prefix
# Pages that must answer one reader in under 50 ms at a million stories.
ONE_USER = ("story_list", "story_list_deep", "story_list_indication", "search_selective")
ONE_USER_TARGET_MS = 50


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{BENCH_DIR / f'bench-{STORIES}.sqlite3'}"
    )


def django_env(cache: str) -> dict:
    env = production_env(DATABASE_URL=database_url())
    if cache in ("warm", "fragments"):
        env["REDIS_URL"] = REDIS_URL
        env["DJANGO_CACHE_KEY_PREFIX"] = f"{RUN}-{cache}"  # starts cold, cleared at the end
    # "fragments" runs as in production: the reader's session cookie is what keeps whole
    # pages away from them (see run_mode).
    if cache == "off":
        env["DJANGO_CACHE"] = "off"
    return env


def bare_env() -> dict:
    """The bare project's: the database and a key, nothing of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.bare.settings",
        DATABASE_URL=database_url(),
        BARE_SECRET_KEY=secrets.token_urlsafe(50),
    )
    return env


def clear_redis() -> int:
    """Delete this run's keys, and only those; how many."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    removed = 0
    for key in client.scan_iter(match=f"{RUN}-*", count=1000):
        removed += client.delete(key)
    return removed


def start_server(env: dict, port: int, app: str = "cryoinfo.wsgi:application",
                 ready: str = "/healthz") -> subprocess.Popen:  # fmt: skip
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), app,
         "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{ready}", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def wrk(url: str, connections: int = CONNECTIONS, cookie: str | None = None) -> dict:
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{SECONDS}s", "--latency",
         *headers, url],
        check=True, text=True, capture_output=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    latency = {p: float(v) * scale[u] for p, v, u in LATENCY.findall(out)}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non_2xx:
        raise SystemExit(f"{url} answered errors under load:\n{out}")
    return {"rps": rps, "p50_ms": latency["50"], "p99_ms": latency["99"]}


BASELINES = {"plain": "/plain", "fortunes": "/fortunes"}  # on the bare project


def measure(urls: dict[str, str], port: int, bare_port: int,
            cookie: str | None = None) -> dict[str, dict]:  # fmt: skip
    """Every page, with `cookie` if given (the baselines never: bare Django has no session)."""
    addresses = {name: f"http://127.0.0.1:{bare_port}{path}" for name, path in BASELINES.items()}
    addresses.update({name: f"http://127.0.0.1:{port}{path}" for name, path in urls.items()})
    runs: dict[str, list[dict]] = {name: [] for name in addresses}
    for repeat in range(REPEATS):
        for name, address in addresses.items():  # baselines, then the pages, every repeat
            runs[name].append(wrk(address, cookie=None if name in BASELINES else cookie))
            print(f"    repeat {repeat + 1}/{REPEATS} {name:<22} {runs[name][-1]['rps']:>9,.0f}"
                  " req/s", flush=True)  # fmt: skip
    medians = {
        name: {key: statistics.median(r[key] for r in results) for key in results[0]}
        for name, results in runs.items()
    }
    # The latency target is for one reader at a time: one connection, no queue.
    for name in ONE_USER:
        alone = [wrk(f"http://127.0.0.1:{port}{urls[name]}", connections=1, cookie=cookie)
                 for _ in range(REPEATS)]  # fmt: skip
        medians[name]["one_user_p50_ms"] = statistics.median(r["p50_ms"] for r in alone)
        print(
            f"    one user {name:<22} p50 {medians[name]['one_user_p50_ms']:>7.2f} ms", flush=True
        )
    return medians


def svg_chart(rows: list[dict]) -> str:
    bar_rows = [r for r in rows if r["page"] not in ("plain", "fortunes")]
    width, left, row_h = 760, 250, 22
    height = 40 + row_h * len(bar_rows)
    top = max(r["ratio_to_fortunes"] for r in bar_rows) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12" role="img" aria-labelledby="t">',
        f'<title id="t">Requests per second as a multiple of bare Django\'s Fortunes page '
        f"({STORIES:,} stories)</title>",
        f'<text x="10" y="18" font-weight="bold">Throughput / bare Django Fortunes '
        f"({STORIES:,} stories)</text>",
    ]
    scale = (width - left - 80) / top
    x_one = left + scale
    for i, row in enumerate(bar_rows):
        y = 30 + i * row_h
        fill = {"warm": "#0b5f78", "fragments": "#4d7c2a"}.get(row["cache"], "#8a6d00")
        parts.append(f'<text x="10" y="{y + 14}">{row["page"]} ({row["cache"]})</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{row["ratio_to_fortunes"] * scale:.1f}"'
                     f' height="{row_h - 6}" fill="{fill}"/>')  # fmt: skip
        parts.append(f'<text x="{left + row["ratio_to_fortunes"] * scale + 5:.1f}" y="{y + 14}">'
                     f'{row["ratio_to_fortunes"]:.2f}×</text>')  # fmt: skip
    parts.append(f'<line x1="{x_one:.1f}" y1="26" x2="{x_one:.1f}" y2="{height}" '
                 'stroke="#333" stroke-dasharray="4 3"/>')  # fmt: skip
    parts.append("</svg>")
    return "\n".join(parts)


PERSONAL = ("home", "article", "hub", "story_list", "story")  # pages with fragments


def targets(rows: list[dict]) -> dict[str, bool]:
    """The targets of issue 18, each met or not in this run, against bare Django."""
    pages = [r for r in rows if r["page"] not in ("plain", "fortunes", "site_plain",
                                                   "site_fortunes")]  # fmt: skip

    def every(cache, names, ratio, key):
        return all(r[key] >= ratio for r in pages if r["cache"] == cache and r["page"] in names)

    site_pages = {r["page"] for r in pages}
    return {
        "every page, cache warm: at least 0.5x bare plain": every(
            "warm", site_pages - {"search_common", "search_selective"}, 0.5, "ratio_to_plain"
        ),
        "home, article, hub, list, story from fragments: at least 0.6x bare fortunes": every(
            "fragments", PERSONAL, 0.6, "ratio_to_fortunes"
        ),
        "the same, every cache empty: at least 0.4x bare fortunes": every(
            "off", PERSONAL, 0.4, "ratio_to_fortunes"
        ),
        "search for a common word, caching off: at least 0.5x bare fortunes": every(
            "off", ("search_common",), 0.5, "ratio_to_fortunes"
        ),
        "at most 6 queries on every page": all(r["queries"] <= 6 for r in pages),
        f"one user under {ONE_USER_TARGET_MS} ms (p50), caching off: " + ", ".join(ONE_USER): all(
            r["one_user_p50_ms"] < ONE_USER_TARGET_MS
            for r in pages
            if r["cache"] == "off" and r["page"] in ONE_USER
        ),
    }


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk: sudo apt-get install wrk")
    build_env = django_env("off")
    print(f"== Benchmark database: {database_url()} ({STORIES:,} stories); only added to")
    print(f"== Redis: {REDIS_URL}, keys under {RUN}-*, removed at the end; nothing else")
    manage("migrate", "--noinput", env=build_env)
    subprocess.run(
        [PYTHON, "manage.py", "build_bench_data", "--stories", str(STORIES)],
        cwd=ROOT, env=build_env, check=True,
    )  # fmt: skip
    manage("collectstatic", "--noinput", env=build_env)
    urls = pages(build_env)
    queries = {"plain": 0, "fortunes": 1, **query_counts(urls, build_env)}
    signed_in = {"plain": 0, "fortunes": 1,
                 **query_counts(urls, django_env("fragments"), signed_in=True)}  # fmt: skip
    redis_calls = {"plain": 0, "fortunes": 0, **cache_calls(urls, django_env("warm"))}
    bare_port = free_port()
    print(f"== Bare Django baselines: gunicorn with {WORKERS} workers on port {bare_port}")
    bare = start_server(bare_env(), bare_port, "bench.bare.wsgi:application", "/plain")
    rows = []
    try:
        for cache in ("warm", "fragments", "off"):
            rows += run_mode(cache, urls, queries, bare_port)
        for row in rows:  # for the README's "scale"
            row["redis_calls_when_kept"] = redis_calls[row["page"]]
            row["queries_signed_in"] = signed_in[row["page"]]  # fragments warm
    finally:
        stop_server(bare)
        print(f"== Removed this run's {clear_redis()} keys from Redis")
    report = {
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}",
        "django": django.get_version(),
        "database": database_url().split(":", 1)[0],
        "stories": STORIES,
        "seconds": SECONDS,
        "repeats": REPEATS,
        "workers": WORKERS,
        "rows": rows,
        "targets": targets(rows),
    }
    name = "results.json" if report["database"] == "sqlite" else "results-postgresql.json"
    (BENCH_DIR / name).write_text(json.dumps(report, indent=2))
    (BENCH_DIR / "results.svg").write_text(svg_chart(rows))
    print(f"\n{'page':<22} {'cache':<9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'queries':>7} {'× plain':>8} {'× fortunes':>10} {'1 user p50':>10}")  # fmt: skip
    for r in rows:
        alone = r["one_user_p50_ms"]
        print(
            f"{r['page']:<22} {r['cache']:<9} {r['rps']:>9,.0f} {r['p50_ms']:>8.2f} "
            f"{r['p99_ms']:>8.2f} {r['queries']:>7} {r['ratio_to_plain']:>8.2f} "
            f"{r['ratio_to_fortunes']:>10.2f} {'' if alone is None else f'{alone:.2f}':>10}"
        )
    print()
    for target, met in report["targets"].items():
        print(f"  {'met' if met else 'NOT MET':<8} {target}")
    print(f"\nWrote bench/{name} and bench/results.svg")


def run_mode(cache: str, urls: dict, queries: dict, bare_port: int) -> list[dict]:
    """One cache mode: the site in its own gunicorn, measured beside the bare baselines."""
    port = free_port()
    print(f"== Cache {cache}: the site in gunicorn with {WORKERS} workers on port {port}")
    # "fragments" is a signed-in reader's page, as issue 18 asks: their session and CSRF
    # cookies on every request, so no whole page is kept for them.
    env = django_env(cache)  # one secret key, so the server knows the reader's session
    cookie = reader_cookies(env) if cache == "fragments" else None
    server = start_server(env, port)
    try:
        for path in urls.values():  # warm the cache and the workers
            for _ in range(WORKERS * 2):
                request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
                if cookie:
                    request.add_header("Cookie", cookie)
                with urllib.request.urlopen(request, timeout=30) as response:
                    page = response.read().decode()
                if cookie and path == urls["home"] and "Sign out" not in page:
                    raise SystemExit("The benchmark's reader is not signed in")
        results = measure(urls, port, bare_port, cookie)
    finally:
        stop_server(server)
    plain, fortunes = results["plain"]["rps"], results["fortunes"]["rps"]
    return [
        {
            "page": name,
            "cache": cache,
            "rps": round(result["rps"], 1),
            "p50_ms": round(result["p50_ms"], 2),
            "p99_ms": round(result["p99_ms"], 2),
            "queries": queries[name],
            "one_user_p50_ms": result.get("one_user_p50_ms"),
            "ratio_to_plain": round(result["rps"] / plain, 3),
            "ratio_to_fortunes": round(result["rps"] / fortunes, 3),
        }
        for name, result in results.items()
    ]


if __name__ == "__main__":
    main()
