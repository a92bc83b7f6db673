"""
What an edit changes in a published post, word by word, for the moderator who reviews it:
the title, the words, the outcome answers and the photos of the waiting version against
the live one (as Wagtail compares revisions).
"""

from dataclasses import dataclass

from cryoinfo.diff import Piece, word_diff

from .models import StoryRevision


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
