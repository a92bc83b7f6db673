"""An indication's hub: its overview, stored as HTML when saved, and what the page costs."""

import pytest
from django.test import Client

from cryoinfo.markdown import render_markdown
from cryoinfo.models import Indication
from cryoinfo.pagecache import HEADER
from tests.factories import ArticleFactory, UserFactory, make_story

pytestmark = pytest.mark.django_db

HUB = "/indications/kidney/"


def test_the_starter_indications_have_their_overview_rendered():
    # Filled by the migration that added the stored HTML, for rows written before it.
    indications = Indication.objects.all()

    assert len(indications) == 5
    for indication in indications:
        assert indication.overview_html.startswith("<p>")
        assert indication.overview_html == render_markdown(indication.overview).html


def test_saving_an_indication_renders_its_overview_to_safe_html(kidney):
    kidney.overview = (
        "Freezing is **quick**.\n\n"
        '<script>alert("x")</script><img src=x onerror=alert(1)>\n\n'
        "[Evil](javascript:alert(1)) and [NHS](https://www.nhs.uk/)"
    )
    kidney.save()

    kidney.refresh_from_db()
    assert "<p>Freezing is <strong>quick</strong>.</p>" in kidney.overview_html
    assert "<script" not in kidney.overview_html
    assert "onerror" not in kidney.overview_html
    assert "javascript:" not in kidney.overview_html
    assert 'href="https://www.nhs.uk/" rel="nofollow noopener noreferrer"' in kidney.overview_html


def test_saving_only_the_overview_updates_its_html(kidney):
    kidney.overview = "Now *shorter*."
    kidney.save(update_fields=["overview"])

    kidney.refresh_from_db()
    assert kidney.overview_html == "<p>Now <em>shorter</em>.</p>"


def test_the_hub_shows_the_stored_overview(client, kidney):
    kidney.overview = "A new overview with a [link](/articles/)."
    kidney.save()

    content = client.get(HUB).content.decode()

    assert (
        '<div class="prose hub__overview"><p>A new overview with a <a href="/articles/">link</a>.'
        "</p></div>"
    ) in content
    assert "Small kidney tumours are often found by chance" not in content


def test_an_overview_edited_in_the_admin_shows_on_the_kept_hub_at_once(client, admin, kidney):
    assert Client().get(HUB)[HEADER] == "miss"
    assert Client().get(HUB)[HEADER] == "hit"
    client.force_login(admin)

    response = client.post(
        f"/admin/cryoinfo/indication/{kidney.pk}/change/",
        {
            "name": kidney.name,
            "slug": kidney.slug,
            "description": kidney.description,
            "overview": "Edited in the **admin**.",
            "display_order": kidney.display_order,
        },
    )

    assert response.status_code == 302
    kidney.refresh_from_db()
    assert kidney.overview_html == "<p>Edited in the <strong>admin</strong>.</p>"
    page = Client().get(HUB)
    assert page[HEADER] == "miss"
    assert "<p>Edited in the <strong>admin</strong>.</p>" in page.content.decode()


def test_a_new_indication_gets_a_hub_with_its_overview(client):
    Indication.objects.create(
        name="Spleen", slug="spleen", description="A test.", overview="About the *spleen*."
    )

    content = client.get("/indications/spleen/").content.decode()

    assert "<p>About the <em>spleen</em>.</p>" in content


def test_the_hub_with_articles_stories_and_charts_takes_at_most_six_queries(
    client, kidney, django_assert_max_num_queries
):
    ArticleFactory.create_batch(12, indications=[kidney])
    authors = [UserFactory() for _ in range(3)]
    for n in range(8):
        make_story(authors[n % 3], title=f"Story {n}", days_to_usual_activities=n)

    # Indications, articles and their indications, stories and theirs, the outcome counts.
    with django_assert_max_num_queries(6):
        response = client.get(HUB)

    content = response.content.decode()
    assert content.count('<article class="card">') == 9
    assert content.count('<article class="card card--story">') == 6
    assert 'id="chart-days-title"' in content


def test_article_cards_on_the_hub_show_title_summary_indications_and_reading_time(
    client, kidney, liver
):
    ArticleFactory(
        title="After the freeze",
        summary="What the first week is like.",
        body="word " * 600,
        indications=[kidney, liver],
    )

    content = client.get(HUB).content.decode()

    assert "After the freeze</a>" in content
    assert '<p class="card__summary">What the first week is like.</p>' in content
    assert '<span class="chip chip--small">Kidney tumours</span>' in content
    assert '<span class="chip chip--small">Liver tumours</span>' in content
    assert "3 min read" in content
