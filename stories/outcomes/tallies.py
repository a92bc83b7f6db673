"""
The stored tallies (`OutcomeTally`): the full count, one story's contribution, and the
difference a change makes, applied in the change's transaction (see the package's notes).
"""

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cryoinfo.models import Indication
from cryoinfo.pagecache import content_changed

from ..models import Kind, OutcomeTally, Story, TaggedStory
from .questions import QUESTIONS

logger = logging.getLogger(__name__)


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


def stored_tallies(indications: list[Indication]) -> dict[int, _Tally]:
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


def recount() -> list[str]:
    """
    The repair (`manage.py recount_outcomes`, or its task): recount every tally and say,
    one line each, which stored ones were out of step. Locked, then recounted in the same
    transaction, so nothing changes in between.
    """
    with transaction.atomic():
        stored = {
            row.pk: (row.stories, row.answers)
            for row in OutcomeTally.objects.select_for_update().order_by("pk")
        }
        refresh_tallies()
        recounted = {row.pk: (row.stories, row.answers) for row in OutcomeTally.objects.all()}
    wrong = [pk for pk, row in recounted.items() if stored.get(pk) != row]
    names = dict(Indication.objects.filter(pk__in=wrong).values_list("pk", "slug"))
    return [f"{names.get(pk, pk)}: {_describe(stored.get(pk), recounted[pk])}" for pk in wrong]


def _describe(stored, recounted) -> str:
    if stored is None:
        return f"no stored row; counted {recounted[0]} stories"
    if stored[0] != recounted[0]:
        return f"stored {stored[0]} stories, counted {recounted[0]}"
    return f"{recounted[0]} stories, but the stored answers differed"
