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


def test_build_bench_data_and_the_baseline_pages(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(
        DJANGO_BENCH="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
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
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(
        DJANGO_BENCH="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
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
