"""
What search engines and link previews read: canonical addresses, the article's JSON-LD,
which pages stay out of indexes, and robots.txt.

The template tags in `cryoinfo/templatetags/seo.py` call these; the tests call them too.
"""

import json
import re
from html import unescape
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

SITE_NAME = "CryoInfo"

# Pages only signed-in people use. robots.txt keeps crawlers out of them and their pages
# say "noindex", in case a crawler arrives through a link anyway.
PRIVATE_PATHS = (
    "/accounts/",
    "/moderation/",
    "/admin/",
    "/stories/submit/",
    "/stories/mine/",
)
# The same, for addresses that no prefix describes.
PRIVATE_VIEWS = frozenset({"stories:edit"})

# Like django.utils.html.json_script: with <, > and & escaped, no string in the data can
# close the <script> element or open a comment, whatever a title contains.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(request: HttpRequest | None, path: str) -> str:
    """`path` on the host the request came to; SITE_URL when there is no request."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


def canonical_url(request: HttpRequest | None, **params) -> str:
    """
    The page's own address, absolute, without its query string (tracking tags, sort
    orders, anything else). List pages pass the parameters that change what they show;
    empty ones and `page=1` are left out, so every page has one canonical address.
    """
    if request is None:  # the 500 page is rendered without one
        return ""
    query = [
        (name, value)
        for name, value in params.items()
        if value not in (None, "") and not (name == "page" and str(value) == "1")
    ]
    url = request.build_absolute_uri(request.path)
    return f"{url}?{urlencode(query)}" if query else url


# A tag of sanitised HTML (nh3's output: no comments, attribute values quoted), with
# quoted values that may hold ">". Django's strip_tags is built for hostile HTML and runs
# an HTML parser until nothing changes, about 0.3 ms for a card's text; this is ~20x less.
TAG = re.compile(r"""<(/?)([a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
# Tags that end a line of text, and so become a space; others (<strong>, <a>) vanish.
BLOCKS = {
    "p", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "hr", "table", "thead", "tbody", "tr", "td", "th", "div",
}  # fmt: skip


def _tag_to_text(match: re.Match) -> str:
    return " " if match[2].lower() in BLOCKS else ""


def html_to_text(html: str) -> str:
    """
    Sanitised HTML as plain text on one line, entities decoded: for descriptions and
    cards, where the template escapes it once (striptags alone would leave "&amp;" to be
    escaped again). Block boundaries become spaces, so paragraphs do not run together.
    Only for HTML we sanitised: the result is text, and must still be escaped.
    """
    return " ".join(unescape(TAG.sub(_tag_to_text, html)).split())


def is_private(request: HttpRequest | None) -> bool:
    """True on pages for signed-in people only, which should carry `noindex`."""
    if request is None:
        return False
    match = request.resolver_match
    return request.path_info.startswith(PRIVATE_PATHS) or (
        match is not None and match.view_name in PRIVATE_VIEWS
    )


def article_last_modified(article):
    """When the article last changed as readers see it; a scheduled one counts from going live."""
    dates = [d for d in (article.updated_at, article.published_at) if d is not None]
    return max(dates, default=None)


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def article_json_ld(request: HttpRequest | None, article, indications) -> dict:
    """
    schema.org MedicalWebPage for an article. The review fields appear only when a
    clinician is named: without one, the page itself says medical review is pending,
    and the data must not claim otherwise.
    """
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.title,
        "description": article.summary,
        "url": absolute_url(request, article.get_absolute_url()),
        "inLanguage": "en-GB",
    }
    if article.published_at:
        data["datePublished"] = _iso(article.published_at)
    if modified := article_last_modified(article):
        data["dateModified"] = _iso(modified)
    if article.reviewer_name:
        if article.last_reviewed:
            data["lastReviewed"] = article.last_reviewed.isoformat()
        reviewer = {"@type": "Person", "name": article.reviewer_name}
        if article.reviewer_credentials:
            reviewer["jobTitle"] = article.reviewer_credentials
        data["reviewedBy"] = reviewer
    data["about"] = [
        {
            "@type": "MedicalCondition",
            "name": indication.name,
            "url": absolute_url(request, indication.get_absolute_url()),
        }
        for indication in indications
    ]
    data["publisher"] = {
        "@type": "Organization",
        "name": SITE_NAME,
        "url": absolute_url(request, reverse("home")),
    }
    return data


def json_ld_text(data: dict) -> SafeString:
    """
    JSON for a JSON-LD block, with <, > and & written as \\u escapes (as Django's
    json_script does), so nothing in it can close the <script> the template puts it in.
    """
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES))


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "robots.txt",
        {
            "disallow": PRIVATE_PATHS,
            "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
        },
        content_type="text/plain; charset=utf-8",
    )
