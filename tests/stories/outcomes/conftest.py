"""Fixtures for the outcome tests."""

from contextlib import contextmanager

import pytest
from django.db import transaction

# Taken when this module is imported, before tests/stories/conftest.py makes on_commit run
# callbacks at once for each test.
REAL_ON_COMMIT = transaction.on_commit


@pytest.fixture
def committed(monkeypatch, django_capture_on_commit_callbacks):
    """
    A block whose on-commit callbacks wait, as in production, until it ends, then run in
    order as after a commit (the test's own transaction never commits).
    """

    @contextmanager
    def block():
        with monkeypatch.context() as patched:
            patched.setattr("django.db.transaction.on_commit", REAL_ON_COMMIT)
            with django_capture_on_commit_callbacks(execute=True):
                yield

    return block
