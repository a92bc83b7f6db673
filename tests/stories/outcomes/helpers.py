"""
What the outcome tests share: the pages, ways to make stories with answers, and ways to read
the stored tallies (`OutcomeTally`) beside what a full recount would store.
"""

import re

from django.test import Client
from django.urls import reverse

from cryoinfo.models import Indication
from stories import services
from stories.models import OutcomeTally, Story, StoryRevision, TaggedStory
from stories.outcomes import refresh_tallies, tallies
from tests.factories import UserFactory, make_story

HUB = "/indications/kidney/"
LIST = reverse("indication_list")
PASSWORD = "correct horse battery staple"  # UserFactory's
SLUGS = ["kidney", "liver", "lung", "bone", "nerve-pain"]
BODY = "I had my kidney tumour frozen last spring and went home the next day."


# Stories and pages


def stories_with(author, question: str, answers, **kwargs) -> None:
    for answer in answers:
        make_story(author, **{question: answer}, **kwargs)


def bars(summary) -> list[tuple[str, int, int]]:
    return [(bar.label, bar.count, bar.percent) for bar in summary.bars]


def compact(html: str) -> str:
    """The page with runs of whitespace made single spaces, to find text across lines."""
    return re.sub(r"\s+", " ", html)


def client_for(user):
    other = Client()
    other.force_login(user)
    return other


def edit(story: Story, *, indications, kind="patient", **answers) -> Story:
    """The author submits a new version of the post, as the edit form does."""
    story = Story.objects.get(pk=story.pk)
    story.kind = kind
    revision = StoryRevision(title="Home the next day", body=BODY, **answers)
    return services.submit(story, revision, Indication.objects.filter(slug__in=indications))


def hide(story: Story) -> None:
    for n in range(3):
        services.report(story, UserFactory(username=f"reader{n}"), "Gives advice.")


# The stored tallies


def stored() -> dict[str, tuple[int, dict]]:
    return {
        row.indication.slug: (row.stories, row.answers)
        for row in OutcomeTally.objects.select_related("indication")
    }


def counted() -> dict[str, tuple[int, dict]]:
    """What a full recount would store, without storing it."""
    counts = tallies._tally(TaggedStory.objects.all())
    return {
        indication.slug: (
            counts.get(indication.pk, tallies._Tally()).stories,
            tallies._encode(counts.get(indication.pk, tallies._Tally())),
        )
        for indication in Indication.objects.all()
    }


def assert_stored_tallies_are_fresh() -> None:
    """What is stored is what counting the stories again gives."""
    kept = stored()
    refresh_tallies()
    assert kept == stored()
    assert set(kept) == {"kidney", "liver", "lung", "bone", "nerve-pain"}


def no_group_by(captured) -> bool:
    return not any("GROUP BY" in query["sql"].upper() for query in captured.captured_queries)
