"""
Public forms and listings: whatever a person or a bot sends (search, the story and article
lists, sign-up and sign-in, a story, a report, article feedback, a moderator's decision), the
server answers without a 500. Inputs the properties once found are kept as plain tests.
"""

import traceback
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from cryoinfo.models import Indication
from tests.factories import ArticleFactory, DraftFactory, UserFactory, make_story
from tests.properties.strategies import variants

FORMS = settings(
    max_examples=50,
    # A 20,000-character post on PostgreSQL is slow on a busy machine; these tests look for
    # server errors, and the renderer's speed is checked in test_renderer_properties.py.
    deadline=None,
    derandomize=True,
    database=None,
)


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    """Tests never commit; run the e-mails and other on-commit work inside the request."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


@contextmanager
def fresh_example():
    """
    Each example starts from the same state. Rate-limit counters live in the cache, so it is
    emptied. Examples share the test's transaction, so each runs in a savepoint that is rolled
    back afterwards; that also clears a failed statement on PostgreSQL, which would otherwise
    make every later query in the transaction fail.
    """
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _short(value):
    if isinstance(value, list):
        return [_short(v) for v in value]
    return value if len(value) <= 80 else f"{value[:40]!r} … ({len(value)} characters)"


def check(client: Client, method: str, url: str, data: dict) -> None:
    response = getattr(client, method)(url, data)
    if response.status_code >= 500:
        exc_info = getattr(response, "exc_info", None)
        trace = "".join(traceback.format_exception(*exc_info)) if exc_info else ""
        shown = {k: _short(v) for k, v in data.items()}
        pytest.fail(f"{method.upper()} {url} {shown!r} answered {response.status_code}\n{trace}")


def anonymous() -> Client:
    return Client(raise_request_exception=False)


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def slugs() -> list[str]:
    return list(Indication.objects.order_by("slug").values_list("slug", flat=True))


# Inputs the properties found that gave server errors on PostgreSQL, kept as tests.


def test_article_list_with_a_nul_byte_is_not_found(db):
    check(anonymous(), "get", "/articles/", {"indication": "\x00"})


def test_story_list_with_a_nul_byte_is_not_found(db):
    check(anonymous(), "get", "/stories/", {"indication": "\x00"})


def test_sign_in_with_a_256_character_name_is_refused_politely(db, alice):
    data = {"login": "a" * 256, "password": "correct horse battery staple"}
    check(anonymous(), "post", "/accounts/login/", data)


def test_search_never_fails(db, alice, kidney):
    ArticleFactory.create_batch(3, title="Kidney recovery after freezing", indications=[kidney])
    make_story(alice, title="Home the day after kidney freezing")
    data = variants(
        {"q": "kidney"},
        q=("freezing recovery", "kidneys", "a" * 201, "the", "\x00kidney", '"kidney" OR'),
        type=("article", "story"),
        indication=tuple(slugs()),
        page=("1", "2", "last", "0", "-1", "99999999999999999999"),
    )

    @FORMS
    @given(data=data)
    def search(data):
        with fresh_example():
            check(anonymous(), "get", "/search/", data)

    search()


def test_story_list_never_fails(db, alice, kidney):
    for n in range(3):
        make_story(alice, title=f"My kidney story {n}")
    data = variants(
        {},
        indication=tuple(slugs()),
        kind=("patient", "doctor"),
        page=("1", "2", "last", "0", "-1"),
    )

    @FORMS
    @given(data=data)
    def story_list(data):
        with fresh_example():
            check(anonymous(), "get", "/stories/", data)

    story_list()


def test_article_list_never_fails(db, kidney):
    ArticleFactory.create_batch(3, indications=[kidney])
    data = variants({}, indication=tuple(slugs()), page=("1", "2", "last", "0", "-1"))

    @FORMS
    @given(data=data)
    def article_list(data):
        with fresh_example():
            check(anonymous(), "get", "/articles/", data)

    article_list()


def test_sign_up_never_fails(db, alice):
    password = "a long and unusual passphrase 42"
    data = variants(
        {
            "email": "new@example.org",
            "display_name": "New person",
            "password1": password,
            "password2": password,
        },
        email=("alice@example.org", "ALICE@example.org", "a@b", "x" * 140 + "@example.org"),
        display_name=("Admin", "A", "www.example.org"),
        password1=("short", "new@example.org"),
        website=("https://spam.example",),
    )

    @FORMS
    @given(data=data)
    def sign_up(data):
        with fresh_example():
            check(anonymous(), "post", "/accounts/signup/", data)

    sign_up()


def test_sign_in_never_fails(db, alice):
    data = variants(
        {"login": "alice@example.org", "password": "correct horse battery staple"},
        username=("alice", "ALICE@EXAMPLE.ORG", "nobody"),
        password=("wrong",),
    )

    @FORMS
    @given(data=data)
    def sign_in(data):
        with fresh_example():
            check(anonymous(), "post", "/accounts/login/", data)

    sign_in()


def test_story_submission_never_fails(db, alice):
    client = signed_in(alice)
    body = "I had my kidney tumour frozen last spring and went home the next day. " * 2
    indication_ids = tuple(
        str(pk) for pk in Indication.objects.order_by("pk").values_list("pk", flat=True)
    )
    data = variants(
        {
            "kind": "patient",
            "title": "Home the next day",
            "body": body,
            "indications": indication_ids[0],
            "own_experience": "on",
            "agree_terms": "on",
            "not_advice": "on",
        },
        kind=("doctor",),
        title=("Hi",),
        body=(body + "\n\n" + "1. " * 600, body + "<a " * 6000, "short"),
        indications=indication_ids,
        procedure_year=("2024", "1989", "2100", "3000"),
        approach=("percutaneous", "keyhole"),
        anaesthesia=("general", "local"),
        nights_in_hospital=("1", "91"),
        days_to_usual_activities=("7", "731"),
        pain_after_one_week=("3", "11"),
        complication=("yes", "no", "unsure"),
        would_recommend=("yes", "no", "unsure"),
        show_name=("on",),
        website=("https://spam.example",),
        photo_1=("not a file",),
        alt_1=("A scar two weeks after",),
    )

    @FORMS
    @given(data=data)
    def submit(data):
        with fresh_example():
            check(client, "post", "/stories/submit/", data)

    submit()


def test_story_report_never_fails(db, alice, bob):
    client = signed_in(alice)
    bobs = make_story(bob).pk
    targets = [
        bobs,
        bobs,
        make_story(alice, title="My own post").pk,
        make_story(bob, status="pending").pk,
        999_999,
    ]
    data = variants({"reason": "It gives medical advice."}, reason=("x" * 501,))

    @FORMS
    @given(pk=st.sampled_from(targets), data=data)
    def report(pk, data):
        with fresh_example():
            check(client, "post", f"/stories/{pk}/report/", data)

    report()


def test_article_feedback_never_fails(db):
    published = ArticleFactory().pk
    # Most answers go to a published article; drafts and missing ones must be "not found".
    ids = [published, published, published, DraftFactory().pk, 999_999]
    vote = variants({"helpful": "yes"}, helpful=("no",), comment=("Clear, thank you.", "x" * 1001))
    problem = variants(
        {"message": "The second link is broken."},
        message=("x" * 2001,),
        email=("reader@example.org", "not an address"),
        website=("https://spam.example",),
    )

    @FORMS
    @given(pk=st.sampled_from(ids), data=vote)
    def helpful(pk, data):
        with fresh_example():
            check(anonymous(), "post", f"/feedback/articles/{pk}/helpful/", data)

    @FORMS
    @given(pk=st.sampled_from(ids), data=problem)
    def report_problem(pk, data):
        with fresh_example():
            check(anonymous(), "post", f"/feedback/articles/{pk}/problem/", data)

    helpful()
    report_problem()


def test_moderation_decision_never_fails(db, mo, alice, bob):
    from stories import services

    pending = make_story(alice, status="pending")
    reported = make_story(bob)
    services.report(reported, UserFactory(username="reporter"), "Gives advice.")
    reported.refresh_from_db()
    client = signed_in(mo)
    data = variants(
        {"action": "approve", "version": str(pending.version)},
        action=("request_changes", "reject", "dismiss_reports"),
        version=(str(reported.version), "0", "99999999999999999999"),
        message=("Please add the year.",),
        reason=("advice", "other"),
    )

    @FORMS
    @given(pk=st.sampled_from([pending.pk, reported.pk, 999_999]), data=data)
    def decide(pk, data):
        with fresh_example():
            check(client, "post", f"/moderation/{pk}/decide/", data)

    decide()
