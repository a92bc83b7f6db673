"""The benchmark's data builder and baseline pages (make bench runs them at full size)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def bench_env(tmp_path) -> dict:
    """The benchmark's settings, on a SQLite file of the test's own, without our environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(
        DJANGO_BENCH="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    return env


def test_build_bench_data_and_the_baseline_pages(tmp_path):
    env = bench_env(tmp_path)
    run("migrate", "--noinput", env=env)
    run("build_bench_data", "--stories", "60", "--articles", "3", "--users", "12", env=env)
    again = run("build_bench_data", "--stories", "60", env=env)

    script = (
        "import json;from django.test import Client;"
        "from stories.models import Story,StoryRevision;from posts.models import Article;"
        "from cryoinfo.markdown import render_markdown;"
        "from search.backends import search;c=Client();"
        "f=c.get('/bench/fortunes').content.decode();"
        "print(json.dumps({'stories':Story.objects.public().count(),"
        "'articles':Article.objects.published().count(),"
        "'found':search('recovery').count(),'plain':c.get('/bench/plain').content.decode(),"
        "'rows':f.count('<tr>'),'escaped':'&lt;script&gt;' in f and '<script>' not in f,"
        "'list':c.get('/stories/').status_code,"
        "'html':all(render_markdown(r.body).html==r.body_html"
        " for r in StoryRevision.objects.all()),"
        "'next_id':Story.objects.create(author_id=1).pk}))"
    )
    found = json.loads(run("shell", "-c", script, env=env).strip().splitlines()[-1])

    assert "already has stories" in again
    assert found == {
        "stories": 60, "articles": 3, "found": 60, "plain": "ok",
        "rows": 102, "escaped": True, "list": 200, "html": True, "next_id": 61,
    }  # fmt: skip


def test_the_sitemap_index_links_every_story_of_the_bench_database_once(tmp_path):
    """
    The sitemap index at the benchmark's shape, scaled down: 250 stories in sections of
    100 URLs (50,000 in production), so the stories take three pages of the index.
    """
    env = bench_env(tmp_path)
    run("migrate", "--noinput", env=env)
    run("build_bench_data", "--stories", "250", "--articles", "3", "--users", "12", env=env)
    script = (
        "import json, re;from django.test import Client;from pages.sitemaps import SITEMAPS;"
        "from stories.models import Story;SITEMAPS['stories'].limit = 100;c=Client();"
        "index=c.get('/sitemap.xml').content.decode();"
        "sections=re.findall(r'<loc>http://testserver(/sitemap-[^<]+)</loc>', index);"
        "urls=[u for s in sections for u in re.findall(r'<loc>http://testserver(/stories/\\d+/)<',"
        " c.get(s.replace('&amp;', '&')).content.decode())];"
        "print(json.dumps({'sections':sections,'urls':urls,"
        "'public':[s.get_absolute_url() for s in Story.objects.public()]}))"
    )
    found = json.loads(run("shell", "-c", script, env=env).strip().splitlines()[-1])

    assert [s for s in found["sections"] if "stories" in s] == [
        "/sitemap-stories.xml", "/sitemap-stories.xml?p=2", "/sitemap-stories.xml?p=3",
    ]  # fmt: skip
    assert len(found["urls"]) == len(set(found["urls"])) == 250  # each story once
    assert set(found["urls"]) == set(found["public"])


def test_the_bare_baselines_are_django_alone_on_the_bench_database(tmp_path):
    """bench/bare serves plain and fortunes from the same data, with none of our stack."""
    env = bench_env(tmp_path)
    run("migrate", "--noinput", env=env)
    run("build_bench_data", "--stories", "5", "--articles", "1", "--users", "3", env=env)
    bare = {k: v for k, v in env.items() if not k.startswith("DJANGO_")}
    bare.update(DJANGO_SETTINGS_MODULE="bench.bare.settings", BARE_SECRET_KEY="x" * 50)
    script = (
        "import json,django;django.setup();from django.conf import settings;"
        "from django.test import Client;c=Client(SERVER_NAME='localhost');"
        "f=c.get('/fortunes');p=c.get('/plain');"
        "print(json.dumps({'plain':p.content.decode(),'rows':f.content.decode().count('<tr>'),"
        "'escaped':'&lt;script&gt;' in f.content.decode(),"
        "'middleware':settings.MIDDLEWARE,'apps':settings.INSTALLED_APPS,"
        "'headers':sorted(f.headers)}))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=bare,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])

    assert found["plain"] == "ok"
    assert found["rows"] == 102 and found["escaped"]
    assert found["middleware"] == [] and found["apps"] == ["bench.bare"]
    # None of the headers our middleware adds (CSP, HSTS, referrer policy...).
    assert found["headers"] == ["Content-Type"]


def test_the_benchmark_clears_its_own_redis_keys_and_no_others(monkeypatch):
    import importlib

    import pytest
    import redis

    url = "redis://127.0.0.1:6379/13"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    monkeypatch.setenv("BENCH_REDIS_URL", url)
    from bench import run as bench_run

    bench_run = importlib.reload(bench_run)
    client.set("someone-elses:1:key", "keep me")
    client.set(f"{bench_run.RUN}-warm:1:page", "ours")
    client.set(f"{bench_run.RUN}-fragments:1:card", "ours")

    assert bench_run.clear_redis() == 2
    assert client.get("someone-elses:1:key") == b"keep me"
    assert bench_run.django_env("warm")["DJANGO_CACHE_KEY_PREFIX"] == f"{bench_run.RUN}-warm"
    client.delete("someone-elses:1:key")


def test_the_readme_table_is_written_from_the_results(tmp_path, monkeypatch):
    from bench import readme

    def row(page, cache, rps, queries=3):
        return {"page": page, "cache": cache, "rps": rps, "queries": queries,
                "ratio_to_plain": rps / 4000, "ratio_to_fortunes": rps / 800,
                "one_user_p50_ms": 4.25 if cache == "off" else None,
                "redis_calls_when_kept": 1, "queries_signed_in": 4}  # fmt: skip

    rows = [
        row(page, cache, rps)
        for cache in ("warm", "fragments", "off")
        for page, rps in (("plain", 4000), ("fortunes", 800), ("home", 400))
    ]
    rows[2] = row("home", "warm", 2400)
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "results.json").write_text(json.dumps({
        "machine": "test box", "django": "5.2", "database": "sqlite", "stories": 1000,
        "seconds": 5, "repeats": 3, "workers": 5, "rows": rows,
        "targets": {"every page, cache warm: at least 0.5x bare plain": True},
    }))  # fmt: skip
    on_postgresql = json.loads((tmp_path / "bench" / "results.json").read_text())
    on_postgresql.update(database="postgres", rows=[{**r, "rps": r["rps"] / 2} for r in rows])
    (tmp_path / "bench" / "results-postgresql.json").write_text(json.dumps(on_postgresql))
    (tmp_path / "README.md").write_text(
        "Intro\n<!-- bench:start -->\nold\n<!-- bench:end -->\nEnd\n"
    )
    monkeypatch.setattr(readme, "ROOT", tmp_path)

    readme.main()

    text = (tmp_path / "README.md").read_text()
    assert "old" not in text and text.startswith("Intro\n") and text.endswith("End\n")
    assert "| home | 3 / 4 | 1 | 2,400 | 0.60 | 3.00 | 400 | 0.50 | 400 | 0.50 | 4.25 |" in text
    assert "| home | 3 / 4 | 1 | 1,200 |" in text  # the PostgreSQL run's table, after SQLite's
    assert text.index("sqlite, 1,000 stories") < text.index("postgres, 1,000 stories")
    assert "warm run 4,000 / 800" in text
    assert "- met: every page, cache warm: at least 0.5x bare plain" in text


def test_the_probes_sign_a_reader_in_and_count_their_queries(tmp_path):
    """The "fragments" runs load pages as a signed-in reader: their cookies really sign in."""
    from bench import probes

    env = bench_env(tmp_path)
    run("migrate", "--noinput", env=env)
    run("build_bench_data", "--stories", "30", "--articles", "2", "--users", "5", env=env)
    cookie = probes.reader_cookies(env)
    urls = probes.pages(env)

    script = (
        "from django.test import Client;c=Client();"
        f"c.cookies.load({cookie!r});print('Sign out' in c.get('/').content.decode())"
    )
    assert run("shell", "-c", script, env=env).split()[-1] == "True"
    anonymous = probes.query_counts(urls, env)
    signed_in = probes.query_counts(urls, env, signed_in=True)
    assert set(anonymous) == set(urls) == set(signed_in)
    assert all(signed_in[page] > anonymous[page] for page in ("home", "story", "story_list"))
