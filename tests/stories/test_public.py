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


def test_list_paginates_keeping_filters(client, alice):
    for n in range(13):
        make_story(alice, title=f"Story {n}")

    first = client.get(LIST, {"indication": "kidney"})
    beyond = client.get(LIST, {"page": "99"})

    assert len(first.context["page"].object_list) == 12
    assert 'href="?indication=kidney&amp;page=2"' in first.content.decode()
    assert beyond.status_code == 200 and beyond.context["page"].number == 2


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
