"""Settings come from the environment; bad values stop start-up with a clear message."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def clean_env(**env) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "AWS_", "SITE_URL"))
    }
    # Nothing here may look for credentials on the network (the cloud metadata address).
    clean["AWS_EC2_METADATA_DISABLED"] = "true"
    clean.update(env)
    return clean


def load_settings(**env) -> subprocess.CompletedProcess:
    clean = clean_env(**env)
    code = (
        "import cryoinfo.settings as s;"
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
        " s.STORAGES['staticfiles']['BACKEND'], s.DATABASES['default']['CONN_MAX_AGE'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_development_defaults_need_no_configuration():
    result = load_settings()

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.staticfiles.storage.StaticFilesStorage",
        "0",
    ]


def test_production_needs_a_secret_key():
    result = load_settings(DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_use_postgres_redis_and_compressed_static_files():
    result = load_settings(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u:p@db.internal:5432/cryo",
        REDIS_URL="redis://cache.internal:6379/0",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.postgresql",
        "cryoinfo.cache.ForgivingRedisCache",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "600",
    ]


@pytest.mark.parametrize(("setting", "expected"), [(None, "True"), ("0", "False")])
def test_postgresql_binds_parameters_on_the_server_unless_told_not_to(setting, expected):
    env = {"DATABASE_URL": "postgres://u:p@db.internal:5432/cryo"}
    if setting is not None:
        env["DJANGO_DB_SERVER_SIDE_BINDING"] = setting
    clean = clean_env(**env)
    code = "import cryoinfo.settings as s; print(s.DATABASES['default']['OPTIONS'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert f"'server_side_binding': {expected}" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be 1 or 0"),
        ({"DATABASE_URL": "nonsense://what"}, "DATABASE_URL is not a database URL"),
        ({"EMAIL_PORT": "twenty"}, "EMAIL_PORT must be a whole number"),
    ],
)
def test_bad_values_stop_start_up_with_a_message(env, message):
    result = load_settings(**env)

    assert result.returncode != 0
    assert message in result.stderr


def django_setup_and_print(script: str, **env) -> dict:
    """Start Django with these variables, run `script`, return the JSON it prints last."""
    result = subprocess.run(
        [sys.executable, "-c", "import django, json\ndjango.setup()\n" + script],
        cwd=ROOT,
        env=clean_env(DJANGO_SETTINGS_MODULE="cryoinfo.settings", **env),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# What the storages and sessions turn out to be, for the tests below. Nothing here opens a
# connection: S3 clients connect on the first request for a file, and a link to a public
# file is computed, not fetched.
DESCRIBE_STORAGES = """
from django.core.files.storage import default_storage, storages
from stories.models import StoryPhoto

def describe(storage):
    keys = ("bucket_name", "location", "endpoint_url", "region_name", "access_key",
            "secret_key", "default_acl", "querystring_auth", "file_overwrite", "custom_domain")
    return {k: getattr(storage, k, None) for k in keys}

photo_storage = StoryPhoto._meta.get_field("image").storage
try:
    photo_url = photo_storage.url("story-photos/a.jpg")
except NotImplementedError:
    photo_url = None
print(json.dumps({
    "public": {"class": type(storages["default"]).__name__, **describe(default_storage)},
    "private": {"class": type(storages["private"]).__name__, **describe(storages["private"])},
    "photos_use_private": describe(photo_storage) == describe(storages["private"]),
    "photo_url": photo_url,
    "editor_image_url": default_storage.url("editor/scan.png"),
}))
"""


def test_uploads_go_to_local_folders_by_default(tmp_path):
    found = django_setup_and_print(
        DESCRIBE_STORAGES,
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )

    assert found["public"]["class"] == "FileSystemStorage"
    assert found["public"]["location"] == str(tmp_path / "media")
    assert found["private"]["class"] == "PrivateFileSystemStorage"
    assert found["private"]["location"] == str(tmp_path / "private")
    assert found["photos_use_private"] is True
    assert found["photo_url"] is None
    assert found["editor_image_url"] == "/media/editor/scan.png"


def test_uploads_go_to_object_storage_when_a_bucket_is_named():
    found = django_setup_and_print(
        DESCRIBE_STORAGES,
        DJANGO_S3_BUCKET="cryoinfo-media",
        DJANGO_S3_PRIVATE_BUCKET="cryoinfo-private",
        DJANGO_S3_ENDPOINT_URL="https://objects.example.net",
        DJANGO_S3_REGION="eu-west-2",
        DJANGO_S3_ACCESS_KEY_ID="AKIAEXAMPLEKEY",
        DJANGO_S3_SECRET_ACCESS_KEY="not-a-real-secret",
    )

    shared = {
        "class": "S3Storage",
        "endpoint_url": "https://objects.example.net",
        "region_name": "eu-west-2",
        "access_key": "AKIAEXAMPLEKEY",
        "secret_key": "not-a-real-secret",
        "default_acl": None,
        "file_overwrite": False,
        "custom_domain": None,
    }
    assert found["public"] == {
        **shared,
        "bucket_name": "cryoinfo-media",
        "location": "media",
        "querystring_auth": False,
    }
    assert found["private"] == {
        **shared,
        "bucket_name": "cryoinfo-private",
        "location": "private",
        "querystring_auth": True,
    }
    # Public files get plain, unsigned links; private photos get none at all.
    url = "https://objects.example.net/cryoinfo-media/media/editor/scan.png"
    assert found["editor_image_url"] == url
    assert found["photos_use_private"] is True
    assert found["photo_url"] is None


def test_one_bucket_keeps_private_photos_apart_and_lets_boto3_find_the_keys():
    found = django_setup_and_print(
        DESCRIBE_STORAGES,
        DJANGO_S3_BUCKET="cryoinfo",
        DJANGO_S3_CUSTOM_DOMAIN="media.cryoinfo.example",
    )

    assert found["public"]["bucket_name"] == found["private"]["bucket_name"] == "cryoinfo"
    assert (found["public"]["location"], found["private"]["location"]) == ("media", "private")
    assert found["public"]["access_key"] is None  # boto3's own search: AWS_*, a role...
    assert found["private"]["endpoint_url"] is None  # Amazon S3 itself
    assert found["editor_image_url"] == "https://media.cryoinfo.example/media/editor/scan.png"
    assert found["photo_url"] is None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"SITE_URL": "http://127.0.0.1:8123"}, "http://127.0.0.1:8123"),
        ({"SITE_URL": "https://cryoinfo.example"}, "https://cryoinfo.example"),
    ],
)
def test_links_in_e_mails_start_with_the_site_url_from_the_environment(env, expected):
    found = django_setup_and_print(
        "from django.conf import settings\nprint(json.dumps(settings.SITE_URL))", **env
    )

    assert found == expected


def programs_make_starts(tmp_path, target: str, **env) -> dict[str, str]:
    """
    Run `make <target> PORT=8123` with stand-ins for python and gunicorn that only note
    the SITE_URL each was given; return it for the task worker and the web server.
    """
    log = tmp_path / "started.log"
    for program in ("python", "gunicorn"):
        stand_in = tmp_path / program
        # The web server waits (up to 10 s) for the worker started just before it to note
        # itself: when the server ends, make stops the worker, perhaps before it began.
        stand_in.write_text(
            f'#!/bin/sh\necho "${{SITE_URL:-unset}} {program} $*" >> "{log}"\n'
            'case "$*" in *runserver*|*cryoinfo.wsgi*)\n'
            f'  i=0; while [ $i -lt 100 ] && ! grep -q scripts/worker.py "{log}"; do\n'
            "    sleep 0.1; i=$((i+1)); done;;\n"
            "esac\n"
        )
        stand_in.chmod(0o755)
    make_env = {
        k: v for k, v in clean_env().items() if not k.startswith(("MAKE", "SITE_URL", "BIND"))
    }
    result = subprocess.run(
        [shutil.which("make"), "--silent", "--old-file=install", target,
         f"BIN={tmp_path}", "PORT=8123"],
        cwd=ROOT, env={**make_env, **env}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    started = {}
    for line in log.read_text().splitlines():
        site_url, command = line.split(" ", 1)
        if "scripts/worker.py" in command:
            started["worker"] = site_url
        elif "runserver" in command or command.startswith("gunicorn"):
            started["web"] = site_url
    return started


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["run", "serve"])
def test_make_tells_the_server_and_the_worker_the_port_it_serves_at(tmp_path, target):
    started = programs_make_starts(tmp_path, target)

    assert started == {"worker": "http://127.0.0.1:8123", "web": "http://127.0.0.1:8123"}


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_keeps_a_site_url_given_to_it(tmp_path):
    started = programs_make_starts(tmp_path, "run", SITE_URL="https://cryoinfo.example")

    assert started == {"worker": "https://cryoinfo.example", "web": "https://cryoinfo.example"}


@pytest.mark.parametrize("env", [{}, {"REDIS_URL": "redis://cache.internal:6379/0"}])
def test_sessions_are_kept_in_the_database_every_instance_shares(env):
    found = django_setup_and_print(
        "from django.conf import settings\nprint(json.dumps(settings.SESSION_ENGINE))", **env
    )

    assert found == "django.contrib.sessions.backends.db"


def test_the_deployment_check_is_clean():
    env = clean_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-and-random-enough-secret-for-the-check-1234567890",
        DJANGO_ALLOWED_HOSTS="cryoinfo.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
