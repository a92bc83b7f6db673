"""
Community posts: patient stories and doctor insights.

A Story is the post; each time its author submits it, a new StoryRevision holds that
version. Moderators decide on a revision. `Story.live` points at the approved revision the
public sees, so an edit to an approved post waits for moderation while the approved
version stays up. Public views go through `Story.objects.public()` only.
"""

from .choices import ANSWER_KINDS, POST_KINDS, Anaesthesia, Answer, Approach, Kind, RejectReason
from .community import Thanks
from .moderation import FollowUpSent, ModerationDecision, Report, SafetyVerdict, StoryQuote
from .photos import StoryPhoto
from .posts import (
    CARD_FIELDS,
    MAX_PHOTOS,
    REPORTS_TO_HIDE,
    RESTORE_DAYS,
    SUMMARY_WORDS,
    TERMS_VERSION,
    Story,
    StoryQuerySet,
    StoryRevision,
    TaggedStory,
    card_summary,
    public_condition,
)
from .tallies import OutcomeTally

__all__ = [
    "ANSWER_KINDS",
    "CARD_FIELDS",
    "MAX_PHOTOS",
    "POST_KINDS",
    "REPORTS_TO_HIDE",
    "RESTORE_DAYS",
    "SUMMARY_WORDS",
    "TERMS_VERSION",
    "Anaesthesia",
    "Answer",
    "Approach",
    "FollowUpSent",
    "Kind",
    "ModerationDecision",
    "OutcomeTally",
    "RejectReason",
    "Report",
    "SafetyVerdict",
    "Story",
    "StoryPhoto",
    "StoryQuerySet",
    "StoryQuote",
    "StoryRevision",
    "TaggedStory",
    "Thanks",
    "card_summary",
    "public_condition",
]
