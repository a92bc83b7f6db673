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
