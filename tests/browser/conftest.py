"""
Browser tests drive Debian's Chromium through Playwright against a live test server.

They are skipped, with the reason printed, when /usr/bin/chromium is missing; `.ci/run`
installs it, so CI always runs them.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps

CHROMIUM = Path("/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(reason="Chromium is not installed: apt-get install chromium")
                )


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the live server's database
    # work happens in its own thread, so Django's async-safety check does not apply here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture(autouse=True)
def indications(transactional_db):
    """
    Browser tests need a live server, so they run in transactional tests, which empty the
    tables afterwards, migration data included. Put the five indications back each time.
    """
    migration = importlib.import_module("cryoinfo.migrations.0002_create_indications")
    migration.create_indications(apps, None)
