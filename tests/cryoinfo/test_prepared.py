"""
Prepared queries (cryoinfo.prepared): compiled once, then run with each call's values.

What matters is that a prepared query answers exactly what its queryset would, for every
call, not only the first; that it does not rebuild the queryset; and that it refuses the
queries it could not reuse safely rather than answer them wrongly.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cryoinfo import prepared as prepared_module
from cryoinfo.models import Indication
from cryoinfo.prepared import PreparedQueryError, prepared
from posts.models import Article, Reference
from stories.models import Story
from tests.factories import ArticleFactory, ReferenceFactory, make_story

pytestmark = pytest.mark.django_db


def sql_of(run) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    return [query["sql"] for query in queries]


@pytest.fixture
def counted():
    """A prepared query of stories about some indications, counting its builds."""
    builds = []

    @prepared
    def stories_about(indication_ids):
        builds.append(indication_ids)
        return Story.objects.public().about(indication_ids).order_by("pk")

    stories_about.builds = builds
    return stories_about


def test_each_call_gets_its_own_rows_and_the_queryset_is_built_only_once(alice, counted):
    kidney_story = make_story(alice, title="Kidney", indications=("kidney",))
    liver_story = make_story(alice, title="Liver", indications=("liver",))
    kidney, liver, bone = (Indication.objects.get(slug=s) for s in ("kidney", "liver", "bone"))

    assert counted([kidney.pk]) == [kidney_story]
    assert counted([liver.pk]) == [liver_story]
    assert counted([bone.pk]) == []
    assert len(counted.builds) == 2  # built twice on the first call, to check it, and no more
    assert all(ids != [kidney.pk] for ids in counted.builds)  # with stand-ins, not values


def test_it_sends_the_very_sql_the_queryset_would(alice, counted):
    make_story(alice, indications=("kidney", "liver"))
    ids = list(Indication.objects.filter(slug__in=("kidney", "liver")).values_list("pk", flat=True))
    counted(ids)  # compiled

    prepared_sql = sql_of(lambda: counted(ids))
    plain_sql = sql_of(lambda: list(Story.objects.public().about(ids).order_by("pk")))

    assert prepared_sql == plain_sql


def test_a_list_of_another_length_is_a_query_of_its_own(alice, counted):
    make_story(alice, title="Kidney", indications=("kidney",))
    make_story(alice, title="Bone", indications=("bone",))
    ids = dict(Indication.objects.values_list("slug", "pk"))

    assert [s.title for s in counted([ids["kidney"]])] == ["Kidney"]
    assert [s.title for s in counted([ids["kidney"], ids["bone"]])] == ["Kidney", "Bone"]
    assert [s.title for s in counted([ids["lung"], ids["liver"], ids["bone"]])] == ["Bone"]
    assert len(counted.plans) == 3


def test_an_empty_list_asks_the_database_nothing_as_the_queryset_would(
    alice, django_assert_num_queries
):
    story = make_story(alice)

    @prepared
    def stories(pks):
        return Story.objects.filter(pk__in=pks)

    stories([])
    with django_assert_num_queries(0):
        assert stories([]) == []
    assert stories([story.pk]) == [story]


def test_the_time_passed_in_decides_what_is_published():
    article = ArticleFactory(slug="soon", published_at=timezone.now() + datetime.timedelta(hours=1))

    @prepared
    def published(slug, now):
        return Article.objects.published(now).filter(slug=slug)

    assert published("soon", timezone.now()) == []
    assert published("soon", timezone.now() + datetime.timedelta(hours=2)) == [article]
    assert published("other", timezone.now() + datetime.timedelta(hours=2)) == []


def test_rows_load_as_the_queryset_would_load_them(alice, django_assert_num_queries, counted):
    make_story(alice, title="Kidney", indications=("kidney", "bone"))
    kidney = Indication.objects.get(slug="kidney")

    @prepared
    def cards(indication_ids):
        return Story.objects.public().about(indication_ids).for_cards()

    cards([kidney.pk])
    with django_assert_num_queries(2):  # the stories with authors, then their indications
        (story,) = cards([kidney.pk])
        assert story.author.username == "alice"  # select_related: no query
        assert story.indication_names == ["Kidney tumours", "Bone tumours"]
        assert isinstance(story.published_at, datetime.datetime)  # converted as usual


def test_values_list_rows_come_as_tuples(alice):
    story = make_story(alice, title="Kidney", indications=("kidney",))

    @prepared
    def titles(pks):
        return Story.objects.filter(pk__in=pks).values_list("pk", "title")

    titles([story.pk])
    assert titles([story.pk]) == [(story.pk, "Kidney")]


def test_a_query_that_reads_the_clock_is_refused():
    @prepared
    def published(slug):
        return Article.objects.published().filter(slug=slug)

    with pytest.raises(PreparedQueryError, match="different query each time"):
        published("anything")


def test_a_value_a_lookup_rewrites_is_refused():
    @prepared
    def titled(words):
        return Article.objects.filter(title__icontains=words)

    with pytest.raises(PreparedQueryError, match="does not reach the SQL"):
        titled("freeze")


def test_a_value_a_like_lookup_escapes_is_never_taken_as_a_pattern():
    ArticleFactory(title="fooXbar")
    wanted = ArticleFactory(title="foo_bar")

    @prepared
    def titled(words):
        return Article.objects.filter(title__iexact=words)

    try:  # SQLite escapes it for LIKE, and it is refused; PostgreSQL compares UPPER()s
        assert titled("foo_bar") == [wanted]
    except PreparedQueryError:
        return
    assert titled("FOO_BAR") == [wanted]


def test_a_naive_datetime_is_refused_as_the_field_would_read_it_in_local_time():
    @prepared
    def published(slug, now):
        return Article.objects.published(now).filter(slug=slug)

    with pytest.raises(TypeError, match="aware"):
        published("any", datetime.datetime(2026, 7, 1, 12))


def test_an_int_beyond_a_narrow_columns_range_is_not_kept_as_an_empty_answer():
    reference = ReferenceFactory(year=2020)

    @prepared
    def from_year(year):
        return Reference.objects.filter(year=year)

    assert from_year(2020) == [reference]
    assert from_year(2021) == []
    assert from_year(2020) == [reference]


def test_an_id_no_column_could_hold_finds_nothing_rather_than_fail(alice):
    story = make_story(alice)

    @prepared
    def story_by_id(pk):
        return Story.objects.filter(pk=pk)

    assert story_by_id(story.pk) == [story]
    assert story_by_id(2**70) == []  # as Story.objects.filter(pk=2**70) answers
    assert story_by_id(-(2**64)) == []


@pytest.mark.parametrize("value", [None, True, 1.5, object()])
def test_values_it_cannot_place_are_refused(value):
    @prepared
    def anything(value):
        return Article.objects.filter(pk=value)

    with pytest.raises(TypeError):
        anything(value)


def test_past_its_limit_of_shapes_it_still_answers_rightly(alice, counted, monkeypatch):
    monkeypatch.setattr(prepared_module, "MAX_PLANS", 1)
    story = make_story(alice, indications=("kidney",))
    kidney = Indication.objects.get(slug="kidney")

    assert counted([kidney.pk]) == [story]
    assert counted([kidney.pk, kidney.pk]) == [story]  # a second shape: not kept
    assert len(counted.plans) == 1
