import itertools

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from feedback.models import HelpfulVote, ProblemReport
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

VOTES = reverse("admin:feedback_helpfulvote_changelist")
REPORTS = reverse("admin:feedback_problemreport_changelist")
PER_ARTICLE = reverse("admin:feedback_articlefeedback_changelist")
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


BROWSERS = itertools.count()


def vote(article, helpful=True, comment=""):
    """An answer from a browser that has not answered before."""
    return HelpfulVote.objects.create(
        article=article, helpful=helpful, comment=comment, voter_hash=f"hash-{next(BROWSERS)}"
    )


@pytest.fixture
def plain_staff(db):
    return UserFactory(username="plainstaff", is_staff=True)


def test_editors_read_answers_with_hostile_comments_escaped(client, editor):
    article = ArticleFactory(title="Liver cryoablation")
    answer = vote(article, helpful=False, comment=HOSTILE)
    client.force_login(editor)

    listing = client.get(VOTES).content.decode()
    detail = client.get(reverse("admin:feedback_helpfulvote_change", args=[answer.pk]))

    for html in (listing, detail.content.decode()):
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "Liver cryoablation" in listing
    assert answer.voter_hash not in detail.content.decode()


def test_answers_can_be_filtered_and_searched(client, editor):
    liver, lung = ArticleFactory(title="Liver"), ArticleFactory(title="Lung")
    vote(liver, True, "Very clear")
    vote(liver, False, "Too long")
    vote(lung, False, "Missing the recovery time")
    client.force_login(editor)

    def comments(**params):
        response = client.get(VOTES, params)
        return sorted(v.comment for v in response.context["cl"].result_list)

    assert comments(helpful__exact="0") == ["Missing the recovery time", "Too long"]
    assert comments(article__id__exact=liver.pk) == ["Too long", "Very clear"]
    assert comments(q="recovery") == ["Missing the recovery time"]


def test_answers_cannot_be_added_or_edited_in_the_admin(client, editor):
    answer = vote(ArticleFactory(), comment="Good")
    client.force_login(editor)

    assert client.get(reverse("admin:feedback_helpfulvote_add")).status_code == 403
    client.post(
        reverse("admin:feedback_helpfulvote_change", args=[answer.pk]),
        {"helpful": "", "comment": "Edited"},
    )

    answer.refresh_from_db()
    assert (answer.helpful, answer.comment) == (True, "Good")


def test_editors_see_counts_and_percent_helpful_per_article(
    client, editor, django_assert_max_num_queries
):
    liked, mixed = ArticleFactory(title="Liked"), ArticleFactory(title="Mixed")
    ArticleFactory(title="Silent")
    for _ in range(3):
        vote(liked, True)
    vote(mixed, True, "Useful")
    vote(mixed, False)
    vote(mixed, False, "Confusing")
    ProblemReport.objects.create(article=mixed, message="Typo")
    ProblemReport.objects.create(article=mixed, message="Old", status="resolved")
    client.force_login(editor)

    with django_assert_max_num_queries(10):
        response = client.get(PER_ARTICLE)

    rows = {
        a.title: (a.yes_count, a.no_count, a.comment_count, a.open_problems)
        for a in response.context["cl"].result_list
    }
    assert rows == {"Liked": (3, 0, 0, 0), "Mixed": (1, 2, 2, 1), "Silent": (0, 0, 0, 0)}
    html = response.content.decode()
    assert "100%" in html and "33%" in html
    assert f"?article__id__exact={mixed.pk}" in html


def test_the_per_article_list_sorts_by_percent_helpful(client, editor):
    low, high = ArticleFactory(title="Low"), ArticleFactory(title="High")
    vote(low, False)
    vote(high, True)
    client.force_login(editor)

    response = client.get(PER_ARTICLE, {"o": "-5"})  # the "% helpful" column, descending

    assert [a.title for a in response.context["cl"].result_list][:2] == ["High", "Low"]


def test_reports_filter_by_status_and_editors_mark_them_resolved(client, editor):
    article = ArticleFactory()
    first = ProblemReport.objects.create(article=article, message="Broken link")
    second = ProblemReport.objects.create(article=article, message=HOSTILE)
    ProblemReport.objects.create(article=article, message="Done", status="resolved")
    client.force_login(editor)

    open_list = client.get(REPORTS, {"status__exact": "open"})
    assert sorted(r.pk for r in open_list.context["cl"].result_list) == [first.pk, second.pk]
    assert "<script>alert" not in open_list.content.decode()

    response = client.post(
        REPORTS, {"action": "mark_resolved", "_selected_action": [first.pk, second.pk]}
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "resolved"
    assert first.resolved_by == editor and first.resolved_at is not None
    assert ProblemReport.objects.filter(status="open").count() == 0


@pytest.mark.parametrize("url", [VOTES, REPORTS, PER_ARTICLE])
def test_staff_who_cannot_edit_articles_and_readers_cannot_see_feedback(
    client, plain_staff, alice, url
):
    client.force_login(plain_staff)
    assert client.get(url).status_code == 403
    client.force_login(alice)
    assert client.get(url).status_code == 302  # to the admin sign-in


def test_staff_given_only_feedback_permissions_still_get_in(client, plain_staff):
    plain_staff.user_permissions.add(Permission.objects.get(codename="view_helpfulvote"))
    client.force_login(plain_staff)

    assert client.get(VOTES).status_code == 200


def test_editors_read_a_report_but_cannot_edit_it(client, editor):
    report = ProblemReport.objects.create(
        article=ArticleFactory(), message=HOSTILE, email="reader@example.org"
    )
    client.force_login(editor)
    url = reverse("admin:feedback_problemreport_change", args=[report.pk])

    html = client.get(url).content.decode()
    client.post(url, {"message": "Rewritten", "status": "resolved"})

    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "reader@example.org" in html
    assert 'name="_save"' not in html
    report.refresh_from_db()
    assert (report.message, report.status) == (HOSTILE, "open")


def test_the_per_article_page_has_a_plain_title(client, editor):
    client.force_login(editor)

    assert "<h1>Answers per article</h1>" in client.get(PER_ARTICLE).content.decode()
