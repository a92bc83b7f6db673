"""
What an edit changes in a published post, word by word, for the moderator who reviews it:
the title, the words, the outcome answers and the photos of the waiting version against
the live one (as Wagtail compares revisions).
"""

import difflib
import re
from dataclasses import dataclass

from .models import StoryRevision

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
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("".join(after[b1:b2]), ""))
            continue
        if a2 > a1:
            pieces.append(Piece("".join(before[a1:a2]), "removed"))
        if b2 > b1:
            pieces.append(Piece("".join(after[b1:b2]), "added"))
    return pieces


@dataclass(frozen=True)
class Comparison:
    title: list[Piece]
    body: list[Piece]
    answers: list[tuple[str, str, str]]  # question, before, after: changed ones only
    photos_added: list
    photos_removed: list

    @property
    def changed(self) -> bool:
        texts = [*self.title, *self.body]
        return bool(
            any(piece.change for piece in texts)
            or self.answers
            or self.photos_added
            or self.photos_removed
        )


def compare(live: StoryRevision, waiting: StoryRevision) -> Comparison:
    before, after = dict(live.outcome), dict(waiting.outcome)
    questions = list(dict.fromkeys([*after, *before]))
    live_photos, waiting_photos = list(live.photos.all()), list(waiting.photos.all())
    return Comparison(
        title=word_diff(live.title, waiting.title),
        body=word_diff(live.body, waiting.body),
        answers=[
            (question, before.get(question, "No answer"), after.get(question, "No answer"))
            for question in questions
            if before.get(question) != after.get(question)
        ],
        photos_added=[photo for photo in waiting_photos if photo not in live_photos],
        photos_removed=[photo for photo in live_photos if photo not in waiting_photos],
    )
