"""
Demo community posts for `manage.py seed_demo`: every kind and status, and enough
approved patient stories with outcome answers for every indication to draw charts from.
Every post says in its text that it is a demo.
"""

import random

from django.db import transaction

from cryoinfo.models import Indication

from . import services
from .models import Kind, Story, StoryRevision

DEMO_MARK = (
    "*This is a demo post written for CryoInfo's sample data; "
    "it is not a real person's experience.*"
)

# Per indication: (typical nights in hospital, typical days to usual activities, pain).
PROFILES = {
    "kidney": ((0, 1, 1, 2), (5, 7, 10, 14, 21), (1, 2, 3, 4)),
    "liver": ((1, 1, 2, 3), (7, 10, 14, 21), (2, 3, 4, 5)),
    "lung": ((1, 1, 2, 4), (7, 10, 14, 28), (2, 3, 4, 6)),
    "bone": ((0, 1, 1), (3, 5, 7, 14), (2, 3, 4, 5)),
    "nerve-pain": ((0, 0, 0), (1, 2, 3, 5), (0, 1, 2, 3)),
}
OPENINGS = {
    "kidney": "A scan for something else found a small lump on my kidney.",
    "liver": "My liver tumour was small but in an awkward place for surgery.",
    "lung": "I was not fit enough for an operation on my lung.",
    "bone": "The pain from the tumour in my hip had stopped me sleeping.",
    "nerve-pain": "My knee had ached for years and painkillers were no longer enough.",
}


def _story_text(slug: str, days: int, nights: int) -> str:
    stay = "went home the same day" if nights == 0 else f"stayed {nights} night(s)"
    return (
        f"{OPENINGS[slug]} My team talked me through the options and we chose "
        f"cryoablation. It was done with a thin probe guided by a scan, and I {stay}. "
        f"I felt back to my usual self after about {days} days.\n\n"
        "My advice is simply to ask your team every question you have.\n\n" + DEMO_MARK
    )


@transaction.atomic
def create_demo_stories(*, patient, doctor, moderator, others=()) -> int:
    """Create the demo posts once; returns how many were created (0 if already there)."""
    if Story.objects.filter(revisions__body__contains=DEMO_MARK).exists():
        return 0
    rng = random.Random(2026)  # the same demo every time
    created = 0
    authors = [patient, *others]
    for slug, (nights, days, pains) in PROFILES.items():
        indication = Indication.objects.filter(slug=slug)
        for n in range(6):
            night, day, pain = rng.choice(nights), rng.choice(days), rng.choice(pains)
            revision = StoryRevision(
                title=f"{indication.get().name}: my experience, part {n + 1} (demo)",
                body=_story_text(slug, day, night),
                procedure_year=rng.choice([2022, 2023, 2024, 2025]),
                approach="percutaneous",
                anaesthesia=rng.choice(["general", "sedation", "local"]),
                nights_in_hospital=night,
                days_to_usual_activities=day,
                pain_after_one_week=pain,
                complication=rng.choice(["no", "no", "no", "yes", "unsure"]),
                would_recommend=rng.choice(["yes", "yes", "yes", "unsure", "no"]),
            )
            story = Story(author=authors[(n + created) % len(authors)], kind=Kind.PATIENT)
            services.submit(story, revision, indication)
            services.approve(story, story.version, moderator)
            created += 1

    insights = [
        ("kidney", "Choosing between freezing and surgery for small kidney tumours (demo)"),
        ("nerve-pain", "What I tell patients before cryoneurolysis for knee pain (demo)"),
    ]
    for slug, title in insights:
        story = Story(author=doctor, kind=Kind.DOCTOR)
        body = (
            "In my clinic, the decision depends on the size and position of the tumour, the "
            "person's other health problems, and what matters most to them. I always explain "
            "the follow-up scans, because they are part of the treatment.\n\n" + DEMO_MARK
        )
        services.submit(story, StoryRevision(title=title, body=body),
                        Indication.objects.filter(slug=slug))  # fmt: skip
        services.approve(story, story.version, moderator)
        created += 1

    def waiting(title, author=patient):
        story = Story(author=author, kind=Kind.PATIENT)
        body = "I am still recovering and wanted to share how the first weeks went.\n\n" + DEMO_MARK
        services.submit(story, StoryRevision(title=title, body=body),
                        Indication.objects.filter(slug="kidney"))  # fmt: skip
        return story

    waiting("Two weeks after my kidney treatment (demo, waiting for review)")
    waiting("My first week at home (demo, waiting for review)", author=(*others, patient)[0])
    story = waiting("Recovery diary (demo, changes requested)")
    services.request_changes(
        story, story.version, moderator, "Thank you! Could you add which year this was?"
    )
    story = waiting("The best clinic in town (demo, rejected)")
    services.reject(
        story, story.version, moderator, "promotion",
        "We do not publish recommendations of particular clinics.",
    )  # fmt: skip
    return created + 4
