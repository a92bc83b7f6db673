import re

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from posts.models import Article, ArticleVersion
from posts.starter import read_starter, sign_off_starter, starter_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def starter(reviewer):
    """The starter library, loaded and signed off by a reviewer, as `make run` does."""
    call_command("load_starter_content")
    sign_off_starter(reviewer, "MD, consultant interventional radiologist")


def test_starter_content_waits_for_a_medical_sign_off(client):
    call_command("load_starter_content")

    assert not Article.objects.published().exists()
    waiting = ArticleVersion.objects.filter(state=ArticleVersion.State.SUBMITTED)
    assert waiting.count() == Article.objects.count() >= 7
    assert client.get("/articles/what-is-cryoablation/").status_code == 404


def test_starter_content_publishes_seven_articles_with_references(starter, reviewer):
    articles = Article.objects.published()
    assert articles.count() >= 7
    assert {
        "what-is-cryoablation",
        "cryoablation-for-kidney-tumours",
        "cryoablation-for-liver-tumours",
        "cryoablation-for-lung-tumours",
        "cryoablation-for-bone-tumours",
        "cryoneurolysis-for-nerve-pain",
        "cryoablation-compared-with-other-treatments",
    } <= set(articles.values_list("slug", flat=True))
    for article in articles:
        assert article.references.count() >= 3, article.slug
        assert len(article.published_references) == article.references.count()
        assert article.toc, article.slug
        assert article.last_reviewed and article.next_review_due
        assert article.reviewer_name == "Rita Osei"
        assert article.reviewer_account == reviewer


def test_each_indication_has_its_own_starter_article(starter):
    for slug in ["kidney", "liver", "lung", "bone", "nerve-pain"]:
        assert Article.objects.published().filter(indications__slug=slug).count() >= 2, slug


def test_comparison_article_has_a_table():
    call_command("load_starter_content")

    html = Article.objects.get(slug="cryoablation-compared-with-other-treatments").body_html
    assert "<table>" in html
    for treatment in ["Surgery", "Radiofrequency", "Microwave", "Medicines"]:
        assert treatment in html


def test_what_is_cryoablation_links_its_mention_of_the_comparison_guide(client, starter):
    guide = Article.objects.get(slug="cryoablation-compared-with-other-treatments")

    html = client.get("/articles/what-is-cryoablation/").content.decode()

    assert (
        f'<a href="{guide.get_absolute_url()}">guide comparing cryoablation with other '
        "treatments</a>" in html
    )
    assert client.get(guide.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("path", starter_files(), ids=lambda p: p.stem)
def test_links_between_starter_articles_point_at_starter_articles(path):
    slugs = {read_starter(p)["slug"] for p in starter_files()}

    linked = re.findall(r"\]\(/articles/([^/)]+)/\)", read_starter(path)["body"])

    assert set(linked) <= slugs


@pytest.mark.parametrize("path", starter_files(), ids=lambda p: p.stem)
def test_every_citation_points_at_a_reference(path):
    data = read_starter(path)
    cited = {int(n) for n in re.findall(r"\[(\d+)\](?![\[(])", data["body"])}

    assert cited, "an article should cite its sources"
    assert cited <= set(range(1, len(data["references"]) + 1))
    for ref in data["references"]:
        assert ref["authors"] and ref["title"] and ref["source"]


def test_loading_twice_changes_nothing_and_keeps_editors_changes():
    call_command("load_starter_content")
    article = Article.objects.get(slug="what-is-cryoablation")
    article.draft_title = "Edited by an editor"
    article.save()
    count = Article.objects.count()

    call_command("load_starter_content")

    assert Article.objects.count() == count
    article.refresh_from_db()
    assert article.draft_title == "Edited by an editor"
    assert article.references.count() == len(
        read_starter(next(p for p in starter_files() if p.stem == "what-is-cryoablation"))[
            "references"
        ]
    )


def test_seed_demo_creates_the_four_demo_accounts(settings):
    settings.DEBUG = True

    call_command("seed_demo")
    call_command("seed_demo")

    users = {u.username: u for u in User.objects.all()}
    sign_ins = {"admin", "moderator", "patient", "doctor"}
    assert sign_ins <= set(users)
    assert all(name.startswith("demo-") for name in set(users) - sign_ins)  # the posts' authors
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not users["patient"].is_staff
    assert users["doctor"].email == "doctor@example.org"
    assert all(u.check_password("cryoinfo-demo") for u in users.values())


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="refuses to run"):
        call_command("seed_demo")

    assert not User.objects.exists()


def test_seed_demo_force_runs_with_debug_off(settings):
    settings.DEBUG = False

    call_command("seed_demo", "--force")

    assert User.objects.filter(username="admin").exists()
