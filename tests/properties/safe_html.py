"""
The checker the renderer's properties rest on: `assert_safe_html` fails on any tag,
attribute or URL in rendered HTML that a browser could run or that would leave the site
without rel="nofollow noopener noreferrer".
"""

import unicodedata
from html.parser import HTMLParser

from cryoinfo.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

FORBIDDEN_TAGS = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "meta",
    "base", "link",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = {"nofollow", "noopener", "noreferrer"}


class _Tags(HTMLParser):
    """Every start and end tag in some HTML, attribute values unescaped as a browser reads them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.start_tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.end_tags: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.start_tags.append((tag, attrs))

    def handle_endtag(self, tag):
        self.end_tags.append(tag)


def _is_blank(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cc"


def browser_url(value: str) -> str:
    """
    A URL as a browser's URL parser starts on it: HTMLParser has already decoded the
    entities; blanks and control characters at either end are trimmed and tabs and line
    breaks inside are dropped (the WHATWG URL standard), so "java&#9;script:" is caught.
    """
    start, end = 0, len(value)
    while start < end and _is_blank(value[start]):
        start += 1
    while end > start and _is_blank(value[end - 1]):
        end -= 1
    return "".join(c for c in value[start:end] if c not in "\t\n\r")


def scheme_of(url: str) -> str | None:
    """The URL's scheme in lower case, or None for a relative URL ("/a", "#b", "?c", "d")."""
    head, colon, _ = url.partition(":")
    if (
        colon
        and head[:1].isascii()
        and head[:1].isalpha()
        and all(c.isascii() and (c.isalnum() or c in "+-.") for c in head)
    ):
        return head.lower()
    return None


def is_external(url: str) -> bool:
    # Browsers read "\" as "/" in http(s) URLs, so "/\evil.example" leaves the site too.
    return scheme_of(url) in SAFE_SCHEMES or url.replace("\\", "/").startswith("//")


def assert_safe_html(html: str) -> None:
    tags = _Tags(html)
    for tag, attrs in tags.start_tags:
        assert tag not in FORBIDDEN_TAGS, (tag, html)
        assert tag in ALLOWED_TAGS, (tag, html)
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, html)
            assert name != "style", (tag, html)
            assert name in allowed, (tag, name, html)
            if name in ("href", "src"):
                url = browser_url(value or "")
                assert scheme_of(url) in {None, *SAFE_SCHEMES}, (tag, name, value, html)
        if tag == "a" and any(is_external(browser_url(v or "")) for n, v in attrs if n == "href"):
            # A browser uses the first of repeated attributes.
            rel = next((v or "" for n, v in attrs if n == "rel"), "")
            assert set(rel.split()) >= EXTERNAL_REL, (attrs, html)
    for tag in tags.end_tags:
        assert tag in ALLOWED_TAGS, (tag, html)
