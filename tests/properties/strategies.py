"""
Hypothesis strategies shared by the property tests: Markdown and HTML that try everything a
renderer could get wrong, and the values a person or a bot might type into a form.
"""

import operator

from hypothesis import strategies as st

# --- Markdown that tries everything ---------------------------------------------------------

# Any character that can be encoded: control characters in, lone surrogates out.
ANY_CHAR = st.characters(exclude_categories=("Cs",))
TEXT = st.text(ANY_CHAR, max_size=40)
# Short strings dense in the characters that mean something to Markdown or HTML.
SYNTAX = st.text(st.sampled_from("ab1 <>&\"'=/:;#()[]!*_`\\|~-\n\t\r\x00\x0b\x7f\xa0\u2028"),
                 max_size=12)  # fmt: skip


@st.composite
def mixed_case(draw, word: str) -> str:
    upper = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if u else c for c, u in zip(word, upper, strict=True))


SCHEME = st.sampled_from([
    "javascript:", "&#106;avascript:", "&#x6A;avascript:", "&#0000106;avascript:",
    "java&#x09;script:", "java&#10;script:", "java\tscript:", "java\nscript:", " javascript:",
    "\x01javascript:", "javascript&colon;", "vbscript:", "data:text/html,", "data:image/png,",
    "data:image/svg+xml;base64,", "file:", "ftp:", "blob:", "http:", "https:", "mailto:",
    "h\tttps:", " https:", "\x00https:", "&#104;ttps:", "//", "/\\", "\\\\", "/", "#", "?", "",
]).flatmap(mixed_case)  # fmt: skip
URL = st.builds(
    operator.add,
    SCHEME,
    st.sampled_from(["alert(1)", "//evil.example/x", "evil.example", "a@b.example", "x"]) | SYNTAX,
)
EVENT_HANDLER = st.sampled_from([
    "onclick", "onerror", "onload", "onmouseover", "onfocus", "onbegin", "ontoggle",
    "onanimationstart", "onpointerenter",
]).flatmap(mixed_case)  # fmt: skip
ATTRIBUTE_NAME = EVENT_HANDLER | st.sampled_from([
    "href", "src", "style", "STYLE", "title", "alt", "id", "class", "name", "rel", "target",
    "width", "height", "scope", "start", "formaction", "action", "xlink:href", "srcdoc",
    "srcset", "data", "background", "poster", "http-equiv", "content", "open",
])  # fmt: skip
ATTRIBUTE_VALUE = URL | SYNTAX | st.sampled_from([
    "alert(1)", "color:red", "expression(alert(1))", 'x" onclick="alert(1)', "x onerror=alert(1)",
    "refresh", "0;url=javascript:alert(1)",
])  # fmt: skip


@st.composite
def attribute(draw) -> str:
    form = draw(st.sampled_from(['{}="{}"', "{}='{}'", "{}={}", "{}", '{} = "{}"', "{}=`{}`"]))
    return form.format(draw(ATTRIBUTE_NAME), draw(ATTRIBUTE_VALUE))


TAG_NAME = st.sampled_from([
    "script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "meta",
    "base", "link", "a", "img", "p", "div", "span", "table", "td", "h1", "h2", "abbr", "sup",
    "textarea", "noscript", "template", "xmp", "plaintext", "title", "select", "button",
    "frame", "frameset", "video", "audio", "source", "marquee", "details", "foreignObject",
    "annotation-xml", "mglyph", "animate", "set", "use", "image", "body", "html", "head",
]).flatmap(mixed_case)  # fmt: skip


@st.composite
def html_element(draw, inner) -> str:
    """A tag with attributes, often unclosed or malformed, around some content."""
    name = draw(TAG_NAME)
    attrs = "".join(
        draw(st.sampled_from([" ", "\n", "/", "\t", "  ", ""])) + draw(attribute())
        for _ in range(draw(st.integers(0, 3)))
    )
    end = draw(st.sampled_from([">", "/>", " >", "", "\n>"]))
    close = draw(st.sampled_from([f"</{name}>", "", f"</{name}", f"</{name.upper()} >"]))
    return f"<{name}{attrs}{end}{draw(inner)}{close}"


ODD_MARKUP = [
    "&#106;", "&#x6A;", "&lt;script&gt;alert(1)&lt;/script&gt;", "&amp;", "&colon;",
    "&Tab;", "&NewLine;", "&#x3C;script&#x3E;", "&#60;", "&", "&#;", "&#xD800;", "&#0;",
    "&#1114112;", "<!-- <script>alert(1)</script> -->", "<!-->", "--><script>alert(1)",
    "<![CDATA[<script>alert(1)</script>]]>", "<?php echo 1 ?>", "<!DOCTYPE html>",
    "</script>", "</style>", "\n---\n", "  \n", "\\", "\\<script>", "<a@b.example>",
    "<mailto:a@b.example>", "<javascript:alert(1)>", "<JAVASCRIPT:alert(1)>",
]  # fmt: skip

LEAF = TEXT | SYNTAX | URL
HTML = st.recursive(LEAF, lambda inner: html_element(inner), max_leaves=6)
MARKDOWN_FRAGMENT = st.one_of(
    st.builds("[{}]({})".format, SYNTAX, URL),
    st.builds('[{}]({} "{}")'.format, SYNTAX, URL, SYNTAX),
    st.builds("![{}]({})".format, SYNTAX, URL),
    st.builds("<{}>".format, URL),
    st.builds(
        "\n[{0}]: {1}\n\n[{2}][{0}] ![{2}][{0}] [{0}][] [{0}]\n".format,
        st.sampled_from(["x", "1", "Ref", "a b"]),
        URL,
        SYNTAX,
    ),
    st.builds("\n{} {}\n".format, st.sampled_from(["#", "##", "###", "######", "#######"]), TEXT),
    st.builds("\n{}\n{}\n".format, TEXT, st.sampled_from(["===", "---"])),
    st.builds("\n| {} | {} |\n|---|:-:|\n| {} | {} |\n".format, TEXT, SYNTAX, HTML, URL),
    st.builds(
        "\n```{}\n{}\n```\n".format,
        st.sampled_from(["", "html", "js", 'x" onclick="alert(1)', "<script>"]),
        HTML,
    ),
    st.builds("`{}`".format, HTML),
    st.builds("\n    {}\n".format, HTML),
    st.builds("\n{} {}\n".format, st.sampled_from([">", "-", "*", "+", "1.", "1)", "> -"]), HTML),
    st.builds("{0}{1}{0}".format, st.sampled_from(["*", "**", "_", "__", "~~"]), TEXT),
    st.builds("[{}]".format, st.integers(-1, 1000).map(str)),
    st.sampled_from(ODD_MARKUP),
)
MARKDOWN = st.lists(
    MARKDOWN_FRAGMENT | HTML | TEXT | st.sampled_from(["\n", "\n\n", " ", "    "]), max_size=25
).map("".join)

# Pieces that make parsers work hard when repeated, up to the 20,000 characters a story may
# have: unclosed tags, nested lists and quotes, brackets, emphasis, autolinks.
HARD_WHEN_REPEATED = [
    "<a ", "<p ", "<a href=", "<b x=y ", "<http://a", "<img ", "<", "<b>", "</a>", "<!--",
    "<a '", '<a "', "<a =", "<script>", "<a\n",
    "1. ", "+ ", "- ", "* ", "> ", "- 1. ", "> 1. ", "    - ", "[", "](", "![", "[a](",
    "`", "*", "**a", "_", "~~", "&", "&#", "\\", "|", "#", "a@b.c ", "<div>\n", "\n",
    "\n\n", "= ", '"', "'", "[1]",
]  # fmt: skip
# The longest story allowed is drawn as often as any other length: that is where it hurts.
LENGTH = st.sampled_from([20_000, 15_000]) | st.integers(1, 20_000)
REPEATED = st.builds(
    lambda piece, length, end: (piece * (length // len(piece) + 1))[: length - len(end)] + end,
    st.sampled_from(HARD_WHEN_REPEATED),
    LENGTH,
    st.sampled_from(["", ">", "\n\n>", "<a>", "]", "\n\ntext"]),
)


# --- Form values ----------------------------------------------------------------------------

NASTY_LITERALS = [
    "", " ", "\x00", "a\x00b", "\x00" * 3, "0", "-1", "1.5", "1e309", "NaN", "inf", "١٢٣",
    "²", "True", "None", "[]", "{}", "%00", "../../etc/passwd", "' OR 1=1 --",
    "<script>alert(1)</script>", "ｋｉｄｎｅｙ", "\u202eevil", "😀", "on",
]  # fmt: skip
NASTY_TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=60),
    st.sampled_from(NASTY_LITERALS),
    st.integers(-(2**80), 2**80).map(str),
    st.floats().map(str),
    st.builds(
        operator.mul,
        st.sampled_from(["a", "\x00", "é", "😀", "9", " ", "\n", "1. ", "<a ", "["]),
        st.integers(1, 20_000),
    ),
)


def field(*plausible: str) -> st.SearchStrategy:
    """One form value: a plausible one or a nasty one, sometimes several where one is expected."""
    one = st.sampled_from(plausible) | NASTY_TEXT if plausible else NASTY_TEXT
    return one | st.lists(one, max_size=3)


_LEFT_OUT = object()


@st.composite
def variants(draw, valid: dict[str, str], **plausible: tuple[str, ...]) -> dict:
    """
    A form that passes validation, with any set of its fields given other values or left
    out. Few changes reach the code behind a valid form, many the error paths; failures
    shrink towards the valid form, so the report names the field that matters.
    """
    data = dict(valid)
    names = sorted(set(valid) | set(plausible))
    # Sorted, not a set's order, which changes with PYTHONHASHSEED and breaks reproducibility.
    for name in sorted(draw(st.sets(st.sampled_from(names)))):
        value = draw(field(valid.get(name, ""), *plausible.get(name, ())) | st.just(_LEFT_OUT))
        if value is _LEFT_OUT:
            data.pop(name, None)
        else:
            data[name] = value
    return data
