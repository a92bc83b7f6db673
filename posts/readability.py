"""
How easy an article is to read, for the editor writing it.

We measure only the prose a reader reads: the Markdown is rendered by the site's one
renderer, then tables, code blocks, tags and citation markers are taken out. Each heading,
list item and paragraph is closed with a full stop if it has none, so a bullet list counts
as several short sentences rather than one long one.

The scores are textstat's Flesch reading ease and Flesch–Kincaid grade. A US grade plus
five is the age at which a typical UK reader manages the text; our target is 11 or younger
(the NHS aims for 9 to 11).
"""

import html
import math
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import strip_tags
from textstat.textstat import textstatistics

from cryoinfo.markdown import render_markdown

TARGET_READING_AGE = 11
YOUNGEST_READING_AGE = 5
EMPTY_VERDICT = "Not enough text to measure yet."

# Our own instance, so setting the language does not change textstat's shared one.
# textstat 0.7.8 takes "en_GB": British hyphenation from pyphen, and the CMU dictionary
# and Flesch constants it uses for every "en_*" language. Nothing is downloaded.
_textstat = textstatistics()
_textstat.set_lang("en_GB")

# Rows of a table are not sentences, and code is not prose.
_NOT_PROSE = re.compile(r"<(table|pre)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# Where a block of text ends: a closing heading, list item, paragraph and the like, or a
# list that starts inside a list item (the item's own text ends there).
_BLOCK_END = re.compile(
    r"</(?:h[1-6]|li|p|dt|dd|blockquote)\s*>|<(?:ul|ol|dl|blockquote)\b",
    re.IGNORECASE,
)
# render_markdown drops control characters from the author's text, so this cannot clash.
_BREAK = "\x00"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_CITATION = re.compile(r"\s*\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")
# textstat ends a sentence at every full stop, so "2.5 cm" would be two sentences.
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


@dataclass(frozen=True)
class Readability:
    reading_ease: float  # Flesch reading ease: about 0–100, higher is easier
    grade: float  # Flesch–Kincaid grade (US school year)
    reading_age: int  # UK reading age: grade + 5
    words: int
    sentences: int
    meets_target: bool
    verdict: str


def prose(markdown_text: str) -> str:
    """The text a reader reads, as plain sentences, without Markdown, tables or citations."""
    page = _NOT_PROSE.sub(" ", render_markdown(markdown_text).html)
    page = _BLOCK_END.sub(lambda match: _BREAK + match.group(0), page)
    text = html.unescape(strip_tags(page))
    text = _DECIMAL_POINT.sub("", _CITATION.sub("", text))
    blocks = []
    for block in text.split(_BREAK):
        block = " ".join(block.split())
        if block and not _SENTENCE_END.search(block):
            # "The main risks are:" before a list is a sentence of its own here.
            block = block.rstrip(":;,") + "."
        if block:
            blocks.append(block)
    return " ".join(blocks)


def _reading_age(grade: float) -> int:
    # Halves round up, as people expect: grade 7.5 is reading age 13.
    return max(YOUNGEST_READING_AGE, math.floor(grade + 5 + 0.5))


def readability(markdown_text: str) -> Readability:
    """Score an article body (Markdown) against our reading-age target."""
    return _measure(prose(markdown_text))


def _measure(text: str) -> Readability:
    words = _textstat.lexicon_count(text)
    if not words:
        return Readability(0.0, 0.0, 0, 0, 0, meets_target=False, verdict=EMPTY_VERDICT)
    grade = round(_textstat.flesch_kincaid_grade(text), 1)
    reading_age = _reading_age(grade)
    meets_target = reading_age <= TARGET_READING_AGE
    target = TARGET_READING_AGE
    if meets_target:
        verdict = f"Reading age {reading_age}: meets our target of {target} or younger."
    else:
        verdict = (
            f"Reading age {reading_age}: above our target of {target}. "
            "Try shorter sentences and everyday words."
        )
    return Readability(
        reading_ease=round(_textstat.flesch_reading_ease(text), 1),
        grade=grade,
        reading_age=reading_age,
        words=words,
        sentences=_textstat.sentence_count(text),
        meets_target=meets_target,
        verdict=verdict,
    )


@dataclass(frozen=True)
class Section:
    heading: str
    reading_age: int
    words: int


# A section shorter than this is too short to score fairly (one long sentence would do).
SECTION_MIN_WORDS = 40
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def sections_over_target(markdown_text: str) -> list[Section]:
    """
    The parts of the text, from one heading to the next (the opening before the first),
    whose reading age is over the target: where to start simplifying.
    """
    markdown_text = markdown_text or ""
    starts = [(m.start(), m.group(1).strip()) for m in _HEADING.finditer(markdown_text)]
    parts = [(0, "Opening"), *starts]
    ends = [start for start, _ in starts] + [len(markdown_text)]
    found = []
    for (start, heading), end in zip(parts, ends, strict=True):
        text = prose(markdown_text[start:end])
        words = _textstat.lexicon_count(text)
        if words < SECTION_MIN_WORDS:
            continue
        age = _reading_age(round(_textstat.flesch_kincaid_grade(text), 1))
        if age > TARGET_READING_AGE:
            found.append(Section(heading=heading, reading_age=age, words=words))
    return found


_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
LONG_SENTENCE_WORDS = 20


def longest_sentences(markdown_text: str, count: int = 3) -> list[str]:
    """The longest sentences over `LONG_SENTENCE_WORDS` words, longest first."""
    return _longest(prose(markdown_text), count)


def _longest(text: str, count: int) -> list[str]:
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    long = [s for s in sentences if len(s.split()) > LONG_SENTENCE_WORDS]
    return sorted(long, key=lambda s: len(s.split()), reverse=True)[:count]


def readability_widget(markdown_text: str, detail: bool = False) -> str:
    """
    The readability scores as a small HTML block, for the editor; with `detail`, the
    sections over the target and the longest sentences too.
    """
    text = prose(markdown_text)  # rendered once, for the scores and the sentences
    context = {"result": _measure(text), "target": TARGET_READING_AGE}
    if detail:
        context["sections"] = sections_over_target(markdown_text)
        context["sentences"] = _longest(text, 3)
        context["long_words"] = LONG_SENTENCE_WORDS
    return render_to_string("admin/posts/readability.html", context)
