"""
Every change of a post's status happens here, as an explicit function.

Each post carries a version number that goes up with every submission and decision. A
decision names the version the moderator was shown, and is applied with a conditional
UPDATE ("only if the post is still at that version"), which the database runs atomically.
When two moderators decide at once, exactly one UPDATE matches; the other is told.

A change that may make a post appear on the site or leave it (or change what it counts for
in the outcome charts) reads the post's contribution to the charts' tallies before the
change (`outcomes.contribution`, which also locks the post's row) and applies the
difference after it, in the same transaction: see `stories.outcomes`.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cryoinfo.images import make_thumbnail
from cryoinfo.pagecache import content_changed
from search.index import plain_text

from . import notifications, outcomes, safety
from .indexing import sync_story
from .models import (
    REPORTS_TO_HIDE,
    RESTORE_DAYS,
    TERMS_VERSION,
    Kind,
    ModerationDecision,
    Report,
    SafetyVerdict,
    Story,
    StoryPhoto,
    StoryQuote,
    StoryRevision,
    Thanks,
    card_summary,
)

Action = ModerationDecision.Action


class AlreadyDecided(Exception):
    """The post changed (another decision, or a new version) since the moderator saw it."""


class AlreadyReported(Exception):
    pass


class NotWithdrawable(Exception):
    pass


class NotRestorable(Exception):
    """Not withdrawn, or withdrawn more than RESTORE_DAYS ago."""


@transaction.atomic
def submit(story: Story, revision: StoryRevision, indications, *, kept_photos=(),
           new_photos=()) -> Story:  # fmt: skip
    """
    Save a new post, or a new version of one, and put it in the moderation queue.
    `new_photos` are (cleaned image, description) pairs from `cryoinfo.images.clean_image`.
    Every version goes through the crisis-language check, whatever its way in.
    """
    is_new = story.pk is None
    check_for_crisis(revision, [alt for _, alt in new_photos] + [p.alt_text for p in kept_photos])
    # An edit may change the kind of a post that stays up with its approved version.
    before = outcomes.Contribution() if is_new else outcomes.contribution(story.pk)
    now = timezone.now()
    story.status = Story.Status.PENDING
    story.submitted_at = story.consented_at = now
    story.consent_terms_version = TERMS_VERSION
    if is_new:
        story.save()
    else:
        story.save(update_fields=[
            "kind", "show_name", "status", "submitted_at", "consented_at",
            "consent_terms_version", "followup_opt_in",
        ])  # fmt: skip
    last = story.revisions.order_by("-number").values_list("number", flat=True).first()
    revision.story = story
    revision.number = (last or 0) + 1
    revision.save()
    revision.indications.set(indications)
    added = [
        StoryPhoto.objects.create(
            story=story, image=image, thumbnail=make_thumbnail(image), alt_text=alt
        )
        for image, alt in new_photos
    ]
    revision.photos.set([*kept_photos, *added])
    Story.objects.filter(pk=story.pk).update(current=revision, version=F("version") + 1)
    story.refresh_from_db()
    if not is_new:
        after = outcomes.contribution(story.pk)
        if outcomes.apply_difference(story.pk, before, after):
            content_changed()
    transaction.on_commit(
        lambda: notifications.new_submission(story, revision, is_new=is_new), robust=True
    )
    transaction.on_commit(lambda: notifications.submission_received(story, revision), robust=True)
    return story


def check_for_crisis(revision: StoryRevision, other_texts=()) -> None:
    """Flag a version whose words may be a cry for help (`stories.safety`), before saving."""
    concerns = safety.find_concerns(revision.title, revision.body, *other_texts)
    revision.safety_concerns = [concern.as_dict() for concern in concerns]
    revision.flagged_for_safety = bool(concerns)


def record_safety_verdict(revision: StoryRevision, moderator, verdict: str,
                          note: str = "") -> SafetyVerdict:  # fmt: skip
    """
    A moderator says whether a flagged version was a real crisis or a false alarm (or that
    the check missed one). Logged with the pattern keys that matched, to tune the list.
    """
    return SafetyVerdict.objects.create(
        revision=revision,
        verdict=verdict,
        pattern_keys=[concern["key"] for concern in revision.safety_concerns],
        note=note,
        moderator=moderator,
    )


@transaction.atomic
def withdraw(story: Story) -> None:
    """The author takes the post down: it leaves the site at once."""
    before = outcomes.contribution(story.pk)
    updated = Story.objects.filter(pk=story.pk, withdrawn_at__isnull=True).update(
        status=Story.Status.WITHDRAWN,
        withdrawn_at=timezone.now(),
        version=F("version") + 1,
    )
    if not updated:
        raise NotWithdrawable
    story.refresh_from_db()
    _public_state_changed(story, before)


@transaction.atomic
def restore(story: Story) -> None:
    """
    The author brings back a post they withdrew in the last RESTORE_DAYS. It goes back to
    the moderators, as its last version, and is public again only once approved.
    """
    now = timezone.now()
    updated = Story.objects.filter(
        pk=story.pk,
        status=Story.Status.WITHDRAWN,
        withdrawn_at__gte=now - datetime.timedelta(days=RESTORE_DAYS),
    ).update(
        status=Story.Status.PENDING,
        withdrawn_at=None,
        live=None,
        title="",
        summary="",
        submitted_at=now,
        moderator_message="",
        version=F("version") + 1,
    )
    if not updated:
        raise NotRestorable
    story.refresh_from_db()
    story.indications.clear()
    revision = story.current
    transaction.on_commit(
        lambda: notifications.new_submission(story, revision, is_new=False), robust=True
    )


def _public_state_changed(story: Story, before: outcomes.Contribution) -> None:
    """
    What follows when a post may have appeared on or left the site. `before` is its
    contribution to the outcome tallies read before the change (`outcomes.contribution`).
    """
    sync_story(story)
    if story.is_answer:
        count_answers(story.parent_id)
    outcomes.apply_difference(story.pk, before, outcomes.contribution(story.pk))
    content_changed()


def count_answers(post_id: int) -> None:
    """Count a post's public responses and replies again, for its card."""
    _count(post_id, response_count=Story.objects.public().filter(kind=Kind.RESPONSE),
           reply_count=Story.objects.public().filter(kind=Kind.REPLY))  # fmt: skip


def count_thanks(post_id: int) -> None:
    """Count a post's thanks again (after thanks given, taken back or deleted)."""
    _count(post_id, thanks_count=Thanks.objects.all())


def _count(post_id: int, **counts) -> None:
    """
    Set each count field of a post to the number of rows of its queryset that point at it
    (by `parent` or `story`). The post's row is locked first, so the count (a new
    statement, with a new snapshot) sees every change committed by a transaction that
    held the lock before: two counts at once cannot both miss the other's row.
    """
    Story.objects.select_for_update().filter(pk=post_id).values_list("pk").first()

    def counted(rows):
        link = "parent" if rows.model is Story else "story"
        per_post = rows.filter(**{link: OuterRef("pk")}).order_by().values(link)
        return Coalesce(Subquery(per_post.annotate(n=Count("pk")).values("n")), 0)

    Story.objects.filter(pk=post_id).update(
        **{field: counted(rows) for field, rows in counts.items()}
    )


def _change_if_still_at(story: Story, version: int, **changes) -> None:
    """
    Apply `changes` only if the post is still at the version the moderator saw, and move
    the version on; else someone decided (or the author edited) first: AlreadyDecided.
    """
    updated = Story.objects.filter(pk=story.pk, version=version).update(
        version=F("version") + 1, **changes
    )
    if updated != 1:
        raise AlreadyDecided
    story.refresh_from_db()


def _resolve_open_reports(story: Story) -> None:
    """
    The reports were about the live version and a moderator has now decided on it (kept
    it, replaced it or took it down). A decision on a waiting edit alone leaves them open,
    so a reported post stays in the queue until someone decides on what readers saw.
    """
    story.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


def _log_decision_and_tell_the_author(story: Story, revision: StoryRevision, moderator,
                                      action: str, message: str = "",
                                      reason: str = "") -> ModerationDecision:  # fmt: skip
    decision = ModerationDecision.objects.create(
        story=story,
        revision=revision,
        moderator=moderator,
        action=action,
        message=message,
        reason=reason,
    )
    transaction.on_commit(lambda: notifications.decision_made(decision), robust=True)
    return decision


def _under_review(story: Story) -> StoryRevision:
    """The version a decision is about: the waiting one, else the live one if reported."""
    if story.status == Story.Status.PENDING and story.current_id:
        return story.current
    if story.live_id and story.withdrawn_at is None:
        return story.live
    raise AlreadyDecided


@transaction.atomic
def approve(story: Story, version: int, moderator) -> ModerationDecision:
    if story.version != version or story.status != Story.Status.PENDING:
        raise AlreadyDecided
    revision = story.current
    before = outcomes.contribution(story.pk)
    first_publication = story.published_at is None
    _change_if_still_at(
        story,
        version,
        status=Story.Status.APPROVED,
        live=revision,
        title=revision.title,
        summary=card_summary(revision.body_html),
        published_at=Coalesce(F("published_at"), timezone.now()),
        hidden=False,
        moderator_message="",
    )
    story.indications.set(list(revision.indications.all()))
    _public_state_changed(story, before)
    _drop_stale_quotes(story)
    _resolve_open_reports(story)  # the approved version is what readers see now
    if story.is_answer and first_publication:
        transaction.on_commit(lambda: notifications.answer_published(story), robust=True)
    return _log_decision_and_tell_the_author(story, revision, moderator, Action.APPROVE)


@transaction.atomic
def request_changes(story: Story, version: int, moderator, message: str) -> ModerationDecision:
    if story.version != version or story.status != Story.Status.PENDING:
        raise AlreadyDecided
    revision = story.current
    _change_if_still_at(
        story, version, status=Story.Status.CHANGES_REQUESTED, moderator_message=message
    )
    return _log_decision_and_tell_the_author(
        story, revision, moderator, Action.REQUEST_CHANGES, message
    )


@transaction.atomic
def reject(story: Story, version: int, moderator, reason: str, message: str) -> ModerationDecision:
    """
    Refuse a waiting version, or take down a reported live one. Refusing an edit leaves
    the earlier approved version up; refusing a reported post takes it off the site.
    """
    if story.version != version:
        raise AlreadyDecided
    revision = _under_review(story)
    changes = {"status": Story.Status.REJECTED, "moderator_message": message}
    if revision.pk == story.live_id:
        changes.update(live=None, title="", summary="", published_at=None, hidden=False)
    before = outcomes.contribution(story.pk)
    _change_if_still_at(story, version, **changes)
    if story.live_id is None:
        story.indications.clear()
        _resolve_open_reports(story)  # the reported version is off the site
    _public_state_changed(story, before)
    return _log_decision_and_tell_the_author(
        story, revision, moderator, Action.REJECT, message, reason
    )


@transaction.atomic
def dismiss_reports(story: Story, version: int, moderator) -> ModerationDecision:
    """The reports were unfounded: the post stays, or goes back, up."""
    if story.version != version or not story.live_id or story.withdrawn_at:
        raise AlreadyDecided
    revision = story.live
    before = outcomes.contribution(story.pk)
    _change_if_still_at(story, version, hidden=False)
    _public_state_changed(story, before)
    _resolve_open_reports(story)
    return _log_decision_and_tell_the_author(story, revision, moderator, Action.RESTORE)


@transaction.atomic
def report(story: Story, reporter, reason: str) -> Report:
    """A reader reports a public post once; enough open reports hide it until decided."""
    try:
        with transaction.atomic():
            created = Report.objects.create(story=story, reporter=reporter, reason=reason)
    except IntegrityError:
        raise AlreadyReported from None
    open_reports = story.reports.filter(resolved_at__isnull=True).count()
    if open_reports >= REPORTS_TO_HIDE:
        before = outcomes.contribution(story.pk)
        Story.objects.filter(pk=story.pk).update(hidden=True)
        story.refresh_from_db()
        _public_state_changed(story, before)
    concerns = safety.find_concerns(reason)  # the reader may be the one in crisis
    transaction.on_commit(
        lambda: notifications.new_report(story, open_reports, concerns), robust=True
    )
    return created


def quotable_text(story: Story) -> str:
    return plain_text(story.live.body_html) if story.live_id else ""


def _drop_stale_quotes(story: Story) -> None:
    """After an edit is approved, quotes must still be the author's words, and on topic."""
    text = quotable_text(story)
    indications = set(story.indications.values_list("pk", flat=True))
    for quote in story.quotes.all():
        if quote.passage not in text or quote.indication_id not in indications:
            quote.delete()


def add_quote(story: Story, passage: str, indication, moderator) -> StoryQuote:
    return StoryQuote.objects.create(
        story=story, passage=passage, indication=indication, chosen_by=moderator
    )
