import pytest

from stories.outcomes import tallies


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    """
    Tests run inside a transaction that never commits, so callbacks waiting for the commit
    (the e-mails) would never run. Run them at once instead.
    """
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


@pytest.fixture
def recounts(monkeypatch):
    """The full recounts of the outcome tallies done (`refresh_tallies`), one item each."""
    done = []
    real = tallies.refresh_tallies

    def counting():
        done.append(1)
        return real()

    monkeypatch.setattr(tallies, "refresh_tallies", counting)
    return done
