"""
What patients reported in the outcome questions of their published stories, summed up for
the charts on an indication's hub and the comparison table on the indications page.

Only public patient stories count (`Story.objects.public()`, kind "patient"), and only the
answers on their live version.

Counting (`_tally`): the database does it, in one query and one pass over the stories: it
groups them by indication and by the exact answers to the two open-ended number questions,
and counts the answers to the questions with a fixed set of answers (pain 0–10, yes/no/not
sure) within each group. The rows that come back are bounded by the range of the answers,
not by the number of stories; Python adds them up.

Storing (`OutcomeTally`): that count reads every public patient story, which takes time in
proportion to them. Measured on the benchmark's data, on a 2-CPU machine busy with other
work: 0.1–0.3 s at 20,000 stories (SQLite and PostgreSQL), 0.5 s at 100,000 and 6–8 s at
1,000,000 (SQLite; the aggregation itself, not the joins, takes most of it). Far too long
for a page, so it is not done when a page is shown, nor kept only in the cache (which may
be empty, or switched off): `refresh_tallies` counts every indication at once and stores
one row per indication, a materialised summary. `public_stories_changed()` asks for that
recount after the transaction that approved, withdrew, rejected, hid, restored or deleted
a story commits, once per transaction, so a newly approved story counts from the next page
on. Whoever makes the change waits for the recount, after their change is already
committed: several seconds a change at a million stories, so batches of changes belong in
one transaction.

Reading (`outcome_summary`, `comparison_table`): one query for the stored rows, then Python
walks the counts for the bins, shares and medians (under a millisecond an indication). A
row that is missing (a database that had stories before the rows existed, a new
indication) is counted and stored by the first page that needs it.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from cryoinfo.models import Indication
from cryoinfo.pagecache import content_changed

from .models import Answer, Kind, OutcomeTally, Story, TaggedStory

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

    @property
    def enough(self) -> bool:
        return self.n >= MIN_ANSWERS

    @property
    def median_text(self) -> str:
        """The median with its unit, e.g. "6.5 days" or "1 night"."""
        if self.median is None:
            return ""
        singular, plural = self.question.units
        return f"{self.median:g} {singular if self.median == 1 else plural}"

    @property
    def height(self) -> int:
        """Height of the chart's SVG in px."""
        return len(self.bars) * ROW_HEIGHT


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
        groups = [
            (b.label, sum(n for value, n in counts.items() if b.holds(value)))
            for b in question.bins
        ]
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


@dataclass
class _Tally:
    """What the patient stories about one indication said."""

    stories: int = 0
    answers: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))


def _tally(taggings: QuerySet) -> dict[int, _Tally]:
    """
    {indication id: tally} over the public patient stories among `taggings` (TaggedStory
    rows). One query; see the module's docstring.
    """
    live = "content_object__live__"
    grouped = [q for q in QUESTIONS if not q.answers]
    counted = [q for q in QUESTIONS if q.answers]
    rows = (
        taggings.filter(content_object__in=Story.objects.public().filter(kind=Kind.PATIENT))
        .order_by()
        .values("tag_id", *(live + q.field for q in grouped))
        .annotate(
            stories=Count("pk"),
            **{
                f"{q.key}_{answer}": Count("pk", filter=Q(**{live + q.field: answer}))
                for q in counted
                for answer in q.answers
            },
        )
    )
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    for row in rows:
        tally = tallies[row["tag_id"]]
        tally.stories += row["stories"]
        for q in grouped:
            if (answer := row[live + q.field]) is not None:
                tally.answers[q.key][answer] += row["stories"]
        for q in counted:
            for answer in q.answers:
                tally.answers[q.key][answer] += row[f"{q.key}_{answer}"]
    return tallies


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


def _encode(tally: _Tally) -> dict[str, dict[str, int]]:
    """A tally's answers as JSON for `OutcomeTally.answers` (its keys are strings)."""
    return {
        q.key: {str(answer): n for answer, n in sorted(tally.answers[q.key].items()) if n}
        for q in QUESTIONS
    }


def _decode(row: OutcomeTally) -> _Tally:
    tally = _Tally(stories=row.stories)
    for q in QUESTIONS:
        counts = row.answers.get(q.key, {})
        tally.answers[q.key] = Counter(
            {(answer if q.is_choice else int(answer)): n for answer, n in counts.items()}
        )
    return tally


def refresh_tallies() -> dict[int, _Tally]:
    """
    Recount what patients reported about every indication and store it: one row per
    indication, zeros for one without stories. Returns {indication id: tally}.

    Two recounts at once (two approvals committed together) take turns: each waits for the
    lock on the indications, and then counts from a snapshot taken after the other wrote, so
    the rows left behind count every change committed before the last recount began.
    """
    with transaction.atomic():
        # FOR NO KEY UPDATE: it does not stop stories from being tagged meanwhile. SQLite
        # has no row locks; it lets one writer in at a time anyway.
        indications = list(
            Indication.objects.select_for_update(no_key=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        counted = _tally(TaggedStory.objects.all())
        tallies = {pk: counted.get(pk, _Tally()) for pk in indications}
        OutcomeTally.objects.bulk_create(
            [
                OutcomeTally(indication_id=pk, stories=tally.stories, answers=_encode(tally))
                for pk, tally in tallies.items()
            ],
            update_conflicts=True,
            unique_fields=["indication"],
            update_fields=["stories", "answers", "updated_at"],
        )
    # Kept pages show the charts. They were dropped when the change was made, but a page
    # rendered since, while this counted, would be kept with the old counts.
    content_changed()
    return tallies


class _RecountAfterCommit:
    """The on-commit callback of one transaction that changed what is public."""

    def __init__(self) -> None:
        self.done = False
        # Django names a failed callback by its __qualname__ in the log, which only
        # functions and classes have.
        self.__qualname__ = type(self).__qualname__

    def __call__(self) -> None:
        self.done = True
        refresh_tallies()


def public_stories_changed() -> None:
    """
    Call when a story may have become public or stopped being public, or was deleted: the
    stored tallies are recounted once the transaction commits, once however many times this
    is called in it (a deleted account with many stories, a batch of approvals). Outside a
    transaction, they are recounted at once.

    The recount runs after the commit, in the same request. Should it fail, the change
    stays committed and the error is logged; the tallies catch up at the next change.
    """
    # Django forgets the callbacks of a transaction or savepoint that is rolled back, so a
    # recount still waiting here will run: no need for another.
    waiting = transaction.get_connection().run_on_commit
    if any(isinstance(func, _RecountAfterCommit) and not func.done for _, func, *_ in waiting):
        return
    transaction.on_commit(_RecountAfterCommit(), robust=True)


def _stored_tallies(indications: list[Indication]) -> dict[int, _Tally]:
    """
    The stored tallies of these indications, in one query. Rows that are missing (a
    database with stories from before the tallies were stored, a new indication) are
    counted and stored now, once.
    """
    pks = [i.pk for i in indications]
    rows = {row.indication_id: row for row in OutcomeTally.objects.filter(indication__in=pks)}
    if len(rows) < len(set(pks)):
        return refresh_tallies()
    return {pk: _decode(row) for pk, row in rows.items()}


def outcome_summary(indication: Indication) -> OutcomeSummary:
    """What patients reported about one indication: one query, reading its stored tally."""
    return _summary(indication, _stored_tallies([indication]).get(indication.pk, _Tally()))


def comparison_table(indications: Iterable[Indication]) -> list[OutcomeSummary]:
    """
    One summary per indication, in the order given, for comparing them side by side.
    One query, reading the stored tallies, whatever the number of indications and stories.
    """
    indications = list(indications)
    tallies = _stored_tallies(indications)
    return [_summary(i, tallies.get(i.pk, _Tally())) for i in indications]
