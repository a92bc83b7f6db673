"""The card grids (templates/*/includes/*_cards.html): every value escaped, as designed."""

import re

import pytest

from cryoinfo.models import Indication
from stories.models import Story
from tests.factories import ArticleFactory, UserFactory, make_story

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def test_a_story_card_escapes_everything_a_person_typed(client):
    author = UserFactory(username="mallory", display_name=HOSTILE)
    story = make_story(author, title=HOSTILE, body=f"`{HOSTILE}`")
    Indication.objects.filter(slug="kidney").update(name=HOSTILE)

    html = client.get("/stories/").content.decode()

    assert "<script>" not in html.split("<main", 1)[1]
    assert "<b>bold</b>" not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    assert f">{escaped}</a></h2>" in html  # title, under the page's h1
    assert f"By {escaped} · <time" in html  # byline
    assert f'<span class="chip chip--small">{escaped}</span>' in html
    assert story.summary == HOSTILE  # the code span, as text
    assert f'<p class="card__summary">{escaped}</p>' in html


def squeeze(html: str) -> str:
    """The page's markup with the template's indentation between tags taken out."""
    return re.sub(r">\s+<", "><", html)


def test_a_story_card_shows_kind_link_date_summary_and_chips(client, alice):
    story = make_story(alice, title="Home the next day", kind="doctor", indications=("lung",))
    story = Story.objects.get(pk=story.pk)

    html = squeeze(client.get("/").content.decode())

    day = story.published_at.date()
    assert (
        '<article class="card card--story">'
        '<p class="card__kind"><span class="kind kind--doctor">Doctor insight</span></p>'
        f'<h3 class="card__title"><a href="/stories/{story.pk}/">Home the next day</a></h3>'
        f'<p class="card__byline">By Alice · <time datetime="{day.isoformat()}">'
    ) in html
    assert (
        '<p class="card__meta"><span class="visually-hidden">Indications:</span>'
        '<span class="chip chip--small">Lung tumours</span></p></article>'
    ) in html


def test_an_article_card_shows_title_summary_chips_and_reading_time(client):
    ArticleFactory(title="Freezing & you", summary="What <it> is.", indications=["bone"])

    html = client.get("/articles/").content.decode()

    assert ">Freezing &amp; you</a></h2>" in html
    assert '<p class="card__summary">What &lt;it&gt; is.</p>' in html
    # A space between the chips and the reading time, so they never run together.
    assert re.search(
        r'<span class="chip chip--small">Bone tumours</span>\s+<span class="card__reading">1 min',
        html,
    )
