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
for a page, and for a moderator's click, so the tallies are a stored summary, one row per
indication, kept up to date by differences:

- One story's `contribution` is what it adds to the rows: for a public patient story, 1 to
  `stories` and 1 to each answer on its live version, for each indication it is tagged
  with (counted as `_tally` counts); for any other story, nothing.
- Every change of a story's public state (`stories.services`: approve, reject, withdraw,
  a report that hides it, dismissing reports, and submit, since an edit can change the
  kind of a post that stays up) reads its contribution from the database before the
  change and again after it, and `apply_difference` adds after − before to the rows of
  the indications concerned, in the same transaction: the tallies commit, or roll back,
  with the change. A deleted story's contribution is taken away by a `pre_delete`
  receiver (`stories.signals`), while its tags and live version still exist; it sees every
  deletion, the admin's and an account's cascade too.
- Cost: at most six small queries a change (the story's row, then its tags with the
  answers on its live version, before and after; then locking the rows of its indications
  and writing them, one query each), whatever the number of stories; a few more the first
  time an indication's row is missing. A deleted account costs that per story.
- Anything that changes stories another way (bulk inserts, SQL, a shell) leaves the rows
  behind: run `manage.py recount_outcomes` after it.

Concurrency. `contribution` locks the story's row (FOR NO KEY UPDATE on PostgreSQL), so
two changes to one story take turns and the "before" each reads is still true when it
writes. `apply_difference` locks the rows it changes (SELECT … FOR UPDATE, in indication
order, so two changes never wait for each other in a circle) and then reads, adds and
writes them: the answers are JSON, which cannot be added to in SQL, so the lock is what
keeps two changes to different stories about one indication from losing one update.
SQLite has no row locks, but lets one writer in at a time. A transaction that changes
several stories (a deleted account) locks the rows of each story's indications in order,
but story after story, so not in one order overall; should it ever meet another such
transaction in a circle, PostgreSQL cancels one of them (a deadlock error, nothing half
done), which can then be retried.

The full recount (`refresh_tallies`) stays: for data written without the services (the
benchmark's builder), for rows that are missing (a database that had stories before the
rows existed: the first page that needs them counts them, once), and as a repair
(`manage.py recount_outcomes`) should the rows ever drift. It locks every row before
counting, in the same order, so a change in flight either commits before the count (and
is counted) or adds its difference to what the recount wrote. A change that finds an
indication's row missing (a new indication) counts that indication alone, leaving the
story out, stores it and adds the story's contribution after the change.

Pages kept in the cache (`cryoinfo.pagecache`) show the charts: the services call
`content_changed()` with each change (and `cryoinfo.signals` with each deletion), which
drops kept pages at once and again after the commit, so a page rendered from the old
counts while the change was in flight is not kept as current. The recount calls it too.

Reading (`outcome_summary`, `comparison_table`): one query for the stored rows, then Python
walks the counts for the bins, shares and medians (under a millisecond an indication).
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cryoinfo.models import Indication
from cryoinfo.pagecache import content_changed

from .models import Answer, Kind, OutcomeTally, Story, TaggedStory

logger = logging.getLogger(__name__)

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
        taggings.filter(
            content_object__in=Story.objects.public().originals().filter(kind=Kind.PATIENT)
        )
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
    """
    A tally's answers as JSON for `OutcomeTally.answers` (its keys are strings). A question
    nobody answered is left out, so that a row with no stories is `{}`, as the migration
    stored it: a row changed by differences and one recounted then read the same.
    """
    encoded = {
        q.key: {str(answer): n for answer, n in sorted(tally.answers[q.key].items()) if n}
        for q in QUESTIONS
    }
    return {key: counts for key, counts in encoded.items() if counts}


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
    indication, zeros for one without stories. Returns {indication id: tally}. Takes time
    in proportion to the stories (see the module's docstring): for the benchmark's builder,
    rows missing on first read and `manage.py recount_outcomes`, never for a single change.

    Every row is locked before counting, as changes lock them (by indication): a change
    that has already added its difference commits first and is counted; one that comes
    later waits, then adds its difference to what is written here. Two recounts at once
    take turns the same way.
    """
    with transaction.atomic():
        # The rows there are, then those of new indications (zeros, written over below),
        # then all of them again: a change may have stored one in between.
        _lock_rows(OutcomeTally.objects.all())
        indications = list(Indication.objects.order_by("pk").values_list("pk", flat=True))
        OutcomeTally.objects.bulk_create(
            [OutcomeTally(indication_id=pk) for pk in indications], ignore_conflicts=True
        )
        _lock_rows(OutcomeTally.objects.all())
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
    # Kept pages show the charts: a page rendered while this counted would be kept with
    # the old counts.
    content_changed()
    return tallies


def _lock_rows(rows: QuerySet) -> dict[int, OutcomeTally]:
    """Lock these tally rows until the transaction ends, always in indication order."""
    return {row.pk: row for row in rows.select_for_update().order_by("pk")}


# What one story adds to the stored tallies: 1 under (indication id, None, None) for each
# indication it counts in, and 1 under (indication id, question key, answer) for each answer.
Contribution = Counter


def contribution(story_pk: int) -> Contribution:
    """
    What the story adds to the stored tallies as it is now in the database (not as an
    instance in memory may have it): a public original patient story, 1 story and 1 for
    each answer on its live version, for each indication it is tagged with; any other (a
    follow-up update among them), nothing.

    Locks the story's row until the transaction ends (FOR NO KEY UPDATE on PostgreSQL), so
    call it before changing the story: another change to the same story waits for this one,
    and what was read here stays true until the difference is applied. Two small queries
    (one for a story that counts nowhere), whatever the number of stories.
    """
    counts = Contribution()
    try:
        # The row alone: after waiting for another change's lock, PostgreSQL returns the
        # row as that change left it, but would not redo a join (its live version).
        story = (
            Story.objects.select_for_update(no_key=True)
            .only("kind", "live", "withdrawn_at", "hidden", "parent")
            .get(pk=story_pk)
        )
    except Story.DoesNotExist:  # deleted meanwhile: the change will find nothing to change
        return counts
    # A follow-up update is the same patient again: the charts count each person once.
    if not story.is_public or story.kind != Kind.PATIENT or story.parent_id is not None:
        return counts
    # Its tags, each with the answers on its live version (a new snapshot, after the lock).
    tagged = TaggedStory.objects.filter(content_object_id=story_pk).values_list(
        "tag", *(f"content_object__live__{q.field}" for q in QUESTIONS)
    )
    for indication, *answers in tagged:
        counts[indication, None, None] += 1
        for q, answer in zip(QUESTIONS, answers, strict=True):
            # As `_tally` counts: any number for the open questions, else the known answers.
            if (answer in q.answers) if q.answers else (answer is not None):
                counts[indication, q.key, answer] += 1
    return counts


def apply_difference(story_pk: int, before: Contribution, after: Contribution) -> bool:
    """
    Add `after` − `before` (the story's contribution after and before a change) to the
    stored tallies, in the caller's transaction. Returns whether any count changed.

    The rows concerned are locked in indication order, then read, changed and written back
    (one query each way, whatever the number of indications). A missing row is counted
    for its indication alone, without this story, which then adds its `after` to it.
    """
    difference = Counter(after)
    difference.subtract(before)
    changes = Counter({key: n for key, n in difference.items() if n})
    if not changes:
        return False
    pks = sorted({indication for indication, _, _ in changes})
    with transaction.atomic(savepoint=False):  # a transaction if the caller has none
        rows = _lock_rows(OutcomeTally.objects.filter(pk__in=pks))
        if missing := [pk for pk in pks if pk not in rows]:
            stored_here = _store_missing(missing, without=story_pk)
            # Ours, or stored first by another transaction (which did not see this change).
            rows |= _lock_rows(OutcomeTally.objects.filter(pk__in=missing))
            for key in [key for key in changes if key[0] in stored_here]:
                del changes[key]
            changes.update({key: n for key, n in after.items() if key[0] in stored_here})
        tallies = {pk: _decode(row) for pk, row in rows.items()}
        for (indication, key, answer), n in changes.items():
            tally = tallies[indication]
            if key is None:
                tally.stories = _add(tally.stories, n, indication)
            else:
                counts = tally.answers[key]
                counts[answer] = _add(counts[answer], n, indication)
        now = timezone.now()
        for pk, tally in tallies.items():
            rows[pk].stories, rows[pk].answers = tally.stories, _encode(tally)
            rows[pk].updated_at = now  # bulk_update does not set auto_now fields
        OutcomeTally.objects.bulk_update(rows.values(), ["stories", "answers", "updated_at"])
    return True


def _add(count: int, n: int, indication: int) -> int:
    if count + n >= 0:
        return count + n
    # Only a row that was already wrong (edited by hand, or a bug) gets here. A negative
    # count would fail the row's check and the moderator's decision with it: keep the
    # change, and say how to put the row right.
    logger.warning(
        "The outcome tally of indication %s went below zero; run manage.py recount_outcomes.",
        indication,
    )
    return 0


def _store_missing(pks: list[int], *, without: int) -> set[int]:
    """
    Count and store the rows of these indications (a new indication, rows deleted by
    hand), leaving out the story `without`. Returns those stored here; another transaction
    may have stored some first.
    """
    counted = _tally(TaggedStory.objects.filter(tag_id__in=pks).exclude(content_object=without))
    stored = set()
    for pk in pks:
        tally = counted.get(pk, _Tally())
        try:
            with transaction.atomic():
                OutcomeTally.objects.create(
                    indication_id=pk, stories=tally.stories, answers=_encode(tally)
                )
        except IntegrityError:
            continue
        stored.add(pk)
    return stored


def _stored_tallies(indications: list[Indication]) -> dict[int, _Tally]:
    """
    The stored tallies of these indications, in one query. Rows that are missing (a
    database with stories from before the tallies were stored, a new indication) are
    counted and stored now, once.
    """
    pks = [i.pk for i in indications]
    # By primary key and unsorted, which is the same rows in less time.
    rows = {row.pk: row for row in OutcomeTally.objects.filter(pk__in=pks).order_by()}
    if len(rows) < len(set(pks)):
        return refresh_tallies()
    return {pk: _decode(row) for pk, row in rows.items()}


def outcome_summary(indication: Indication, stored: OutcomeTally | None = None) -> OutcomeSummary:
    """
    What patients reported about one indication, from its stored tally: `stored` when the
    caller loaded it with the indication (select_related("outcome_tally")), else read in
    one query.
    """
    if stored is not None:
        return _summary(indication, _decode(stored))
    return _summary(indication, _stored_tallies([indication]).get(indication.pk, _Tally()))


def comparison_table(indications: Iterable[Indication]) -> list[OutcomeSummary]:
    """
    One summary per indication, in the order given, for comparing them side by side.
    One query, reading the stored tallies, whatever the number of indications and stories.
    """
    indications = list(indications)
    tallies = _stored_tallies(indications)
    return [_summary(i, tallies.get(i.pk, _Tally())) for i in indications]
