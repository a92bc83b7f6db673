"""The community-posts part of "Download my data" (see accounts/export.py)."""

from typing import Any

from .models import StoryRevision


def _version(revision: StoryRevision) -> dict[str, Any]:
    return {
        "number": revision.number,
        "submitted_at": revision.created_at,
        "title": revision.title,
        "body": revision.body,
        "indications": [i.slug for i in revision.indications.all()],
        "outcome": {name: getattr(revision, name) for name in StoryRevision.OUTCOME_FIELDS},
        "photos": [
            {"description": photo.alt_text, "width": photo.width, "height": photo.height}
            for photo in revision.photos.all()
        ],
        "flagged_for_safety_review": revision.flagged_for_safety,
        "safety_flag_reasons": [concern["reason"] for concern in revision.safety_concerns],
        "safety_verdicts": [
            {"verdict": verdict.verdict, "decided_at": verdict.decided_at}
            for verdict in revision.safety_verdicts.all()
        ],
    }


def stories_data(user) -> dict[str, Any]:
    stories = user.stories.prefetch_related(
        "revisions__indications", "revisions__photos", "revisions__safety_verdicts", "decisions"
    ).order_by("created_at")
    posts = []
    for story in stories:
        posts.append(
            {
                "id": story.pk,
                "kind": story.kind,
                "status": story.status,
                "shown_with_my_name": story.show_name,
                "public": story.is_public,
                "live_version": story.live.number if story.live_id else None,
                "created_at": story.created_at,
                "published_at": story.published_at,
                "withdrawn_at": story.withdrawn_at,
                "consent": {
                    "terms_version": story.consent_terms_version,
                    "given_at": story.consented_at,
                },
                "message_from_moderators": story.moderator_message,
                "versions": [_version(r) for r in story.revisions.all()],
                # Decisions about your posts, without naming the moderator.
                "decisions": [
                    {
                        "decision": d.action,
                        "reason": d.reason,
                        "message": d.message,
                        "decided_at": d.decided_at,
                    }
                    for d in story.decisions.all()
                ],
            }
        )
    reports = [
        {"post": r.story_id, "reason": r.reason, "reported_at": r.created_at}
        for r in user.reports_made.order_by("created_at")
    ]
    return {"posts": posts, "reports_made": reports}
