import pytest
from django.urls import reverse

from stories.models import Story
from tests.factories import UserFactory, make_story

pytestmark = pytest.mark.django_db

LIST = reverse("stories:list")


def titles(response) -> list[str]:
    return [s.title for s in response.context["page"].object_list]


def test_list_shows_only_approved_posts_newest_first(client, alice):
    make_story(alice, title="Older approved")
    make_story(alice, title="Newer approved")
    for status in ["pending", "changes_requested", "rejected", "withdrawn"]:
        make_story(alice, status=status, title=f"A {status} post")

    response = client.get(LIST)

    assert titles(response) == ["Newer approved", "Older approved"]
    for status in ["pending", "changes_requested", "rejected", "withdrawn"]:
        assert f"A {status} post" not in response.content.decode()


def test_list_filters_by_indication_and_kind(client, alice):
    make_story(alice, title="Kidney story", indications=["kidney"])
    make_story(alice, title="Liver story", indications=["liver"])
    Story.objects.filter(title="Liver story").update(kind="doctor")

    assert titles(client.get(LIST, {"indication": "kidney"})) == ["Kidney story"]
    assert titles(client.get(LIST, {"kind": "doctor"})) == ["Liver story"]
    assert titles(client.get(LIST, {"kind": "nonsense"})) == ["Liver story", "Kidney story"]
    assert client.get(LIST, {"indication": "spleen"}).status_code == 404


def older_pages(client, params=None):
    """Follow "Older stories" from the newest page to the end: the titles of each page."""
    pages, query = [], dict(params or {})
    while True:
        response = client.get(LIST, query)
        pages.append(titles(response))
        page = response.context["page"]
        if not page.older:
            return pages
        assert f"before={page.older}" in response.content.decode()
        query = {**(params or {}), "before": page.older}


@pytest.mark.parametrize("same_time", [False, True])
def test_older_pages_show_every_story_once_newest_first(client, alice, same_time):
    for n in range(30):
        make_story(alice, title=f"Story {n}")
    if same_time:  # a tie on the time is settled by the id
        Story.objects.update(published_at=Story.objects.first().published_at)

    pages = older_pages(client)

    assert [len(p) for p in pages] == [12, 12, 6]
    assert [title for page in pages for title in page] == [f"Story {n}" for n in range(29, -1, -1)]


def test_newer_pages_lead_back_to_the_newest(client, alice):
    stories = [make_story(alice, title=f"Story {n}") for n in range(30)]

    third = client.get(LIST, {"before": stories[6].pk})
    second = client.get(LIST, {"after": third.context["page"].newer})
    newest = client.get(LIST, {"after": second.context["page"].newer})

    assert titles(third) == [f"Story {n}" for n in range(5, -1, -1)]
    assert titles(second) == [f"Story {n}" for n in range(17, 5, -1)]
    assert titles(newest) == [f"Story {n}" for n in range(29, 17, -1)]
    assert newest.context["page"].is_first and not second.context["page"].is_first
    html = second.content.decode()
    assert 'rel="prev"' in html and 'rel="next"' in html and "Newest" in html


def test_older_pages_keep_the_filters(client, alice):
    for n in range(14):
        make_story(alice, title=f"Kidney {n}", indications=["kidney"])
        make_story(alice, title=f"Liver {n}", indications=["liver"])

    pages = older_pages(client, {"indication": "kidney"})
    first = client.get(LIST, {"indication": "kidney"}).content.decode()

    assert [title for page in pages for title in page] == [f"Kidney {n}" for n in range(13, -1, -1)]
    assert 'href="?indication=kidney&amp;before=' in first


@pytest.mark.parametrize(
    "query", [{"before": "abc"}, {"before": "0"}, {"after": "-3"}, {"before": "99999999"},
              {"before": str(2**64)}, {"after": "1" * 400}, {"page": "99"},
              {"before": "²"}, {"after": "١٢"}, {"before": "9" * 5000}],
)  # fmt: skip
def test_an_unknown_place_in_the_list_gives_the_newest_page(client, alice, query):
    for n in range(13):
        make_story(alice, title=f"Story {n}")

    response = client.get(LIST, query)

    assert response.status_code == 200
    assert titles(response)[0] == "Story 12" and len(titles(response)) == 12


def test_a_page_past_the_oldest_story_gives_the_newest_page(client, alice):
    stories = [make_story(alice, title=f"Story {n}") for n in range(3)]

    assert titles(client.get(LIST, {"before": stories[0].pk})) == ["Story 2", "Story 1", "Story 0"]


def test_deep_pages_cost_as_many_queries_as_the_first(client, alice, django_assert_max_num_queries):
    stories = [make_story(alice, title=f"Story {n}") for n in range(40)]

    with django_assert_max_num_queries(5):
        response = client.get(LIST, {"before": stories[20].pk, "indication": "kidney"})

    assert titles(response)[0] == "Story 19"


@pytest.mark.parametrize("rows", [5, 40])
def test_list_query_count_does_not_grow(client, rows, django_assert_max_num_queries):
    authors = [UserFactory() for _ in range(4)]
    for n in range(rows):
        make_story(authors[n % 4], title=f"Story {n}", indications=["kidney", "lung"])

    with django_assert_max_num_queries(5):
        response = client.get(LIST)

    assert "Lung tumours" in response.content.decode()


def test_story_page_shows_the_approved_version_outcome_and_disclaimer(client, alice):
    story = make_story(
        alice, title="Ten days to the garden", days_to_usual_activities=10,
        pain_after_one_week=2, would_recommend="yes", approach="percutaneous",
    )  # fmt: skip

    html = client.get(story.get_absolute_url()).content.decode()

    assert "<h1>Ten days to the garden</h1>" in html
    assert "By Alice" in html
    assert "Days until back to usual activities" in html
    assert "Through the skin (needle)" in html
    assert "not medical advice" in html
    assert 'href="/indications/kidney/"' in html


def test_story_page_shows_reference_articles_for_its_indications(
    client, alice, kidney, liver, django_assert_max_num_queries
):
    from tests.factories import ArticleFactory, DraftFactory

    ArticleFactory(title="Kidney reference", indications=[kidney])
    ArticleFactory(title="Liver reference", indications=[liver])
    DraftFactory(title="Kidney draft", indications=[kidney])
    story = make_story(alice, indications=["kidney"])

    with django_assert_max_num_queries(6):
        html = client.get(story.get_absolute_url()).content.decode()

    assert "Kidney reference" in html
    assert "Liver reference" not in html and "Kidney draft" not in html


def test_anonymous_posts_hide_the_name(client, alice):
    story = make_story(alice)
    Story.objects.filter(pk=story.pk).update(show_name=False)

    html = client.get(story.get_absolute_url()).content.decode()

    assert "By Anonymous" in html
    assert "Alice" not in html


@pytest.mark.parametrize("status", ["pending", "changes_requested", "rejected", "withdrawn"])
def test_unpublished_posts_are_not_found_for_the_public_and_other_users(client, alice, bob,
                                                                         status):  # fmt: skip
    story = make_story(alice, status=status)

    assert client.get(story.get_absolute_url()).status_code == 404
    client.force_login(bob)
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["alice", "mo"])
def test_author_and_moderators_can_preview_an_unpublished_post(client, request, alice, who):
    story = make_story(alice, status="pending", title="Still waiting")
    client.force_login(request.getfixturevalue(who))

    html = client.get(story.get_absolute_url()).content.decode()

    assert "Still waiting" in html
    assert "Not public." in html


def test_home_and_hub_show_approved_stories(client, alice):
    make_story(alice, title="Shown on the hub", indications=["kidney"])
    make_story(alice, status="pending", title="Not shown")

    home = client.get("/").content.decode()
    hub = client.get("/indications/kidney/").content.decode()
    other_hub = client.get("/indications/liver/").content.decode()

    assert "Shown on the hub" in home and "Shown on the hub" in hub
    assert "Not shown" not in home and "Not shown" not in hub
    assert "Shown on the hub" not in other_hub


def test_links_off_the_site_in_a_story_say_a_reader_wrote_them(client, alice):
    story = make_story(alice, body="I read [the NHS page](https://www.nhs.uk/) and [ours](/).")

    html = client.get(story.get_absolute_url()).content.decode()

    assert '<a href="https://www.nhs.uk/" rel="nofollow ugc noopener noreferrer">' in html
    assert '<a href="/">ours</a>' in html


def test_stories_stored_before_ugc_links_are_rewritten_in_place(alice):
    from importlib import import_module

    from django.apps import apps

    from stories.models import StoryRevision

    migration = import_module("stories.migrations.0014_user_links_ugc")
    story = make_story(alice, body="See [the NHS](https://www.nhs.uk/).")
    old = story.live.body_html.replace(migration.NEW, migration.OLD)
    StoryRevision.objects.filter(pk=story.live_id).update(body_html=old)

    migration.rewrite(migration.OLD, migration.NEW)(apps, None)

    story.live.refresh_from_db()
    assert migration.OLD in old
    assert story.live.body_html == old.replace(migration.OLD, migration.NEW)
