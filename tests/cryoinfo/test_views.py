import datetime

import pytest
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cryoinfo.models import Indication
from tests.factories import ArticleFactory, DraftFactory

pytestmark = pytest.mark.django_db


def test_home_explains_cryoablation_and_lists_indications_and_latest_articles(client):
    ArticleFactory(title="Fresh guide")
    DraftFactory(title="Hidden draft")

    response = client.get("/")
    content = response.content.decode()

    assert response.status_code == 200
    assert "What it is" in content and "How it works" in content and "When it is used" in content
    for name in ["Kidney tumours", "Liver tumours", "Lung tumours", "Bone tumours", "Nerve pain"]:
        assert name in content
    assert "Fresh guide" in content
    assert "Hidden draft" not in content


def test_home_query_count(client, kidney, django_assert_max_num_queries):
    ArticleFactory.create_batch(20, indications=[kidney])

    with django_assert_max_num_queries(4):
        client.get("/")


def test_page_shell_has_landmarks_skip_link_and_navigation(client):
    content = client.get("/").content.decode()

    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main"' in content
    assert '<nav class="site-nav" aria-label="Main">' in content
    assert "<footer" in content
    for label in ["Articles", "Indications", "Search", "Sign in"]:
        assert f">{label}</a>" in content
    assert 'href="/medical-disclaimer/"' in content and 'href="/privacy/"' in content
    assert "style=" not in content
    assert "<script" not in content


def test_indication_list_shows_the_five_in_order(client):
    response = client.get(reverse("indication_list"))

    names = [i.name for i in response.context["indications"]]
    assert names == [
        "Kidney tumours",
        "Liver tumours",
        "Lung tumours",
        "Bone tumours",
        "Nerve pain",
    ]


def test_indication_hub_describes_it_and_lists_only_its_published_articles(client, kidney, liver):
    ArticleFactory(title="Kidney guide", indications=[kidney])
    ArticleFactory(title="Liver guide", indications=[liver])
    DraftFactory(title="Kidney draft", indications=[kidney])

    response = client.get("/indications/kidney/")
    content = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Cryoablation for kidney tumours</h1>" in content
    assert "Small kidney tumours are often found by chance" in content
    assert "Kidney guide" in content
    assert "Liver guide" not in content
    assert "Kidney draft" not in content


def test_indication_hub_query_count(client, kidney, django_assert_max_num_queries):
    ArticleFactory.create_batch(30, indications=[kidney])

    with django_assert_max_num_queries(5):
        client.get("/indications/kidney/")


@pytest.mark.parametrize("count", [9, 10])
def test_indication_hub_shows_the_newest_articles_and_links_to_the_rest(client, kidney, count):
    for n in range(count):
        ArticleFactory(title=f"Kidney guide {n}", indications=[kidney])

    content = client.get("/indications/kidney/").content.decode()

    shown = [n for n in range(count) if f"Kidney guide {n}<" in content]
    assert len(shown) == 9
    link = 'href="/articles/?indication=kidney">All articles about kidney tumours</a>'
    assert (link in content) == (count > 9)


def test_unknown_indication_is_404(client):
    assert client.get("/indications/spleen/").status_code == 404


def test_indication_overview_markdown_is_sanitised(client, kidney):
    kidney.overview = "Safe text <script>alert(1)</script> [bad](javascript:alert(1))"
    kidney.save()

    content = client.get("/indications/kidney/").content.decode()

    assert "Safe text" in content
    assert "<script>alert(1)" not in content
    assert "javascript:" not in content


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/about/", "About CryoInfo"),
        ("/editorial-policy/", "Editorial policy"),
        ("/medical-disclaimer/", "Medical disclaimer"),
        ("/privacy/", "Privacy"),
    ],
)
def test_policy_pages(client, url, heading):
    response = client.get(url)

    assert response.status_code == 200
    content = response.content.decode()
    assert f"<h1>{heading}</h1>" in content
    assert "<h2" in content


def test_search_finds_published_articles_by_every_word(client):
    ArticleFactory(title="Freezing kidney tumours", body="Small tumours are frozen.")
    ArticleFactory(title="Liver ablation", body="Heat is used more often.")
    DraftFactory(title="Draft about kidney tumours")

    response = client.get(reverse("search"), {"q": "kidney tumours"})

    assert [a.title for a in response.context["page"].object_list] == ["Freezing kidney tumours"]
    assert "1 result for “kidney tumours”" in response.content.decode()


@pytest.mark.parametrize(
    "query", ['"', "' OR 1=1 --", "a" * 5000, "kid\x00ney", "<script>alert(1)</script>", "*", "%"]
)
def test_search_survives_hostile_queries(client, query):
    ArticleFactory(title="Kidney guide")

    response = client.get(reverse("search"), {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_too_long_query_gets_a_message_next_to_the_field(client):
    content = client.get(reverse("search"), {"q": "x" * 201}).content.decode()

    assert 'aria-describedby="search-error"' in content
    assert "at most 200 characters" in content


def test_search_with_no_results_suggests_indications(client):
    content = client.get(reverse("search"), {"q": "zebra"}).content.decode()

    assert "Nothing matched" in content
    assert 'href="/indications/kidney/"' in content


def test_healthz_reports_every_service_as_json(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert set(data["checks"]) == {"database", "cache", "tasks", "mail", "storage"}
    assert all(check["status"] == "ok" for check in data["checks"].values())
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("cryoinfo.health.connection.cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["database"] == {
        "status": "down", "error": "DatabaseError", "milliseconds": pytest.approx(0, abs=1000)
    }  # fmt: skip


def test_healthz_is_degraded_but_200_when_the_cache_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Redis is not answering")

    monkeypatch.setattr("cryoinfo.health.cache.set", refuse)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"]["status"] == "down"


@pytest.mark.django_db(transaction=True)
def test_healthz_shows_a_stopped_worker_and_mail_waiting_to_retry(client, settings):
    from django_tasks_db.models import DBTaskResult

    from cryoinfo.mail import deliver

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    message = {"subject": "S", "body": "B", "to": ["a@example.org"], "reply_to": []}
    deliver.enqueue(message)
    deliver.using(run_after=timezone.now() + datetime.timedelta(hours=1)).enqueue(message, 2)
    # The worker has been stopped for twenty minutes.
    DBTaskResult.objects.filter(args_kwargs__args=[message]).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=20)
    )

    checks = client.get("/healthz").json()["checks"]

    assert checks["tasks"]["status"] == "degraded"
    assert checks["tasks"]["oldest_due_seconds"] >= 20 * 60
    assert checks["mail"] == {"status": "degraded", "waiting_to_retry": 1,
                              "milliseconds": checks["mail"]["milliseconds"]}  # fmt: skip


def test_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")

    assert "Sorry, something went wrong" in html
    assert 'href="/"' in html


def test_server_error_handler_returns_the_friendly_page(client, monkeypatch):
    client.raise_request_exception = False

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("pages.views.all_indications", boom)

    response = client.get(reverse("indication_list"))

    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def test_indications_come_from_a_migration():
    assert list(Indication.objects.values_list("slug", flat=True)) == [
        "kidney", "liver", "lung", "bone", "nerve-pain",
    ]  # fmt: skip


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_database_that_is_down_gives_our_503_page_not_an_error(
    client, alice, signed_in, monkeypatch
):
    from django.db import OperationalError

    if signed_in:
        client.force_login(alice)
    client.raise_request_exception = False

    def refused(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refused)

    response = client.get("/stories/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "We will be back in a moment" in html and "Traceback" not in html


def test_healthz_answers_head_for_load_balancers(client):
    assert client.head("/healthz").status_code == 200
