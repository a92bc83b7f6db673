import hashlib

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from feedback import views
from feedback.models import HelpfulVote
from tests.factories import ArticleFactory, DraftFactory

from .conftest import report_url, vote_url

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(("answer", "helpful"), [("yes", True), ("no", False)])
def test_an_answer_creates_one_row_and_goes_back_to_the_feedback_box(
    client, article, answer, helpful
):
    response = client.post(vote_url(article), {"helpful": answer, "comment": "  Clear, thanks.  "})

    assert response.status_code == 302
    assert response.url == "/articles/kidney-tumours/#feedback"
    vote = HelpfulVote.objects.get()
    assert (vote.article, vote.helpful, vote.comment) == (article, helpful, "Clear, thanks.")
    assert messages_of(response) == [views.THANKS_YES if helpful else views.THANKS_NO]


def test_the_same_browser_answering_again_is_not_counted_twice(client, article):
    client.post(vote_url(article), {"helpful": "yes"})

    again = client.post(vote_url(article), {"helpful": "no", "comment": "Changed my mind"})

    assert again.url == "/articles/kidney-tumours/#feedback"
    assert messages_of(again)[-1] == "Thanks, we already have your answer for this page."
    vote = HelpfulVote.objects.get()
    assert (vote.helpful, vote.comment) == (True, "")


def test_another_browser_is_counted_and_one_browser_may_answer_on_other_articles(client, article):
    other_article = ArticleFactory()

    client.post(vote_url(article), {"helpful": "yes"})
    client.post(vote_url(other_article), {"helpful": "no"})
    Client().post(vote_url(article), {"helpful": "no"})

    assert HelpfulVote.objects.filter(article=article).count() == 2
    assert HelpfulVote.objects.filter(article=other_article).count() == 1


def test_drafts_future_and_unknown_articles_take_no_answers(client, editor):
    draft = DraftFactory()
    client.force_login(editor)  # even editors, who may preview the draft

    assert client.post(vote_url(draft), {"helpful": "yes"}).status_code == 404
    assert client.post("/feedback/articles/999999/helpful/", {"helpful": "yes"}).status_code == 404
    assert not HelpfulVote.objects.exists()


def test_an_answer_without_the_csrf_token_is_refused(article):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(vote_url(article), {"helpful": "yes"})

    assert response.status_code == 403
    assert not HelpfulVote.objects.exists()


def test_the_form_on_the_article_page_carries_a_working_csrf_token(article):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(article.get_absolute_url())
    token = page.context["csrf_token"]

    response = browser.post(vote_url(article), {"helpful": "yes", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert HelpfulVote.objects.count() == 1


def test_the_vote_address_only_takes_posts(client, article):
    assert client.get(vote_url(article)).status_code == 405


def test_a_comment_over_1000_characters_is_refused_and_kept(client, article):
    response = client.post(vote_url(article), {"helpful": "no", "comment": "x" * 1001})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Please keep your comment to 1,000 characters (it has 1001)." in html
    assert "x" * 1001 in html  # kept in the box, to shorten
    assert not HelpfulVote.objects.exists()


def test_line_breaks_count_once_as_the_browser_counts_them(client, article):
    comment = "\r\n".join(["y" * 99] * 10)  # 999 characters in the box, 1017 bytes sent

    client.post(vote_url(article), {"helpful": "no", "comment": comment})

    assert HelpfulVote.objects.get().comment == comment.replace("\r\n", "\n")


def test_an_answer_without_yes_or_no_asks_for_one(client, article):
    response = client.post(vote_url(article), {"helpful": "maybe", "comment": "Hmm"})

    assert response.status_code == 400
    assert "Choose Yes or No." in response.content.decode()
    assert not HelpfulVote.objects.exists()


def test_a_hostile_comment_is_stored_as_typed(client, article):
    comment = '<script>alert("hi")</script> & <b>bold</b>'

    client.post(vote_url(article), {"helpful": "no", "comment": comment})

    assert HelpfulVote.objects.get().comment == comment


def test_the_21st_answer_from_one_address_in_an_hour_is_not_saved(article):
    for _ in range(20):  # twenty different browsers behind one address
        assert Client().post(vote_url(article), {"helpful": "yes"}).status_code == 302

    limited = Client().post(vote_url(article), {"helpful": "no"})
    elsewhere = Client(REMOTE_ADDR="192.0.2.7").post(vote_url(article), {"helpful": "no"})

    assert limited.url == "/articles/kidney-tumours/#feedback"
    assert messages_of(limited) == [views.VOTE_LIMITED]
    assert elsewhere.status_code == 302
    assert HelpfulVote.objects.filter(helpful=True).count() == 20
    assert HelpfulVote.objects.filter(helpful=False).count() == 1


def test_the_browser_cookie_is_signed_http_only_and_only_its_hash_is_stored(client, article):
    response = client.post(vote_url(article), {"helpful": "yes"})

    cookie = response.cookies[views.VOTER_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    request = RequestFactory().get("/")
    request.COOKIES[views.VOTER_COOKIE] = cookie.value
    token = request.get_signed_cookie(views.VOTER_COOKIE, salt=views.VOTER_SALT)
    assert len(token) >= 40 and cookie.value.startswith(token + ":")  # token:time:signature
    stored = HelpfulVote.objects.get().voter_hash
    assert token not in stored and cookie.value not in stored
    assert stored == hashlib.sha256(f"{article.pk}:{token}".encode()).hexdigest()


def test_one_browser_leaves_a_different_hash_on_each_article(client, article):
    client.post(vote_url(article), {"helpful": "yes"})
    client.post(vote_url(ArticleFactory()), {"helpful": "yes"})

    assert len(set(HelpfulVote.objects.values_list("voter_hash", flat=True))) == 2


def test_a_forged_cookie_is_replaced_not_trusted(client, article):
    client.cookies[views.VOTER_COOKIE] = "forged-token"

    response = client.post(vote_url(article), {"helpful": "yes"})

    assert response.cookies[views.VOTER_COOKIE].value != "forged-token"
    assert HelpfulVote.objects.count() == 1


def test_the_article_page_shows_both_forms_with_their_labels(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    assert '<section class="feedback" id="feedback"' in html
    assert "Was this page helpful?" in html
    assert f'action="/feedback/articles/{article.pk}/helpful/"' in html
    assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html
    assert '<label for="id_vote_comment">Anything to add?' in html
    assert 'maxlength="1000"' in html
    assert "Report a problem with this page" in html
    assert f'action="/feedback/articles/{article.pk}/problem/"' in html
    assert '<label for="id_report_message">What is wrong?</label>' in html
    assert '<label for="id_report_email">Your e-mail address' in html
    assert 'name="website"' in html
    assert html.count('name="csrfmiddlewaretoken"') >= 2


def test_the_box_stays_blank_for_the_next_reader_after_a_refused_report(client, article):
    refused = client.post(report_url(article), {"message": "", "email": "jo@@example"})
    assert "Tell us what is wrong with the page." in refused.content.decode()

    html = Client().get(article.get_absolute_url()).content.decode()

    box = html[html.index('id="feedback"') :]
    assert "jo@@example" not in box
    assert "field-error" not in box
    assert '<label for="id_report_message">What is wrong?</label>' in box


def test_after_answering_the_page_thanks_instead_of_asking_again(client, article):
    client.post(vote_url(article), {"helpful": "no"})

    just_after = client.get(article.get_absolute_url()).content.decode()
    later = client.get(article.get_absolute_url()).content.decode()

    # The thank-you is shown in the feedback box, where the redirect lands, as well as on top.
    feedback_box = just_after[just_after.index('id="feedback"') :]
    assert views.THANKS_NO in feedback_box
    assert "You told us this page did not help. Thank you for answering." in later
    for html in (just_after, later):
        assert 'name="helpful"' not in html
        assert "Report a problem with this page" in html


def test_an_editor_previewing_a_draft_sees_no_forms(client, editor):
    draft = DraftFactory()
    client.force_login(editor)

    html = client.get(draft.get_absolute_url()).content.decode()

    assert "Readers can answer and report problems here once the article is published." in html
    assert 'name="helpful"' not in html and 'name="message"' not in html


def test_the_include_renders_with_just_the_article_and_no_query(article, django_assert_num_queries):
    request = RequestFactory().get(article.get_absolute_url())

    with django_assert_num_queries(0):
        html = render_to_string(
            "feedback/article_feedback.html", {"article": article}, request=request
        )

    assert "Was this page helpful?" in html
    assert "What is wrong?" in html
