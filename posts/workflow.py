"""
Medical sign-off of reference articles: the only way words reach readers.

An editor writes the working copy (the article's `draft_*` fields and its Reference
rows) and submits it: that freezes its words as an ArticleVersion. A medical reviewer, a
verified clinician in the "Medical reviewers" group, compares it with the last version
signed off and signs it off or sends it back with comments. A signed-off version goes
live (`make_live`): at once for an article already published, when an editor publishes
otherwise. A small fix to live words that changes no meaning can be marked so by an
editor instead, and goes live on the standing sign-off; that is recorded too.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cryoinfo.diff import word_diff

from . import editors
from .models import REVIEW_INTERVAL, Article, ArticleChange, ArticleVersion
from .references import frozen_reference, public_reference, reference_line
from .services import save_article

REVIEWERS_GROUP = "Medical reviewers"
# What the group may do (posts/migrations/0010 made it with these).
REVIEWER_PERMISSIONS = ("sign_off_article", "view_article", "view_reference")
# A fix "with no change of meaning" may change at most this many words in all.
FIX_MAX_WORDS = 30

State = ArticleVersion.State


class WorkflowError(Exception):
    """A step the article's state or the person's role does not allow; the message says why."""


def working_words(article: Article) -> dict:
    """The working copy's words, in the shape of an ArticleVersion's."""
    return {
        "title": article.draft_title,
        "summary": article.draft_summary,
        "body": article.draft_body,
        "references": [frozen_reference(r) for r in article.references.all()],
    }


def _same(a: dict, b: dict) -> bool:
    def norm(words):
        return (
            words["title"].strip(),
            words["summary"].strip(),
            words["body"].replace("\r\n", "\n").strip(),
            [reference_line(r) for r in words["references"]],
        )

    return norm(a) == norm(b)


def words_of(version: ArticleVersion) -> dict:
    return {name: getattr(version, name) for name in ("title", "summary", "body", "references")}


def _newest(article: Article, *states: str) -> ArticleVersion | None:
    """The article's newest version (in one of `states`, if given): versions sort newest first."""
    versions = article.versions.all()
    return (versions.filter(state__in=states) if states else versions).first()


def latest_version(article: Article) -> ArticleVersion | None:
    return _newest(article)


def last_signed_off(article: Article) -> ArticleVersion | None:
    """The last version a reviewer signed off: what a reviewer compares a new one with."""
    return _newest(article, State.SIGNED_OFF)


def approved_version(article: Article) -> ArticleVersion | None:
    """The newest version that may be published (signed off, or a fix to one)."""
    return _newest(article, *ArticleVersion.APPROVED)


def pending_version(article: Article) -> ArticleVersion | None:
    return _newest(article, State.SUBMITTED)


def sent_back(article: Article) -> bool:
    """
    Whether a reviewer's last word on the article is "sent back": until a later version is
    signed off, no fix may go out without them (it could be the very words they refused).
    """
    decided = article.versions.exclude(state__in=[State.SUBMITTED, State.WITHDRAWN])
    return decided.values_list("state", flat=True).first() == State.SENT_BACK


def state_after_edit(article: Article) -> str:
    """
    Where the working copy stands, after an edit: a version waiting for review whose words
    the edit changed is withdrawn (the reviewer would sign off words that are not there).
    """
    latest = latest_version(article)
    if latest is None:
        return Article.ReviewState.DRAFT
    if not _same(working_words(article), words_of(latest)):
        if latest.state == State.SUBMITTED:
            latest.state = State.WITHDRAWN
            latest.save(update_fields=["state"])
        return Article.ReviewState.DRAFT
    return {
        State.SUBMITTED: Article.ReviewState.IN_REVIEW,
        State.SIGNED_OFF: Article.ReviewState.APPROVED,
        State.FIX: Article.ReviewState.APPROVED,
        State.SENT_BACK: Article.ReviewState.SENT_BACK,
        State.WITHDRAWN: Article.ReviewState.DRAFT,
    }[latest.state]


def note_edit(article: Article) -> None:
    """After a save of the working copy: record where its review stands."""
    state = state_after_edit(article)
    if state != article.review_state:
        article.review_state = state
        Article.objects.filter(pk=article.pk).update(review_state=state)


def _new_version(article: Article, user, **fields) -> ArticleVersion:
    number = (article.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return ArticleVersion.objects.create(
        article=article, number=number, submitted_by=user, **working_words(article), **fields
    )


def may_sign_off(user: AbstractBaseUser) -> bool:
    """A verified clinician with the reviewers' permission (the "Medical reviewers" group)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("posts.sign_off_article")
        and user.is_verified_clinician
    )


def may_edit(user: AbstractBaseUser) -> bool:
    return bool(user.is_authenticated and user.has_perm("posts.change_article"))


@transaction.atomic
def submit(article: Article, editor, note: str = "") -> ArticleVersion:
    """
    Freeze the working copy's words and send them for medical review. `editor` None: the
    starter library (posts.starter), which code loads.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    if editor is not None and not may_edit(editor):  # None: CryoInfo's own starter library
        raise WorkflowError("Only an editor can submit an article for review.")
    if pending_version(article):
        raise WorkflowError("A version of this article is already waiting for review.")
    version = _new_version(article, editor, note=note.strip())
    Article.objects.filter(pk=article.pk).update(review_state=Article.ReviewState.IN_REVIEW)
    if editor is not None:  # the starter library's versions are signed off in bulk
        editors.tell_reviewers(version)
    return version


def _check_reviewer(version: ArticleVersion, reviewer) -> None:
    if not may_sign_off(reviewer):
        raise WorkflowError(
            "Only a verified clinician in the Medical reviewers group can review articles."
        )
    if version.state != State.SUBMITTED:
        raise WorkflowError("This version is no longer waiting for review.")
    if version.submitted_by_id == reviewer.pk:
        raise WorkflowError("You submitted this version: another reviewer must review it.")


def _locked(version: ArticleVersion) -> ArticleVersion:
    return ArticleVersion.objects.select_for_update().select_related("article").get(pk=version.pk)


@transaction.atomic
def sign_off(
    version: ArticleVersion,
    reviewer,
    *,
    credentials: str,
    comments: str = "",
    change_note: str = "",
    next_review_due: datetime.date | None = None,
) -> ArticleVersion:
    """
    Record a reviewer's sign-off on exactly these words. An article already published
    shows them at once; a draft waits for an editor to publish it.
    """
    version = _locked(version)
    _check_reviewer(version, reviewer)
    now = timezone.now()
    version.state = State.SIGNED_OFF
    version.decided_by = reviewer
    version.decided_at = now
    version.reviewer_name = reviewer.get_full_name() or reviewer.public_name
    version.reviewer_credentials = credentials.strip()
    version.comments = comments.strip()
    version.change_note = change_note.strip()
    version.next_review_due = next_review_due or timezone.localdate(now) + REVIEW_INTERVAL
    version.save()
    article = version.article
    Article.objects.filter(pk=article.pk).update(review_state=Article.ReviewState.APPROVED)
    article.review_state = Article.ReviewState.APPROVED
    if article.status == Article.Status.PUBLISHED:
        make_live(article, version)
    if version.submitted_by_id:
        editors.tell_editors(version)
    return version


@transaction.atomic
def send_back(version: ArticleVersion, reviewer, *, comments: str) -> ArticleVersion:
    """The reviewer's comments go to the editors; nothing reaches readers."""
    if not comments.strip():
        raise WorkflowError("Say what needs to change, so the editor can fix it.")
    version = _locked(version)
    _check_reviewer(version, reviewer)
    version.state = State.SENT_BACK
    version.decided_by = reviewer
    version.decided_at = timezone.now()
    version.reviewer_name = reviewer.get_full_name() or reviewer.public_name
    version.comments = comments.strip()
    version.save()
    Article.objects.filter(pk=version.article_id).update(review_state=Article.ReviewState.SENT_BACK)
    editors.tell_editors(version)
    return version


def changed_words(old: dict, new: dict) -> int:
    """How many words differ between two sets of words, references included."""
    count = 0
    for name in ("title", "summary", "body"):
        pieces = word_diff(old[name], new[name])
        count += sum(len(piece.text.split()) for piece in pieces if piece.change)
    old_refs = "\n".join(reference_line(r) for r in old["references"])
    new_refs = "\n".join(reference_line(r) for r in new["references"])
    pieces = word_diff(old_refs, new_refs)
    return count + sum(len(piece.text.split()) for piece in pieces if piece.change)


@transaction.atomic
def mark_fix(article: Article, editor, *, note: str) -> ArticleVersion:
    """
    An editor's fix to words a reviewer signed off (a typing error, a broken link) that
    changes no meaning: recorded with who and why, and shown to readers at once on the
    standing sign-off. Bigger changes need a review.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not may_edit(editor):
        raise WorkflowError("Only an editor can mark a fix.")
    if not note.strip():
        raise WorkflowError("Say what you fixed.")
    basis_version = approved_version(article)
    if basis_version is None:
        raise WorkflowError("Only a version a reviewer signed off can be fixed this way.")
    if pending_version(article):
        raise WorkflowError("A version is waiting for review: let the reviewer see the fix.")
    if sent_back(article):
        raise WorkflowError(
            "A reviewer sent the last version back: submit your changes for medical review."
        )
    words = working_words(article)
    if _same(words, words_of(basis_version)):
        raise WorkflowError("The text is the same as the signed-off version: nothing to fix.")
    changed = changed_words(words_of(basis_version), words)
    if changed > FIX_MAX_WORDS:
        raise WorkflowError(
            f"This changes {changed} words; a fix with no change of meaning changes at most "
            f"{FIX_MAX_WORDS}. Submit it for medical review."
        )
    # The sign-off it stands on (ArticleVersion.sign_off) names the reviewer and dates.
    version = _new_version(
        article,
        editor,
        state=State.FIX,
        note=note.strip(),
        decided_by=editor,
        decided_at=timezone.now(),
        basis=basis_version.sign_off,
    )
    Article.objects.filter(pk=article.pk).update(review_state=Article.ReviewState.APPROVED)
    article.review_state = Article.ReviewState.APPROVED
    if article.status == Article.Status.PUBLISHED:
        make_live(article, version)
    return version


def make_live(article: Article, version: ArticleVersion) -> None:
    """
    Put an approved version's words in front of readers, with the name, credentials and
    date of the sign-off that vouches for them, and its note in the change log.
    """
    if not version.is_approved:
        raise WorkflowError("Only a signed-off version can be published.")
    sign = version.sign_off
    was_live = article.live_version_id is not None
    article.title, article.summary, article.body = version.title, version.summary, version.body
    article.published_references = [public_reference(r) for r in version.references]
    article.reviewer_name = sign.reviewer_name
    article.reviewer_credentials = sign.reviewer_credentials
    account = sign.decided_by
    article.reviewer_account = account if account and account.is_verified_clinician else None
    article.last_reviewed = timezone.localdate(sign.decided_at)
    if version.state == State.SIGNED_OFF and version.next_review_due:
        article.next_review_due = version.next_review_due
    elif not article.next_review_due or article.next_review_due <= article.last_reviewed:
        article.next_review_due = article.last_reviewed + REVIEW_INTERVAL
    article.live_version = version
    if article.status == Article.Status.PUBLISHED and not article.published_at:
        article.published_at = timezone.now()
    article.going_live = True
    article._change_reason = f"Version {version.number} went live"
    try:
        save_article(article)
    finally:
        del article.going_live
    if was_live and version.change_note and version.went_live_at is None:
        ArticleChange.objects.create(article=article, description=version.change_note)
    if version.went_live_at is None:
        version.went_live_at = timezone.now()
        ArticleVersion.objects.filter(pk=version.pk).update(went_live_at=version.went_live_at)


@transaction.atomic
def publish(article: Article) -> ArticleVersion:
    """An editor publishes the newest approved version (scheduled, if its time is later)."""
    version = approved_version(article)
    if version is None:
        raise WorkflowError(
            "Only a version a medical reviewer has signed off can be published. "
            "Submit it for medical review first."
        )
    article.status = Article.Status.PUBLISHED
    make_live(article, version)
    return version


def restore(article: Article, record, editor) -> None:
    """
    Bring an earlier saved version's title, summary and text back into the working copy:
    a new draft, which needs a sign-off like any other before readers see it.
    """
    if not may_edit(editor):
        raise WorkflowError("Only an editor can restore a version.")
    article.draft_title = record.draft_title
    article.draft_summary = record.draft_summary
    article.draft_body = record.draft_body
    when = timezone.localtime(record.history_date).strftime("%-d %b %Y, %H:%M")
    article._change_reason = f"Restored the version saved {when}"
    article._history_user = editor
    save_article(article)
    note_edit(article)
