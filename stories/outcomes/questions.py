"""
The outcome questions and the arithmetic of their charts: bins, medians, shares, bars.
Plain Python over counts, no database.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..models import Answer

MIN_ANSWERS = 5
"""A chart, median or share is shown only when at least this many people answered."""

# How many people gave each exact answer to a question: {7: 3} means three answered 7.
Counts = Mapping[int | str, int]


@dataclass(frozen=True)
class Bin:
    """A bar of a chart: the answers from `low` to `high` (no upper limit if None)."""

    label: str
    low: int
    high: int | None = None

    def holds(self, value: int) -> bool:
        return value >= self.low and (self.high is None or value <= self.high)


@dataclass(frozen=True)
class Question:
    """An outcome question on `StoryRevision`, and how its answers are charted."""

    key: str
    field: str
    title: str
    column: str  # its heading in the comparison table
    units: tuple[str, str] = ("", "")  # singular and plural, after a median
    bins: tuple[Bin, ...] = ()  # for questions answered with a number
    # Every possible answer, when there are few; the query counts each one. Without them,
    # the query groups by the answer instead.
    answers: tuple[int | str, ...] = ()

    @property
    def is_choice(self) -> bool:
        """Answered yes, no or not sure (rather than with a number)."""
        return not self.bins


QUESTIONS = (
    Question(
        key="days",
        field="days_to_usual_activities",
        title="Days until back to usual activities",
        column="Median days to usual activities",
        units=("day", "days"),
        bins=(
            Bin("0–3 days", 0, 3),
            Bin("4–7 days", 4, 7),
            Bin("8–14 days", 8, 14),
            Bin("15–28 days", 15, 28),
            Bin("29 days or more", 29),
        ),
    ),
    Question(
        key="nights",
        field="nights_in_hospital",
        title="Nights in hospital",
        column="Median nights in hospital",
        units=("night", "nights"),
        bins=(
            Bin("None (home the same day)", 0, 0),
            Bin("1 night", 1, 1),
            Bin("2 nights", 2, 2),
            Bin("3 nights or more", 3),
        ),
    ),
    Question(
        key="pain",
        field="pain_after_one_week",
        title="Pain one week after (0 = none, 10 = worst)",
        column="Median pain after one week (0–10)",
        units=("out of 10", "out of 10"),
        bins=(
            Bin("0–2 (none or mild)", 0, 2),
            Bin("3–5", 3, 5),
            Bin("6–8", 6, 8),
            Bin("9–10 (severe)", 9, 10),
        ),
        answers=tuple(range(11)),  # the model's check constraint keeps it within 0–10
    ),
    Question(
        key="complication",
        field="complication",
        title="Reported a complication",
        column="Reported a complication",
        answers=tuple(Answer.values),
    ),
    Question(
        key="recommend",
        field="would_recommend",
        title="Would recommend cryoablation",
        column="Would recommend it",
        answers=tuple(Answer.values),
    ),
)


@dataclass(frozen=True)
class Bar:
    """One bar of a chart, with what the SVG needs to draw it (lengths in px or %)."""

    label: str
    count: int
    percent: int  # of everyone who answered the question
    width: float  # % of the chart's width; the longest bar takes BAR_SPACE
    y: int  # top of this bar's row


BAR_SPACE = 70  # % of the chart's width the longest bar takes; its value is written after it
ROW_HEIGHT = 48  # px: the label on one line, the bar under it


@dataclass(frozen=True)
class QuestionSummary:
    """What the people who answered one question said."""

    question: Question
    n: int  # how many answered
    bars: tuple[Bar, ...]
    median: float | None = None  # for questions answered with a number
    yes_percent: int | None = None  # for yes/no/not sure questions

    # Worked out once, for the chart's template.
    enough: bool = field(init=False)  # whether enough people answered to show a chart
    median_text: str = field(init=False)  # the median with its unit: "6.5 days", "1 night"
    figure: str = field(init=False)  # the headline: median_text, or the share of yes "33%"
    height: int = field(init=False)  # of the chart's SVG, in px
    # The chart's text alternative: "6 people answered. 0–3 days: 2 (33%). … Median 6.5 days."
    description: str = field(init=False)

    def __post_init__(self):
        median_text = ""
        if self.median is not None:
            singular, plural = self.question.units
            median_text = f"{self.median:g} {singular if self.median == 1 else plural}"
        if self.question.is_choice:
            figure, conclusion = f"{self.yes_percent}%", f"{self.yes_percent}% said yes."
        else:
            figure, conclusion = median_text, f"Median {median_text}."
        answers = "".join(f"{bar.label}: {bar.count} ({bar.percent}%). " for bar in self.bars)
        object.__setattr__(self, "enough", self.n >= MIN_ANSWERS)
        object.__setattr__(self, "median_text", median_text)
        object.__setattr__(self, "figure", figure)
        object.__setattr__(self, "description", f"{self.n} people answered. {answers}{conclusion}")
        object.__setattr__(self, "height", len(self.bars) * ROW_HEIGHT)


def median(counts: Mapping[int, int]) -> float | None:
    """
    The median of the values counted in `counts` ({value: how many}): the middle value,
    or the mean of the two middle values when there is an even number of them.
    """
    total = sum(counts.values())
    if not total:
        return None

    def value_at(position: int) -> int:  # 0-based position in the sorted values
        seen = 0
        for value in sorted(counts):
            seen += counts[value]
            if position < seen:
                return value
        raise IndexError(position)

    return (value_at((total - 1) // 2) + value_at(total // 2)) / 2


def percent(part: int, whole: int) -> int:
    """`part` as a whole percentage of `whole`, halves rounded up (0 when `whole` is 0)."""
    return (200 * part + whole) // (2 * whole) if whole else 0


def summarise(question: Question, counts: Counts) -> QuestionSummary:
    """Bars, n and the median or share of yes answers for one question's answer counts."""
    if question.is_choice:
        groups = [(label, counts.get(value, 0)) for value, label in Answer.choices]
    else:
        totals = [0] * len(question.bins)
        for value, n in counts.items():
            for index, b in enumerate(question.bins):
                if b.holds(value):  # the bins do not overlap
                    totals[index] += n
                    break
        groups = [(b.label, total) for b, total in zip(question.bins, totals, strict=True)]
    n = sum(count for _, count in groups)
    longest = max((count for _, count in groups), default=0)
    bars = tuple(
        Bar(
            label=label,
            count=count,
            percent=percent(count, n),
            width=round(BAR_SPACE * count / longest, 1) if longest else 0,
            y=index * ROW_HEIGHT,
        )
        for index, (label, count) in enumerate(groups)
    )
    if question.is_choice:
        return QuestionSummary(question, n, bars, yes_percent=percent(counts.get(Answer.YES, 0), n))
    return QuestionSummary(question, n, bars, median=median(counts))
