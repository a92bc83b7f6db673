"""
What patients reported in the outcome questions of their published stories, summed up for
the charts on an indication's hub and the comparison table on the indications page.

Only public original patient stories count (`Story.objects.public().originals()`, kind
"patient": a follow-up update is the same person again), and only the answers on their
live version. questions.py holds the arithmetic, tallies.py the stored counts, charts.py
what the pages read.

Counting (`_tally`): the database does it, in one query and one pass over the stories: it
groups them by indication and by the exact answers to the two open-ended number questions,
and counts the answers to the questions with a fixed set of answers (pain 0–10, yes/no/not
sure) within each group. The rows that come back are bounded by the range of the answers,
not by the number of stories; Python adds them up.

Storing (`OutcomeTally`, tallies.py): that count reads every public patient story, which
takes seconds at a million: far too long for a page or a moderator's click, so the tallies
are a stored summary, one row per indication, kept up to date by differences:

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
`content_changed()` with each change (and `stories.signals` with each deletion), which
drops kept pages at once and again after the commit, so a page rendered from the old
counts while the change was in flight is not kept as current. The recount calls it too.

Reading (`outcome_summary`, `comparison_table`): one query for the stored rows, then Python
walks the counts for the bins, shares and medians (under a millisecond an indication).
"""

from .charts import OutcomeSummary, comparison_table, outcome_summary
from .questions import (
    MIN_ANSWERS,
    QUESTIONS,
    Bar,
    Question,
    QuestionSummary,
    median,
    percent,
    summarise,
)
from .tallies import (
    Contribution,
    apply_difference,
    contribution,
    recount,
    refresh_tallies,
)

__all__ = [
    "MIN_ANSWERS",
    "QUESTIONS",
    "Bar",
    "Contribution",
    "OutcomeSummary",
    "Question",
    "QuestionSummary",
    "apply_difference",
    "comparison_table",
    "contribution",
    "median",
    "outcome_summary",
    "percent",
    "recount",
    "refresh_tallies",
    "summarise",
]
