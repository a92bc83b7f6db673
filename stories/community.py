"""
A post is two-way: clinicians respond to patient stories, readers reply to stories and
insights, and thank their authors. Who may do what is decided here, once, for the views
and the tests; status changes go through `services` like any post's.

Responses and replies are posts themselves (`Kind.RESPONSE`, `Kind.REPLY`, with `parent`
the post they answer): moderated in the same queue, checked for crisis words, withdrawn,
exported and deleted with their author's account like any post. They have no pages of
their own; they show, oldest first and one level deep, under the post they answer.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from cryoinfo.pagecache import content_changed

from . import services
from .models import POST_KINDS, Kind, Story, StoryRevision, Thanks

RESPOND_FOR_TEAM = "stories.respond_for_editorial_team"


class NotAllowed(Exception):
    """What the person tried is not open to them here; the message says why."""


def may_respond(user, post: Story) -> bool:
    """Verified clinicians and the editorial team respond to public patient stories."""
    return (
        user.is_authenticated
        and post.is_public
        and post.kind == Kind.PATIENT
        and post.parent_id is None
        and post.author_id != user.pk
        and (user.is_verified_clinician or user.has_perm(RESPOND_FOR_TEAM))
    )


def may_reply(user, post: Story) -> bool:
    """Signed-in readers reply to public stories and insights whose author allows it."""
    return (
        user.is_authenticated
        and post.is_public
        and post.kind in POST_KINDS
        and post.parent_id is None
        and post.replies_open
    )


def may_thank(user, post: Story) -> bool:
    return (
        user.is_authenticated
        and post.is_public
        and post.kind in POST_KINDS
        and post.author_id != user.pk
    )


def signs_for_team(user, asked: bool) -> bool:
    """
    A response is signed by the editorial team when its writer may sign for the team and
    either asked to or is not a verified clinician (who else would they be?).
    """
    return user.has_perm(RESPOND_FOR_TEAM) and (asked or not user.is_verified_clinician)


def for_team_allowed(user) -> bool:
    """May choose between signing a response with their name and signing it for the team."""
    return user.is_authenticated and user.has_perm(RESPOND_FOR_TEAM) and user.is_verified_clinician


def answer_title(kind: str, post: Story) -> str:
    """What an answer is called in the queue, e-mails and its author's list of posts."""
    what = "Response to" if kind == Kind.RESPONSE else "Reply to"
    return f"{what} “{post.title}”"[:150]


def submit_answer(post: Story, author, kind: str, body: str, *, show_name: bool = True,
                  for_team: bool = False, key=None) -> Story:  # fmt: skip
    """A new response or reply, waiting for a moderator like any post."""
    allowed = may_respond(author, post) if kind == Kind.RESPONSE else may_reply(author, post)
    if not allowed:
        raise NotAllowed
    answer = Story(
        author=author,
        parent=post,
        kind=kind,
        show_name=show_name,
        signed_by_team=kind == Kind.RESPONSE and signs_for_team(author, for_team),
        replies_open=False,  # answers are one level deep
    )
    revision = StoryRevision(title=answer_title(kind, post), body=body, submission_key=key)
    return services.submit(answer, revision, [])


def edit_answer(answer: Story, body: str, *, key=None) -> Story:
    """A new version of a response or reply (after a moderator asked for changes)."""
    revision = StoryRevision(title=answer.current.title, body=body, submission_key=key)
    return services.submit(answer, revision, [])


@transaction.atomic
def thank(post: Story, reader) -> bool:
    """'This helped me': once per reader. False when they had already."""
    if not may_thank(reader, post):
        raise NotAllowed
    try:
        with transaction.atomic():
            Thanks.objects.create(story=post, reader=reader)
    except IntegrityError:
        return False
    services.count_thanks(post.pk)
    return True


@transaction.atomic
def unthank(post: Story, reader) -> bool:
    """Take thanks back. False when there was none."""
    removed, _ = Thanks.objects.filter(story=post, reader=reader).delete()
    # The count follows the deletion (signals.thanks_removed), as for a deleted account.
    return bool(removed)


@transaction.atomic
def mark_helped(response: Story, user, helped: bool = True) -> None:
    """The author of a story says a clinician's response helped them (or takes it back)."""
    if not (response.kind == Kind.RESPONSE and response.is_public):
        raise NotAllowed
    if response.parent.author_id != user.pk:
        raise NotAllowed
    Story.objects.filter(pk=response.pk).update(helped_at=timezone.now() if helped else None)
    content_changed()


@transaction.atomic
def set_replies_open(post: Story, user, is_open: bool) -> None:
    """The author turns replies to their post on or off; published replies stay."""
    if post.author_id != user.pk or post.kind not in POST_KINDS or post.parent_id:
        raise NotAllowed
    Story.objects.filter(pk=post.pk).update(replies_open=is_open)
    content_changed()


def page_context(post: Story, user) -> dict:
    """
    What a post's page shows of its answers and thanks, for this reader: the public
    answers in one query, oldest first; the kinds of the reader's own answers still
    waiting; whether they thanked it. Three queries at most, however many answers; none
    for the answers when the post's counts (kept with every change, see services._count)
    say it has none.
    """
    answers = []
    if post.response_count or post.reply_count:
        answers = list(
            Story.objects.public()
            .answers()
            .filter(parent=post.pk)
            .select_related("live", "author__clinician_profile")
            .order_by("published_at", "pk")
        )
    waiting, thanked = set(), False
    if user.is_authenticated:
        # Only their kinds are shown ("your reply is waiting"), once each.
        waiting = set(
            Story.objects.answers()
            .filter(parent=post.pk, author=user, live__isnull=True, withdrawn_at__isnull=True)
            .exclude(status=Story.Status.REJECTED)
            .values_list("kind", flat=True)
        )
        thanked = Thanks.objects.filter(story=post, reader=user).exists()
    return {
        "responses": [a for a in answers if a.kind == Kind.RESPONSE],
        "replies": [a for a in answers if a.kind == Kind.REPLY],
        "waiting_kinds": waiting,
        "thanked": thanked,
        "may_respond": may_respond(user, post),
        "may_reply": may_reply(user, post),
        "may_thank": may_thank(user, post),
        "for_team_allowed": for_team_allowed(user),
    }
