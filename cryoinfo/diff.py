"""
What changed between two texts, word by word, for the people who check changes: a
moderator reading an edit to a post, an editor or reviewer comparing versions of an
article (as Wagtail compares revisions).
"""

import difflib
import re
from dataclasses import dataclass

# Words with the spaces after them, so that joining the pieces gives the text back.
_WORDS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Piece:
    text: str
    change: str  # "" (the same in both), "removed" or "added"


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces of `new` and what was removed from `old`, in reading order."""
    before, after = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    pieces = []
    # Words are matched with the space after them, line endings made alike: a line ending
    # typed in a browser (\r\n) against one saved from a file (\n) is no change.
    matcher = difflib.SequenceMatcher(
        a=[_key(token) for token in before], b=[_key(token) for token in after], autojunk=False
    )
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("".join(after[b1:b2]), ""))
            continue
        if a2 > a1:
            pieces.append(Piece("".join(before[a1:a2]), "removed"))
        if b2 > b1:
            pieces.append(Piece("".join(after[b1:b2]), "added"))
    return pieces


def _key(token: str) -> str:
    # A new paragraph or an indented line is a change; \r\n for \n is not.
    return token.replace("\r\n", "\n").replace("\r", "\n")


def changed(pieces: list[Piece]) -> bool:
    return any(piece.change in ("removed", "added") for piece in pieces)
