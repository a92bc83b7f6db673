"""
Whole public pages, kept in the shared cache for people who are not signed in.

Readers arrive from search engines in bursts, and almost all of them are anonymous: they
all get the same page. `cache_anonymous_page` keeps that page in the shared cache (Redis
in production, so every app instance sees the same copies) and serves it without running
the view.

Who gets a cached page: a GET or HEAD request carrying no cookie but the CSRF cookie. A
session cookie (signed in, or anything kept in the session), a flash message, the
"was this helpful" vote or any other cookie means the page may be personal, so it is
rendered afresh and not kept. Only a plain 200 response that sets no cookie of its own is
kept.

CSRF tokens: a form on a cached page must not carry the token of whoever first asked for
it. Before a page is kept, every token in it is replaced by a placeholder; each reader gets
their own token put back in, and the CSRF middleware sets their cookie as for any page.

Where: `KeptPagesMiddleware` answers a kept page early, before sessions, CSRF,
authentication, messages and the rest, which an anonymous reader's kept page does not
need; it also keeps pages on their way out of that middleware, so a kept page replays the
headers it added (X-Frame-Options, Vary). A kept page with a form goes through Django's
CSRF middleware on its own, which hands each reader their token and cookie.

Invalidation: every kept page is stamped with the generation number current when it was
rendered. `content_changed()` moves the generation on, so every page kept before is
ignored from then on, on every instance at once: there is no list of pages to chase. It
is called when what readers see changes (an article published or edited, a post approved,
withdrawn, hidden, restored or deleted, a quote, a reviewer's name...; see
`cryoinfo.signals` and `stories.services`), straight away and again once the change is
committed, so a page rendered in between from the old data is not kept as current.
Public pages are cheap to render again, so invalidating all of them is simpler and safer
than working out which pages one change touches.

A kept page also expires after `PAGE_SECONDS`, which bounds how stale anything can be
that changes without a save (a review falling overdue, say).

Hot pages: each process also keeps its own copy of the pages it served lately (the
"hot_pages" cache, in its memory), so a hit asks the shared cache only for the
generation number, a few bytes, instead of the whole page. The copy is used only while
the generation is the one it was kept under, so it is dropped at once with the rest; it
lasts `HOT_SECONDS` at most, so a page is never older than `PAGE_SECONDS` + `HOT_SECONDS`.

ETags: a kept page without a form carries its ETag (a hash of its bytes, as
`ConditionalGetMiddleware` would make it), so a hit is not hashed again. A page with a
form differs in its bytes for every reader, and on every visit: Django masks the reader's
CSRF secret afresh each time it writes a token. Its ETag is therefore weak (RFC 9110:
the same meaning, not the same bytes): the hash of the kept page, with its placeholders,
and a keyed hash of the reader's CSRF secret. The same reader gets the same ETag until the
page or their secret changes, so their browser revalidates with a 304 and keeps a token
that still works; no reader can be sent a page holding someone else's token.

Responses carry `X-Page-Cache: hit` or `miss` when they could be cached, for the
operators and the tests.
"""

import hashlib
import logging
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils.cache import set_response_etag
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
PAGE_SECONDS = 10 * 60
HOT_SECONDS = 60
HEADER = "X-Page-Cache"
MAX_PATH_LENGTH = 500  # longer addresses (odd search strings) are rendered, not kept

# What Django's {% csrf_token %} writes; tokens are 64 letters and digits.
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
PLACEHOLDER = b"\x00csrf\x00"  # a NUL never occurs in our HTML


def content_changed() -> None:
    """Call when anything a reader can see changes: every kept page is dropped."""
    _next_generation()
    transaction.on_commit(_next_generation)


def current_generation():
    """
    The generation that pages, and the parts of pages every reader sees alike, are kept
    under now (see `cryoinfo.context_processors`); None when the cache cannot say.
    """
    generation = cache.get(GENERATION_KEY)
    if generation is None:  # evicted, or never set: any new value will do
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _next_generation() -> None:
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not in the cache (evicted, or never read): any new value will do
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:  # the cache is unreachable: kept pages expire within PAGE_SECONDS
        logger.exception("Could not drop the kept pages")


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and len(request.get_full_path()) <= MAX_PATH_LENGTH
        and all(name == settings.CSRF_COOKIE_NAME for name in request.COOKIES)
    )


def _key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pages:{settings.RELEASE}:" + hashlib.sha256(address.encode()).hexdigest()


def _keepable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and all(name == settings.CSRF_COOKIE_NAME for name in response.cookies)
        and "private" not in response.get("Cache-Control", "")
    )


def cache_anonymous_page(view):
    """Serve anonymous readers this view's page from the shared cache; see the module."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # With caching turned off (a DummyCache) there is nothing to keep pages in, and
        # hashing the address and scanning the page for tokens would be work for nothing.
        if (
            not settings.PAGE_CACHE
            or not _cacheable(request)
            or isinstance(caches["default"], DummyCache)
        ):
            return view(request, *args, **kwargs)
        key = _key(request)
        try:
            # KeptPagesMiddleware, further out, may have looked already.
            found = getattr(request, "page_cache_found", None)
            generation, kept = found if found is not None else _look_up(key)
            if kept is not None:
                return _from_kept(request, kept)
            if generation is None:
                generation = current_generation()
        except Exception:  # a page cache that is down must not take the page down with it
            logger.exception("The page cache could not be read")
            return view(request, *args, **kwargs)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):  # a TemplateResponse: its content is needed now
            response.render()
        if _keepable(response):
            # Kept on its way out, by KeptPagesMiddleware, with the headers the middleware
            # inside it adds; or here, where that middleware is not installed.
            response.keep_as = (key, generation)
            if KEEPER not in settings.MIDDLEWARE:
                _keep(response)
        return response

    wrapped.keeps_pages = True  # for KeptPagesMiddleware
    return wrapped


KEEPER = "cryoinfo.pagecache.KeptPagesMiddleware"


def _look_up(key: str):
    """
    The current generation, and the page kept under `key` if it is of that generation:
    from this process's copy when it has one, else from the shared cache (then copied).
    """
    hot = caches["hot_pages"].get(key)
    if hot is not None and cache.get(GENERATION_KEY) == hot[0]:
        return hot[0], hot
    found = cache.get_many([GENERATION_KEY, key])
    generation, kept = found.get(GENERATION_KEY), found.get(key)
    if kept is None or generation is None or kept[0] != generation:
        return generation, None
    caches["hot_pages"].set(key, kept, HOT_SECONDS)
    return generation, kept


def _keep(response: HttpResponse) -> None:
    key, generation = response.keep_as
    content = TOKEN.sub(lambda m: m[1] + PLACEHOLDER + m[2], response.content)
    if PLACEHOLDER not in content and not response.has_header("ETag"):
        set_response_etag(response)  # the same for every reader: made once, kept
    headers = [(k, v) for k, v in response.items() if k not in (HEADER, "Content-Length")]
    if PLACEHOLDER in content:  # made each reader's own by _from_kept
        page = hashlib.md5(content, usedforsecurity=False).hexdigest()
        headers = [(k, v) for k, v in headers if k != "ETag"] + [("ETag", f'W/"{page}"')]
    try:
        cache.set(key, (generation, headers, content), PAGE_SECONDS)
    except Exception:
        logger.exception("The page cache could not be written")
    else:
        response[HEADER] = "miss"


def _reader_tag(csrf_secret: str) -> str:
    """Tells readers' CSRF secrets apart in an ETag without showing them."""
    return salted_hmac("cryoinfo.pagecache.etag", csrf_secret).hexdigest()[:16]


def _keeps_pages(path: str) -> bool:
    """The address is one of a `cache_anonymous_page` view: only those are worth a look."""
    try:
        return getattr(resolve(path).func, "keeps_pages", False)
    except Resolver404:
        return False


class KeptPagesMiddleware:
    """
    Answers a kept page before the middleware that only personal pages need (sessions,
    CSRF, authentication, messages, history, rate limits, two-factor), and keeps pages as
    they leave that middleware, with the headers it added (X-Frame-Options, Vary), so a
    page answered here carries the same headers as one rendered afresh: the policy headers
    (CSP, Permissions-Policy) are added further in and kept with the page; Django's
    security middleware, outside this one, adds its own to every response.

    A kept page with a form is answered through Django's CSRF middleware alone (not the
    rest): each reader needs their own token, and the cookie that goes with it, which that
    middleware reads and sets as it would for a page rendered afresh.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.with_csrf = CsrfViewMiddleware(self._with_token)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        kept = self._kept(request)
        if kept is not None:
            if PLACEHOLDER in kept[2]:
                return self.with_csrf(request)
            return _from_kept(request, kept)
        response = self.get_response(request)
        if getattr(response, "keep_as", None) and _keepable(response):
            _keep(response)
        return response

    @staticmethod
    def _kept(request: HttpRequest):
        if (
            not settings.PAGE_CACHE
            or not _cacheable(request)
            or isinstance(caches["default"], DummyCache)
            or not _keeps_pages(request.path_info)
        ):
            return None
        try:
            found = _look_up(_key(request))
        except Exception:  # the decorator further in logs it and renders the page
            return None
        request.page_cache_found = found  # the decorator need not look again
        return found[1]

    @staticmethod
    def _with_token(request: HttpRequest) -> HttpResponse:
        return _from_kept(request, request.page_cache_found[1])


def _from_kept(request: HttpRequest, kept) -> HttpResponse:
    _, headers, content = kept
    reader = None
    if PLACEHOLDER in content:
        # Each form gets this reader's own token; get_token also has their cookie set.
        content = content.replace(PLACEHOLDER, get_token(request).encode())
        reader = _reader_tag(request.META["CSRF_COOKIE"])
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    if reader is not None and response.has_header("ETag"):  # made this reader's
        response["ETag"] = response["ETag"][:-1] + f'-{reader}"'
    response["Content-Length"] = str(len(content))
    response[HEADER] = "hit"
    return response
