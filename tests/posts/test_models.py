import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cryoinfo.models import Indication
from posts.models import Article, Reference
from tests.factories import ArticleFactory, DraftFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def test_next_review_defaults_to_a_year_after_the_last():
    article = ArticleFactory(last_reviewed=datetime.date(2026, 2, 10), next_review_due=None)

    assert article.next_review_due == datetime.date(2027, 2, 10)


def test_review_due_must_come_after_last_review():
    article = DraftFactory.build(
        last_reviewed=datetime.date(2026, 2, 10), next_review_due=datetime.date(2026, 1, 1)
    )

    with pytest.raises(ValidationError) as exc:
        article.full_clean()

    assert "next_review_due" in exc.value.message_dict


def test_database_refuses_a_published_article_without_a_date():
    article = DraftFactory()

    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status="published", published_at=None)


def test_database_refuses_a_picture_without_a_description():
    article = DraftFactory()

    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(hero_image="articles/x.jpg", hero_alt="")


def test_reading_time_is_words_over_two_hundred():
    assert ArticleFactory(body="word " * 1000).reading_minutes == 5
    assert ArticleFactory(body="short").reading_minutes == 1


def test_citations_link_only_to_existing_references():
    article = ArticleFactory(body="See [1] and [2].")
    ReferenceFactory(article=article, position=1)
    article.save()

    assert '<a href="#ref-1">[1]</a>' in article.body_html
    assert "[2]" in article.body_html and 'href="#ref-2"' not in article.body_html


def test_reference_identifiers_become_links():
    ref = ReferenceFactory.build(doi="10.1016/j.cryobiol.2009.10.001", pmid="19932111")

    assert ref.doi_url == "https://doi.org/10.1016/j.cryobiol.2009.10.001"
    assert ref.pubmed_url == "https://pubmed.ncbi.nlm.nih.gov/19932111/"


@pytest.mark.parametrize(("field", "value"), [("doi", "https://doi.org/10.1/x"), ("pmid", "12ab")])
def test_malformed_identifiers_are_refused(field, value):
    ref = ReferenceFactory.build(article=ArticleFactory(), **{field: value})

    with pytest.raises(ValidationError) as exc:
        ref.full_clean()

    assert field in exc.value.message_dict


def test_tagging_by_a_name_that_is_not_an_indication_creates_nothing():
    article = ArticleFactory()

    with pytest.raises(ValueError, match="Unknown indication"):
        article.indications.add("spleen")

    assert not Indication.objects.filter(slug="spleen").exists()
    assert Indication.objects.count() == 5


def test_tagging_by_slug_or_name_uses_the_curated_indication():
    article = ArticleFactory()

    article.indications.set(["kidney", "Liver tumours"])

    assert sorted(article.indications.values_list("slug", flat=True)) == ["kidney", "liver"]
    assert Indication.objects.count() == 5


def test_reference_ordering_follows_position():
    article = ArticleFactory()
    ReferenceFactory(article=article, position=2, title="Second")
    ReferenceFactory(article=article, position=1, title="First")

    assert [r.title for r in Reference.objects.filter(article=article)] == ["First", "Second"]
