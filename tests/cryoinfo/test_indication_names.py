"""Cards show each post's indications, loaded for a whole list in one query."""

import pytest

from cryoinfo.models import Indication, attach_indication_names
from posts.models import Article
from stories.models import Story
from tests.factories import ArticleFactory, make_story

pytestmark = pytest.mark.django_db


def test_names_come_in_display_order_whatever_order_they_were_tagged(alice):
    Indication.objects.filter(slug="lung").update(display_order=1)
    Indication.objects.filter(slug="bone").update(display_order=2)
    Indication.objects.filter(slug="kidney").update(display_order=3)
    make_story(alice, indications=("kidney", "bone", "lung"))

    stories = list(Story.objects.public())
    attach_indication_names(stories)
    (story,) = stories

    assert story.indication_names == ["Lung tumours", "Bone tumours", "Kidney tumours"]


def test_a_whole_list_costs_one_extra_query(alice, django_assert_num_queries):
    for n in range(5):
        make_story(alice, title=f"Story {n}", indications=("kidney", "liver"))
    make_story(alice, title="Untagged", indications=())

    with django_assert_num_queries(2):
        stories = list(Story.objects.public())
        attach_indication_names(stories)

    names = {story.title: story.indication_names for story in stories}
    assert names["Story 3"] == ["Kidney tumours", "Liver tumours"]
    assert names["Untagged"] == []


def test_each_row_gets_its_own_names():
    ArticleFactory(title="On kidneys", indications=["kidney"])
    ArticleFactory(title="On bones", indications=["bone"])

    articles = list(Article.objects.published().order_by("title")[:2])
    attach_indication_names(articles)

    assert [(a.title, a.indication_names) for a in articles] == [
        ("On bones", ["Bone tumours"]),
        ("On kidneys", ["Kidney tumours"]),
    ]


def test_rows_loaded_without_it_show_no_chips_rather_than_fail(alice):
    make_story(alice, indications=("kidney",))

    assert Story.objects.public().get().indication_names == ()


def test_article_and_story_cards_get_their_names_in_one_query_together(
    alice, django_assert_num_queries
):
    Indication.objects.filter(slug="bone").update(display_order=1)
    Indication.objects.filter(slug="kidney").update(display_order=2)
    ArticleFactory(indications=["kidney", "bone"])
    make_story(alice, indications=("liver",))
    articles = list(Article.objects.published().for_cards())
    stories = list(Story.objects.public().for_cards())

    with django_assert_num_queries(1):
        attach_indication_names(articles, stories)

    assert articles[0].indication_names == ["Bone tumours", "Kidney tumours"]
    assert stories[0].indication_names == ["Liver tumours"]


def test_rows_of_the_same_id_in_two_lists_keep_their_own_names(alice):
    story = make_story(alice, indications=("liver",))
    ArticleFactory(id=story.pk, indications=["lung"])
    articles = list(Article.objects.published().for_cards())
    stories = list(Story.objects.public().for_cards())

    attach_indication_names(articles, stories)

    assert (articles[0].pk, articles[0].indication_names) == (story.pk, ["Lung tumours"])
    assert stories[0].indication_names == ["Liver tumours"]


def test_empty_lists_ask_nothing(alice, django_assert_num_queries):
    stories = list(Story.objects.public().for_cards())
    make_story(alice, indications=("liver",))
    with_rows = list(Story.objects.public().for_cards())

    with django_assert_num_queries(0):
        attach_indication_names([], stories)
    with django_assert_num_queries(1):
        attach_indication_names([], with_rows)
    assert with_rows[0].indication_names == ["Liver tumours"]
