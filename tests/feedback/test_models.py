import pytest

from feedback.models import HelpfulVote, helpful_summary
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def answer(article, helpful: bool, n: int) -> None:
    for i in range(n):
        HelpfulVote.objects.create(
            article=article, helpful=helpful, voter_hash=f"{article.pk}-{helpful}-{i}"
        )


def test_helpful_summary_counts_yes_and_no_per_article_in_one_query(
    django_assert_num_queries,
):
    first, second, unanswered = ArticleFactory(), ArticleFactory(), ArticleFactory()
    answer(first, True, 3)
    answer(first, False, 1)
    answer(second, False, 2)

    with django_assert_num_queries(1):
        summary = helpful_summary([first.pk, second.pk, unanswered.pk])

    assert summary == {first.pk: (3, 1), second.pk: (0, 2), unanswered.pk: (0, 0)}


def test_helpful_summary_of_no_articles_is_empty_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert helpful_summary([]) == {}
