"""
Two saved versions of an article side by side, word by word: the title, the summary, the
text and the references, for whoever looks after the article (and, with the sign-off, the
medical reviewer reading what changed since they last signed).

Versions are the article's history records (django-simple-history keeps one per save).
The references of a version are those saved with it: the admin saves an article's
references just after the article itself, so a version's references are as they stood
just before the next version, or now for the latest.
"""

import datetime
import difflib
from dataclasses import dataclass

from cryoinfo.diff import Piece, changed, word_diff

from .models import Article, Reference
from .references import frozen_reference, reference_line


@dataclass(frozen=True)
class Comparison:
    old: object  # the earlier history record
    new: object  # the later one
    title: list[Piece]
    summary: list[Piece]
    body: list[Piece]
    references: list[Piece]  # one piece per reference, as a line of text

    @property
    def changed(self) -> bool:
        return any(
            changed(pieces) for pieces in (self.title, self.summary, self.body, self.references)
        )


def versions(article: Article):
    """Every saved version of the article, newest first."""
    return article.history.select_related("history_user").order_by("-history_date", "-history_id")


def reference_lines(article: Article, record) -> list[str]:
    """The article's references as they were saved with `record`, one line each."""
    later = (
        article.history.filter(history_date__gt=record.history_date)
        .order_by("history_date", "history_id")
        .values_list("history_date", flat=True)
        .first()
    )
    when = later - datetime.timedelta(microseconds=1) if later else None
    references = (Reference.history.as_of(when) if when else Reference.objects).filter(
        article_id=article.pk
    )
    return [
        reference_line(frozen_reference(reference)) for reference in sorted(references, key=_order)
    ]


def _order(reference) -> tuple:
    return (reference.position, reference.pk)


def _line_diff(old: list[str], new: list[str]) -> list[Piece]:
    pieces = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces += [Piece(line, "") for line in new[b1:b2]]
            continue
        pieces += [Piece(line, "removed") for line in old[a1:a2]]
        pieces += [Piece(line, "added") for line in new[b1:b2]]
    return pieces


def compare(article: Article, old, new) -> Comparison:
    """`old` and `new`: two of the article's history records (the working copy's words)."""
    return Comparison(
        old=old,
        new=new,
        title=word_diff(old.draft_title, new.draft_title),
        summary=word_diff(old.draft_summary, new.draft_summary),
        body=word_diff(old.draft_body, new.draft_body),
        references=_line_diff(reference_lines(article, old), reference_lines(article, new)),
    )


def fold_unchanged(pieces: list[Piece]) -> list[Piece]:
    """
    The text with long unchanged stretches folded away: of an unchanged run of more than
    five paragraphs, two at each end stay, as context for the changes beside them, and the
    ones between become one "folded" piece whose text says how many there were.
    """
    folded = []
    for piece in pieces:
        paragraphs = piece.text.split("\n\n")
        if piece.change or len(paragraphs) <= 5:
            folded.append(piece)
            continue
        folded += [
            Piece("\n\n".join(paragraphs[:2]) + "\n\n", ""),
            Piece(f"{len(paragraphs) - 4} unchanged paragraphs", "folded"),
            Piece("\n\n" + "\n\n".join(paragraphs[-2:]), ""),
        ]
    return folded


def compare_words(old: dict | None, new: dict) -> Comparison:
    """
    Two sets of words (an ArticleVersion's or the working copy's: posts.workflow), for the
    reviewer and the editor; with no `old` (nothing signed off yet), all of `new` is new.
    """
    old = old or {"title": "", "summary": "", "body": "", "references": []}
    return Comparison(
        old=old,
        new=new,
        title=word_diff(old["title"], new["title"]),
        summary=word_diff(old["summary"], new["summary"]),
        body=fold_unchanged(word_diff(old["body"], new["body"])),
        references=_line_diff(
            [reference_line(r) for r in old["references"]],
            [reference_line(r) for r in new["references"]],
        ),
    )
