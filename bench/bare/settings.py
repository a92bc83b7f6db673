"""
The bare Django project `make bench` measures the site against: Django 5.2 as it comes,
with none of CryoInfo's settings, middleware, apps or templates. Two pages, as TechEmpower's
Django entry has them: "plain" (a fixed response) and "fortunes" (a query and a template).

It reads the benchmark database (the `bench_fortune` table that `build_bench_data` fills),
over a persistent connection as TechEmpower's Django entry does, and nothing else. The
site under test runs in its own gunicorn; bench/run.py starts both with the same settings.
"""

import os
from pathlib import Path

import dj_database_url

SECRET_KEY = os.environ["BARE_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["bench.bare"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.bare.urls"
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600)}
# The Fortunes template is the benchmark's one file (bench/templates), so the bare page and
# the site's copy of it send the same bytes.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent.parent / "templates"],
    }
]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
WSGI_APPLICATION = "bench.bare.wsgi.application"
