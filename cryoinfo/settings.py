"""
Settings for CryoInfo, read from environment variables.

Every setting has a development default, so `make run` needs no configuration. Production
sets DJANGO_DEBUG=0 and must then provide DJANGO_SECRET_KEY. A malformed value stops the
process with a message naming the variable, rather than starting with a surprise.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cryoinfo.env import env_bool, env_int, env_list, env_str
from cryoinfo.release import current_release
from cryoinfo.settings_storage import media_storages

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "markdownx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "cryoinfo",
    "accounts",
    "posts",
    "stories",
    "search",
    "feedback",
    "pages",
]

# `make bench` only: the baseline pages and the data builder (see bench/).
BENCH = env_bool("DJANGO_BENCH", False)
if BENCH:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # An ETag on every page (a hash of what was sent) and 304 Not Modified when the browser
    # already has it: outermost but for security, so it hashes the page as it leaves.
    "django.middleware.http.ConditionalGetMiddleware",
    # Kept public pages for anonymous readers, before the middleware they do not need: a
    # kept page replays the policy headers it was kept with, rather than building them.
    "cryoinfo.pagecache.KeptPagesMiddleware",
    "csp.middleware.CSPMiddleware",
    "cryoinfo.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the article history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a rate limit that blocks (block=True) into the 429 page of RATELIMIT_VIEW.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Moderators and admins without two-factor sign-in are sent to set it up first.
    "accounts.two_factor.AdminTwoFactorMiddleware",
]

ROOT_URLCONF = "cryoinfo.urls"
WSGI_APPLICATION = "cryoinfo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cryoinfo.context_processors.fragment_cache",
            ],
        },
    },
]

# SQLite next to the code by default; DATABASE_URL=postgres://… for PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            # Persistent connections in production; a fresh one per request in development.
            conn_max_age=0 if DEBUG else env_int("DJANGO_CONN_MAX_AGE", 600),
            conn_health_checks=not DEBUG,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL we understand: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters sent apart from the SQL, so that psycopg prepares a statement it has run
    # five times on a connection and PostgreSQL stops planning it again: planning took
    # longer than running our pages' small queries (make bench: article and hub without
    # the page cache, 0.44 -> 0.50 and 0.40 -> 0.49 of Fortunes). Set
    # DJANGO_DB_SERVER_SIDE_BINDING=0 behind PgBouncer in transaction mode before 1.21.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env_bool(
        "DJANGO_DB_SERVER_SIDE_BINDING", True
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env_str("REDIS_URL")
# Part of every page and fragment cache key: CRYOINFO_RELEASE, else the git revision.
RELEASE = env_str("CRYOINFO_RELEASE") or current_release(BASE_DIR)
# Template fragments ({% cache %}) are keyed by their object's version, so a change gets a
# new key at once; this only bounds how long an unused one stays.
FRAGMENT_SECONDS = 24 * 60 * 60
# Whole anonymous pages (cryoinfo.pagecache); DJANGO_PAGE_CACHE=off serves every page from
# its fragments, as signed-in readers get them.
PAGE_CACHE = env_str("DJANGO_PAGE_CACHE") != "off"
CACHE_OFF = env_str("DJANGO_CACHE") == "off"  # the benchmark's "caching off" runs
# {% cache %} fragments live in each process's memory, even with Redis: their keys carry
# the version of what they show, so no copy is stale, and twelve cards cost no round trips
# (through Redis, fragments made pages slower than no cache at all). About 2 KB each.
FRAGMENTS = {
    "BACKEND": "cryoinfo.cache.ForgivingLocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": FRAGMENT_SECONDS,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# Each process's own copies of the whole pages it served lately (cryoinfo.pagecache): a
# hit then asks Redis for the generation number only, not for 30-60 KB of page.
HOT_PAGES = {
    "BACKEND": "cryoinfo.cache.ForgivingLocMemCache",
    "LOCATION": "hot-pages",
    "OPTIONS": {"MAX_ENTRIES": 200},
}
if CACHE_OFF:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        "hot_pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
elif REDIS_URL:
    # Both step aside when Redis is down (cryoinfo/cache.py), and give up on it quickly.
    redis_options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    # Every key starts with this; the benchmark gives each run its own, so that it can
    # clear what it wrote, and nothing else, from a Redis it shares.
    cache_prefix = env_str("DJANGO_CACHE_KEY_PREFIX", "cryoinfo")
    CACHES = {
        "default": {
            "BACKEND": "cryoinfo.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": cache_prefix,
            "OPTIONS": redis_options,
        },
        "template_fragments": FRAGMENTS,
        "hot_pages": HOT_PAGES,
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "template_fragments": FRAGMENTS,
        "hot_pages": HOT_PAGES,
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Signing in goes through django-allauth; Django's own backend stays for permissions.
    # Both as they come, but that permissions are kept per process (accounts.backends).
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

from cryoinfo.settings_accounts import *  # noqa: E402, F403 (allauth's settings)

# WebAuthn needs HTTPS, except on this machine while developing (http://localhost).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# Never served by the web server: photos of posts are sent by a view that checks access.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private-media")
# Uploads must be seen by every app instance: folders here, or S3 (settings_storage.py).
public_media, private_media = media_storages()
STORAGES = {
    "default": public_media,
    # Named by cryoinfo.storage.PrivateMediaStorage, the storage of the photo fields.
    "private": private_media,
    "staticfiles": {
        # Hashed, compressed files need `collectstatic`; development serves the sources.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads bigger than this are refused before Django reads them into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o644

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if not env_str("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend"
)
# A mail server that does not answer must not hold the worker for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# Threads rebuilding the search index (search.index.rebuild): on PostgreSQL one prepares a
# batch while the database indexes another's; SQLite lets one writer in at a time.
SEARCH_REBUILD_WORKERS = env_int(
    "DJANGO_SEARCH_REBUILD_WORKERS",
    2 if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else 1,
)
# The pauses between tries of a failed e-mail (cryoinfo.mail), scaled: `make loadtest`
# makes them ten times shorter, to see queued mail delivered within its run.
MAIL_RETRY_SCALE = float(env_str("DJANGO_MAIL_RETRY_SCALE") or 1)
# With DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend, one file
# per message in this folder (a mail sink for tests and load runs).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or str(BASE_DIR / "sent-mail")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CryoInfo <noreply@cryoinfo.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The public address of the site, for links in e-mails. `make run` and `make serve` set it
# to the port they serve at unless it is given; a deployment gives its public address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Only the one sanitising renderer ever turns Markdown into HTML, the editor preview included.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "cryoinfo.markdown.markdownify"
MARKDOWNX_MEDIA_PATH = "editor/"
MARKDOWNX_EDITOR_RESIZABLE = False  # fixed height, so the preview sits beside it
MARKDOWNX_UPLOAD_CONTENT_TYPES = ("image/jpeg", "image/png", "image/webp")

TAGGIT_CASE_INSENSITIVE = True

# Rate limits (django-ratelimit) count in the shared cache. The client address comes from
# REMOTE_ADDR unless the proxy in front is trusted to set another header.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = env_str("DJANGO_CLIENT_IP_HEADER") or "REMOTE_ADDR"
# The same header for allauth's limits, by its HTTP name (HTTP_X_REAL_IP: X-Real-IP).
if RATELIMIT_IP_META_KEY.startswith("HTTP_"):
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = RATELIMIT_IP_META_KEY[5:].replace("_", "-")
RATELIMIT_VIEW = "cryoinfo.views.rate_limited"
SILENCED_SYSTEM_CHECKS = [
    # Django's own Redis cache increments atomically; django-ratelimit only knows
    # django-redis by name. Without REDIS_URL (development, one process) the local
    # memory cache is enough.
    "django_ratelimit.W001",
    *([] if REDIS_URL and not CACHE_OFF else ["django_ratelimit.E003"]),
]

# A strict Content-Security-Policy on every response: nothing is allowed unless listed
# (default-src 'none'), and what is listed is our own: scripts, styles, images (and the
# small data: images of the admin's icons), the fonts, fetches of our own endpoints (the
# editor's preview, security keys). Nothing inline, no plugins, no
# framing, forms post to us only. Pages, the admin and the markdownx editor work under it
# (the browser tests fail on any violation).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sessions live in the database alone, which every app instance shares. A copy in Redis
# (cached_db) saved a query per signed-in request, but a sign-out while Redis was down
# could not delete that copy, and the old session came back with Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by cryoinfo.middleware.PermissionsPolicyMiddleware: no page needs these.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Background work (every e-mail, search rebuilds, outcome recounts) runs as tasks on
# django-tasks, the backport of Django 6's django.tasks, stored in the database by
# django-tasks-db: no new service. `manage.py db_worker` runs them; `make run` and
# `make serve` start it beside the web server. DJANGO_TASKS_IMMEDIATE=1 runs each task at
# once in the process that queued it (the tests do).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("DJANGO_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
