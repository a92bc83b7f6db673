import pytest


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    """Tests run inside a transaction that never commits; queue the e-mails straight away."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )
