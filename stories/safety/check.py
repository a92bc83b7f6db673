"""How a text is judged against the phrase lists: see the package's docstring."""

import re
import unicodedata
from dataclasses import asdict, dataclass

from .acts import ACTS
from .thoughts import THOUGHTS
from .words import Pattern

PATTERNS: tuple[Pattern, ...] = ACTS + THOUGHTS

_COMPILED = tuple(
    (
        pattern,
        re.compile(pattern.regex),
        re.compile(rf"\s*(?:{pattern.unless_after})") if pattern.unless_after else None,
        re.compile(rf"(?:{pattern.unless_before})\s*$") if pattern.unless_before else None,
    )
    for pattern in PATTERNS
)

NEGATIONS = frozenset(
    {
        "not", "never", "no", "nobody", "none", "nor", "neither", "without",
        "don't", "dont", "didn't", "didnt", "doesn't", "doesnt", "wasn't", "wasnt",
        "weren't", "isn't", "isnt", "aren't", "haven't", "havent", "hasn't", "hadn't",
        "won't", "wont", "wouldn't", "wouldnt", "shouldn't",
    }
)  # fmt: skip
# Said by people who do mean it: "it's not that I want to die, but…".
HEDGES = re.compile(
    r"\b(?:not that|not saying|not sure|not going to lie|not gonna lie|won'?t lie|not to say|"
    r"no lie|(?:not|never) a (?:day|night) goes by)\b"
)
CLAUSE_BREAK = re.compile(
    r"[,;:()\"\u2013\u2014]| - |\b(?:but|and|so|because|though|although|until|yet|then)\b"
)
# "The nurse asked if I had thoughts of suicide", unless the author says they did.
ASKED = re.compile(
    r"\b(?:asked|asks|ask|asking) (?:me |us |him |her )?(?:if|whether|about)\b"
    r"|\b(?:screen\w*|question\w*|questionnaire|form) (?:for|about|on|asking)\b"
)
SAID_YES = re.compile(
    r"\b(?:i (?:said|answered|replied|admitted|told (?:her|him|them)|ticked) yes|"
    r"(?:and|but) i (?:did|do|have|had|was|am)\b)"
)

# Sentences end at a full stop, a blank line, or a new Markdown list item, heading or quote;
# a single line break (hard-wrapped or pasted text) does not end one.
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n\s*\n\s*|\n\s*(?=[-*+#>]|\d+[.)] )")
# Negation, idioms and reported questions are judged on this much text before a match,
# which also keeps the check linear on a long post.
LOOK_BACK = 120
# Words that may stand between a negation and what it negates ("I have never really had").
BETWEEN = frozenset(
    {
        "really", "ever", "once", "even", "actually", "truly", "seriously", "have", "has",
        "had", "did", "do", "does", "was", "were", "been", "am", "is", "are", "be", "being",
        "feel", "felt", "get", "got", "so", "too", "thought", "think", "thinking", "about",
        "of", "considered", "considering",
    }
)  # fmt: skip
# What normalising drops: zero-width characters, soft hyphens, Markdown emphasis.
DROPPED = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad*_~")
REPLACED = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
            "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-", "\u2212": "-"}  # fmt: skip

MAX_CONCERNS = 10
CONTEXT = 160  # characters kept on either side of a match in a very long sentence


@dataclass(frozen=True)
class Concern:
    """One sentence that may be a cry for help, with the words that matched in it."""

    key: str
    reason: str
    sentence: str
    start: int
    end: int

    @property
    def before(self) -> str:
        return self.sentence[: self.start]

    @property
    def phrase(self) -> str:
        return self.sentence[self.start : self.end]

    @property
    def after(self) -> str:
        return self.sentence[self.end :]

    def as_dict(self) -> dict:
        return asdict(self)


def find_concerns(*texts: str) -> list[Concern]:
    """Each sentence of `texts` that matches a pattern, in order (at most MAX_CONCERNS)."""
    found: list[Concern] = []
    for text in texts:
        for sentence in _sentences(text or ""):
            concern = _judge(sentence)
            if concern:
                found.append(concern)
                if len(found) == MAX_CONCERNS:
                    return found
    return found


def concerns_from_dicts(stored: list[dict]) -> list[Concern]:
    """Concerns as stored on a revision (`StoryRevision.safety_concerns`)."""
    fields = Concern.__dataclass_fields__
    return [Concern(**{k: v for k, v in item.items() if k in fields}) for item in stored or ()]


def _sentences(text: str):
    for part in SENTENCE_END.split(text):
        if part.strip():
            yield part


def _judge(sentence: str) -> Concern | None:
    text, where = _normalise(sentence)
    said_yes = None
    for pattern, regex, after, before in _COMPILED:
        for match in regex.finditer(text):
            start, end = match.span()
            window = max(0, start - LOOK_BACK)
            if after and after.match(text, end):
                continue
            if before and before.search(text, window, start):
                continue
            clause = CLAUSE_BREAK.split(text[window:start])[-1]
            if pattern.negatable and _negated(clause):
                continue
            if ASKED.search(clause):
                if said_yes is None:
                    said_yes = bool(SAID_YES.search(text))
                if not said_yes:
                    continue  # a question someone else asked, and the author said no
            return _concern(pattern, sentence, where[start], where[end - 1] + 1)
    return None


def _normalise(sentence: str) -> tuple[str, list[int]]:
    """Lower-case, plain-quoted, single-spaced text, and where each character came from."""
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(sentence):
        if char in DROPPED:
            continue
        char = REPLACED.get(char, char)
        for piece in unicodedata.normalize("NFKC", char).lower():
            if piece.isspace():
                if not out or out[-1] == " ":
                    continue
                piece = " "
            out.append(piece)
            where.append(i)
    return "".join(out), where


def _negated(clause: str) -> bool:
    """Whether the clause before a match negates it: "I have never", not "nobody knows I"."""
    if HEDGES.search(clause):
        return False
    for word in reversed(clause.split()[-6:]):
        if word in NEGATIONS:
            return True
        if word not in BETWEEN:
            return False
    return False


def _concern(pattern: Pattern, sentence: str, start: int, end: int) -> Concern:
    sentence_start = len(sentence) - len(sentence.lstrip())
    sentence = sentence.strip()
    start, end = start - sentence_start, end - sentence_start
    if len(sentence) > 2 * CONTEXT + (end - start):
        cut = max(0, start - CONTEXT)
        sentence = (
            ("…" if cut else "")
            + sentence[cut : end + CONTEXT]
            + ("…" if end + CONTEXT < len(sentence) else "")
        )
        shift = cut - (1 if cut else 0)
        start, end = start - shift, end - shift
    return Concern(pattern.key, pattern.reason, sentence, start, end)
