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


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source():
    """
    The source of axe-core, installed by `npm ci` from package-lock.json (`make install`
    does it when npm is there). Without it the accessibility checks skip, saying why.
    """
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (needs npm: apt-get install npm)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def moderators_group(indications):
    """
    The "Moderators" group is migration data too, which the transactional tests' flush
    empties. Put it back with its permissions (post_migrate has recreated those).
    """
    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module("stories.migrations.0002_moderators_group")
    group, _ = Group.objects.get_or_create(name=migration.GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="stories", codename__in=migration.PERMISSIONS
        )
    )
