"""What an indication's charts and the comparison table show, read from the stored tallies."""

from collections.abc import Iterable
from dataclasses import dataclass

from cryoinfo.models import Indication

from ..models import OutcomeTally
from . import tallies
from .questions import MIN_ANSWERS, QUESTIONS, QuestionSummary, summarise
from .tallies import _decode, _Tally


@dataclass(frozen=True)
class OutcomeSummary:
    """Everything patients reported about one indication."""

    indication: Indication
    stories: int  # public patient stories about the indication, answered or not
    questions: tuple[QuestionSummary, ...]

    min_answers = MIN_ANSWERS

    def __getitem__(self, key: str) -> QuestionSummary:
        """The summary of one question by its key, e.g. `summary["days"]`."""
        for summary in self.questions:
            if summary.question.key == key:
                return summary
        raise KeyError(key)  # templates try a key before an attribute, and expect this


def _summary(indication: Indication, tally: _Tally) -> OutcomeSummary:
    return OutcomeSummary(
        indication=indication,
        stories=tally.stories,
        questions=tuple(summarise(q, tally.answers[q.key]) for q in QUESTIONS),
    )


def outcome_summary(indication: Indication, stored: OutcomeTally | None = None) -> OutcomeSummary:
    """
    What patients reported about one indication, from its stored tally: `stored` when the
    caller loaded it with the indication (select_related("outcome_tally")), else read in
    one query.
    """
    if stored is not None:
        return _summary(indication, _decode(stored))
    return _summary(indication, tallies.stored_tallies([indication]).get(indication.pk, _Tally()))


def comparison_table(indications: Iterable[Indication]) -> list[OutcomeSummary]:
    """
    One summary per indication, in the order given, for comparing them side by side.
    One query, reading the stored tallies, whatever the number of indications and stories.
    """
    indications = list(indications)
    stored = tallies.stored_tallies(indications)
    return [_summary(i, stored.get(i.pk, _Tally())) for i in indications]
