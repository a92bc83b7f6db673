"""
What `make bench` asks the site before it loads it, each in a `manage.py shell` of the
environment it is given: the pages to load, with real ids; the queries and Redis calls
each page costs; and a signed-in reader's cookies, for the "fragments" runs.
"""

import json

from bench.common import manage


def pages(env: dict) -> dict[str, str]:
    """The pages to measure, with real ids from the benchmark database."""
    script = (
        "import json;"
        "from posts.models import Article;from stories.models import Story;"
        "a=Article.objects.published().first();s=Story.objects.public().first();"
        "ids=Story.objects.public().originals().values_list('pk',flat=True);"
        "n=ids.count();"
        "print(json.dumps({'article':a.get_absolute_url(),'story':s.get_absolute_url(),"
        "'deep':ids[n//2]}))"
    )
    found = json.loads(manage("shell", "-c", script, env=env).strip().splitlines()[-1])
    return {
        "site_plain": "/bench/plain",
        "site_fortunes": "/bench/fortunes",
        "home": "/",
        "article": found["article"],
        "hub": "/indications/kidney/",
        "story_list": "/stories/",
        "story": found["story"],
        "story_list_indication": "/stories/?indication=liver",
        "story_list_deep": f"/stories/?before={found['deep']}",  # halfway down the list
        "search_selective": "/search/?q=snowshoe",
        "search_common": "/search/?q=recovery",
    }


# The benchmark's signed-in reader: the first ordinary member of the benchmark data.
READER = "get_user_model().objects.filter(is_active=True,is_staff=False).order_by('pk').first()"


def query_counts(urls: dict[str, str], env: dict, signed_in: bool = False) -> dict[str, int]:
    """Queries per page, the second time it is asked for: anonymous, or signed in."""
    script = (
        "import json,sys;from django.test import Client;from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext;"
        "from django.contrib.auth import get_user_model;"
        f"urls=json.loads({json.dumps(json.dumps(urls))});c=Client();out={{}}\n"
        f"if {signed_in}: c.force_login({READER})\n"
        "for name,url in urls.items():\n"
        "    c.get(url)\n"
        "    with CaptureQueriesContext(connection) as q: r=c.get(url)\n"
        "    assert r.status_code==200,(url,r.status_code)\n"
        "    out[name]=len(q)\n"
        "print(json.dumps(out))"
    )
    return json.loads(manage("shell", "-c", script, env=env).strip().splitlines()[-1])


def cache_calls(urls: dict[str, str], env: dict) -> dict[str, int]:
    """Redis commands an anonymous reader's page costs once it is kept (the warm runs)."""
    script = (
        "import json,redis;from django.test import Client;"
        f"urls=json.loads({json.dumps(json.dumps(urls))});c=Client();out={{}};calls=[]\n"
        "real=redis.Redis.execute_command\n"
        "redis.Redis.execute_command=lambda self,*a,**k: calls.append(a[0]) or real(self,*a,**k)\n"
        "for name,url in urls.items():\n"
        "    c.get(url);c.get(url);calls.clear();c.get(url)\n"
        "    out[name]=len(calls)\n"
        "print(json.dumps(out))"
    )
    return json.loads(manage("shell", "-c", script, env=env).strip().splitlines()[-1])


def reader_cookies(env: dict) -> str:
    """
    A `Cookie` header of a signed-in reader (an ordinary member of the benchmark data):
    their session, and the CSRF cookie their pages' forms need.
    """
    script = (
        "from django.conf import settings;from django.contrib.auth import get_user_model;"
        "from django.test import Client;"
        f"u={READER};"
        "c=Client();c.force_login(u);c.get('/');"
        "names=(settings.SESSION_COOKIE_NAME,settings.CSRF_COOKIE_NAME);"
        "print('; '.join(f'{n}={c.cookies[n].value}' for n in names))"
    )
    return manage("shell", "-c", script, env=env).strip().splitlines()[-1]
