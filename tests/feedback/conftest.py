import pytest
from django.urls import reverse

from tests.factories import ArticleFactory


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    """Tests run inside a transaction that never commits; send the e-mails straight away."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


@pytest.fixture
def article(db):
    return ArticleFactory(title="Cryoablation for small kidney tumours", slug="kidney-tumours")


def vote_url(article) -> str:
    return reverse("feedback:vote", args=[article.pk])


def report_url(article) -> str:
    return reverse("feedback:report", args=[article.pk])
