"""
The one Markdown renderer. Every piece of Markdown on the site (articles, indication pages,
community posts, the editor's live preview) becomes HTML here and nowhere else.

Python-Markdown turns text into HTML, then nh3 keeps only an allow-list of tags, attributes
and URL schemes. Whatever the author typed (raw HTML included), the output cannot carry
script, event handlers, styles, frames or `javascript:`/`data:` URLs.
"""

import html as html_lib
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope"},
    "ol": {"start"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "nofollow noopener noreferrer"
# Links in what readers wrote also say so (rel="ugc"), as search engines ask.
USER_REL = "nofollow ugc noopener noreferrer"

# Matches a sanitised <a …> start tag. nh3 serialises every attribute value in double quotes
# with any `"` escaped, so this needs no real HTML parser.
_ANCHOR = re.compile(r'<a((?:\s+[a-z-]+="[^"]*")*)>')
_H1 = re.compile(r"<(/?)h1\b")
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Python-Markdown takes time quadratic in the number of "[" in one block (Python-Markdown
# issue 798): 8,000 take 16 s. In a block with more than this many, they become plain text:
# swapped for a private-use character before rendering and back afterwards.
MAX_BRACKETS_PER_BLOCK = 100
_STANDIN = "\ue000"
_BLOCKS = re.compile(r"(\n[ \t]*\n)")
# Python's html.parser, which Python-Markdown uses to find raw HTML, reads to the end of the
# text for every "<tag" that is never closed (CPython gh-135462, fixed in later releases), so
# time grows with the square of their number: 6,666 × "<a " (20,000 characters) took 3.5 s. A
# "<" after the last ">" cannot start a tag; past this many, they become plain text the same
# way as the brackets.
MAX_UNCLOSED_TAGS = 100
_LT_STANDIN = "\ue001"
_TAG_START = re.compile(r"<[a-zA-Z]")


@dataclass
class Rendered:
    html: str
    # Table of contents: [{"id": …, "title": …, "level": 2 or 3}], in page order.
    toc: list[dict] = field(default_factory=list)


class _CitationProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: markdown.Markdown, count: int):
        super().__init__(pattern, md)
        self.count = count

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        number = int(m.group(1))
        if not 1 <= number <= self.count:
            return None, None, None
        sup = Element("sup")
        link = Element("a", {"href": f"#ref-{number}"})
        # Atomic, or the inline pass would find `[n]` in the link text again, for ever.
        link.text = AtomicString(f"[{number}]")
        sup.append(link)
        return sup, m.start(0), m.end(0)


class _CitationExtension(Extension):
    """Turns `[3]` into a link to the third numbered reference, if there is one."""

    def __init__(self, count: int):
        super().__init__()
        self.count = count

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        # Lower priority than links, so `[text](url)` and `[text][ref]` keep their meaning.
        md.inlinePatterns.register(
            _CitationProcessor(r"\[(\d{1,3})\](?![\[(])", md, self.count), "citation", 90
        )


def _is_external(href: str) -> bool:
    """Whether following this `href` (as nh3 wrote it) leaves the site."""
    # Read it as a browser does: entities decoded, blanks and control characters at the ends
    # trimmed, tabs and line breaks dropped, and "\\" taken as "/". Matching the raw value
    # missed "/\\evil.example", which browsers open as "//evil.example".
    url = _CONTROL.sub("", html_lib.unescape(href)).strip()
    url = re.sub(r"[\t\n\r]", "", url).replace("\\", "/")
    return re.match(r"(?i)(https?:|mailto:|//)", url) is not None


def _add_external_rel(html: str, rel: str) -> str:
    def fix(match: re.Match) -> str:
        attrs = match.group(1)
        href = dict(_ATTRIBUTE.findall(attrs)).get("href", "")
        if _is_external(href):
            return f'<a{attrs} rel="{rel}">'
        return match.group(0)

    return _ANCHOR.sub(fix, html)


def _flatten_toc(tokens: list[dict]) -> list[dict]:
    flat = []
    for token in tokens:
        level = max(token["level"], 2)
        if level <= 3:
            # Python-Markdown gives the name HTML-escaped; templates escape it again.
            title = html_lib.unescape(token["name"])
            flat.append({"id": token["id"], "title": title, "level": level})
        flat.extend(_flatten_toc(token["children"]))
    return flat


def sanitize_html(html: str, *, user_text: bool = False) -> str:
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _add_external_rel(cleaned, USER_REL if user_text else EXTERNAL_REL)


def render_markdown(text: str, *, references: int = 0, user_text: bool = False) -> Rendered:
    """
    Render untrusted Markdown to safe HTML.

    Headings get ids for the table of contents, and with `references=N`, `[1]`…`[N]`
    link to the numbered references. `user_text`: written by a reader, not the editors,
    so links off the site carry rel="ugc" too.
    """
    extensions = [
        "markdown.extensions.tables",
        "markdown.extensions.fenced_code",
        "markdown.extensions.sane_lists",
        "markdown.extensions.toc",
    ]
    if references:
        extensions.append(_CitationExtension(references))
    md = markdown.Markdown(
        extensions=extensions,
        extension_configs={"markdown.extensions.toc": {"slugify": slugify_unicode}},
        output_format="html",
    )
    # NUL and other control characters have no place in prose and confuse some parsers.
    text = _CONTROL.sub("", text or "").replace(_STANDIN, "").replace(_LT_STANDIN, "")
    text = _defuse_unclosed_tags(_defuse_brackets(text))
    try:
        converted, toc_tokens = md.convert(text), md.toc_tokens
    except RecursionError:
        # Python-Markdown recurses once per level of nesting, with no limit: "1. " written 500
        # times (1,500 characters) is 500 nested lists, and overflowed the stack (a server
        # error). Text nested that deep is not prose: it is shown as plain paragraphs.
        converted, toc_tokens = _plain_paragraphs(text), []
    # The page title is the only <h1>: a `# Heading` in the text becomes a section, like `##`.
    html = _H1.sub(r"<\1h2", converted)
    toc = _flatten_toc(toc_tokens)
    for entry in toc:
        entry["title"] = entry["title"].replace(_STANDIN, "[").replace(_LT_STANDIN, "<")
    html = (
        sanitize_html(html, user_text=user_text).replace(_STANDIN, "[").replace(_LT_STANDIN, "&lt;")
    )
    return Rendered(html=html, toc=toc)


def _plain_paragraphs(text: str) -> str:
    blocks = (block.strip() for block in _BLOCKS.split(text))
    return "\n".join(f"<p>{html_lib.escape(block)}</p>" for block in blocks if block)


def _defuse_unclosed_tags(text: str) -> str:
    end = text.rfind(">") + 1
    if len(_TAG_START.findall(text, end)) <= MAX_UNCLOSED_TAGS:
        return text
    return text[:end] + text[end:].replace("<", _LT_STANDIN)


def _defuse_brackets(text: str) -> str:
    if text.count("[") <= MAX_BRACKETS_PER_BLOCK:
        return text
    return "".join(
        block.replace("[", _STANDIN) if block.count("[") > MAX_BRACKETS_PER_BLOCK else block
        for block in _BLOCKS.split(text)
    )


def markdownify(text: str) -> str:
    """The markdownx editor's preview: the same renderer, HTML only."""
    return render_markdown(text).html
