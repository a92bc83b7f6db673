"""
Medical sign-off: readers see only words a named, verified clinician signed off, and
every step is recorded. Every transition, for every role that may or may not take it.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from posts import workflow
from posts.models import Article, ArticleChange, ArticleVersion
from tests.factories import DraftFactory, ReferenceFactory, go_live, medical_reviewer

pytestmark = pytest.mark.django_db

State = ArticleVersion.State
TZ = datetime.UTC


def url(name, article):
    return reverse(f"admin:posts_article_{name}", args=[article.pk])


@pytest.fixture
def draft(editor):
    article = DraftFactory(title="Freezing kidney tumours", body="The probe freezes it [1].")
    ReferenceFactory(article=article, position=1, title="A kidney study")
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def live(draft, editor, reviewer):
    return go_live(draft, reviewer, editor)


def edit(article, **words):
    """The editor changes the working copy, as the admin saves it."""
    for name, value in words.items():
        setattr(article, f"draft_{name}", value)
    article.save()
    workflow.note_edit(article)
    return Article.objects.get(pk=article.pk)


# The editor submits.


def test_editor_submits_the_working_copy_and_it_is_frozen(client, editor, draft):
    client.force_login(editor)

    page = client.get(url("submit", draft))
    response = client.post(url("submit", draft), {"note": "First version, please check doses."})

    assert page.status_code == 200 and "Nothing signed off yet" in page.content.decode()
    assert response.status_code == 302
    version = draft.versions.get()
    assert (version.number, version.state, version.submitted_by) == (1, State.SUBMITTED, editor)
    assert version.title == "Freezing kidney tumours"
    assert version.references[0]["title"] == "A kidney study"
    assert version.note == "First version, please check doses."
    assert Article.objects.get(pk=draft.pk).review_state == Article.ReviewState.IN_REVIEW


def test_a_second_submission_waits_for_the_first(client, editor, draft):
    workflow.submit(draft, editor)
    client.force_login(editor)

    client.post(url("submit", draft), {"note": ""})

    assert draft.versions.count() == 1
    with pytest.raises(workflow.WorkflowError):
        workflow.submit(draft, editor)


@pytest.mark.parametrize("who", ["reviewer", "mo", "alice"])
def test_only_editors_submit(client, draft, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.post(url("submit", draft), {"note": ""})

    assert response.status_code in (302, 403)
    if response.status_code == 302:  # not staff: to the admin's sign-in
        assert response.url.startswith(reverse("admin:login"))
    assert not draft.versions.exists()


def test_anonymous_people_reach_no_step(client, draft, editor):
    version = workflow.submit(draft, editor)
    for name in ("submit", "review", "fix"):
        response = client.post(url(name, draft), {"note": "x", "credentials": "x"})
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert ArticleVersion.objects.get(pk=version.pk).state == State.SUBMITTED


def test_editing_a_version_in_review_withdraws_it(editor, draft):
    version = workflow.submit(draft, editor)

    article = edit(draft, body="Different words now [1].")

    assert ArticleVersion.objects.get(pk=version.pk).state == State.WITHDRAWN
    assert article.review_state == Article.ReviewState.DRAFT


def test_saving_without_changing_the_words_keeps_the_version_in_review(editor, draft):
    version = workflow.submit(draft, editor)
    draft.byline = "Another byline"  # not the words

    article = edit(draft, body=draft.draft_body.replace("\n", "\r\n"))  # as a browser sends

    assert ArticleVersion.objects.get(pk=version.pk).state == State.SUBMITTED
    assert article.review_state == Article.ReviewState.IN_REVIEW


# The reviewer signs off or sends back.


def test_reviewer_sees_what_changed_and_signs_off(client, editor, reviewer, live):
    edit(live, body="The probe freezes the tumour [1].")
    version = workflow.submit(live, editor, note="Clearer wording.")
    client.force_login(reviewer)

    page = client.get(url("review", live)).content.decode()
    response = client.post(
        url("review", live),
        {"credentials": "MD, consultant interventional radiologist", "comments": "",
         "change_note": "Said which tissue the probe freezes.", "next_review_due": "",
         "_sign_off": "1"},
    )  # fmt: skip

    told = [str(m) for m in client.get(response.url).context["messages"]]
    assert told == ["You signed off version 2. Readers see it now."]
    assert "Signed off: version 1, Rita Osei" in page
    assert '<del><span class="visually-hidden">[removed: </span>it ' in page
    assert '<ins><span class="visually-hidden">[added: </span>the tumour ' in page
    assert "Clearer wording." in page
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == State.SIGNED_OFF and version.decided_by == reviewer
    assert version.reviewer_credentials == "MD, consultant interventional radiologist"
    article = Article.objects.get(pk=live.pk)
    # A published article shows the new sign-off at once, with its note for readers.
    assert article.live_version == version
    assert "freezes the tumour" in article.body_html
    assert article.reviewer_name == "Rita Osei"
    assert article.reviewer_account == reviewer
    assert article.last_reviewed == datetime.date.today()
    assert article.next_review_due == datetime.date.today() + datetime.timedelta(days=365)
    assert ArticleChange.objects.get(article=article).description == (
        "Said which tissue the probe freezes."
    )


def test_reviewer_sends_back_with_comments_and_readers_see_no_change(
    client, editor, reviewer, live
):
    edit(live, body="The probe always cures it [1].")
    version = workflow.submit(live, editor)
    client.force_login(reviewer)

    no_comment = client.post(
        url("review", live), {"credentials": "MD", "comments": " ", "_send_back": "1"}
    )
    response = client.post(
        url("review", live),
        {"credentials": "MD", "comments": "It does not always cure: give the numbers.",
         "_send_back": "1"},
    )  # fmt: skip

    assert "Say what needs to change" in no_comment.content.decode()
    assert response.status_code == 302
    told = [str(m) for m in client.get(response.url).context["messages"]]
    assert told == ["Version 2 went back to the editors with your comments."]
    version.refresh_from_db()
    assert version.state == State.SENT_BACK
    article = Article.objects.get(pk=live.pk)
    assert article.review_state == Article.ReviewState.SENT_BACK
    assert "always cures" not in article.body_html
    client.force_login(editor)
    form = client.get(url("change", live)).content.decode()
    assert "It does not always cure: give the numbers." in form
    assert "Sent back by the reviewer" in form


def test_a_draft_signed_off_waits_for_an_editor_to_publish(client, editor, reviewer, draft):
    workflow.submit(draft, editor)
    client.force_login(reviewer)

    client.post(url("review", draft), {"credentials": "MD", "_sign_off": "1"})

    article = Article.objects.get(pk=draft.pk)
    assert article.review_state == Article.ReviewState.APPROVED
    assert article.status == Article.Status.DRAFT and article.live_version is None
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_the_reviewer_cannot_sign_off_their_own_submission(client, reviewer, draft):
    reviewer.user_permissions.add(*editor_permissions())
    version = workflow.submit(draft, reviewer)
    client.force_login(reviewer)

    page = client.get(url("review", draft)).content.decode()
    client.post(url("review", draft), {"credentials": "MD", "_sign_off": "1"})

    assert "another reviewer must review it" in page
    assert ArticleVersion.objects.get(pk=version.pk).state == State.SUBMITTED


def editor_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="posts", codename__in=["change_article", "view_article"]
    )


@pytest.mark.parametrize("who", ["editor", "mo", "admin", "unverified", "not_in_group"])
def test_only_verified_clinicians_in_the_reviewers_group_sign_off(
    client, editor, draft, who, request, admin
):
    from accounts.models import ClinicianProfile

    if who == "unverified":
        person = request.getfixturevalue("reviewer")
        ClinicianProfile.objects.filter(user=person).update(status="pending")
    elif who == "not_in_group":
        person = request.getfixturevalue("reviewer")
        person.groups.remove(Group.objects.get(name=workflow.REVIEWERS_GROUP))
    else:
        person = request.getfixturevalue(who)
    version = workflow.submit(draft, editor)
    client.force_login(person)

    response = client.post(url("review", draft), {"credentials": "MD", "_sign_off": "1"})

    assert response.status_code in (302, 403)
    assert ArticleVersion.objects.get(pk=version.pk).state == State.SUBMITTED
    person = type(person).objects.get(pk=person.pk)  # as a request would load them
    with pytest.raises(workflow.WorkflowError):
        workflow.sign_off(ArticleVersion.objects.get(pk=version.pk), person, credentials="MD")


def test_an_old_review_date_is_refused_next_to_the_field(client, editor, reviewer, draft):
    workflow.submit(draft, editor)
    client.force_login(reviewer)

    response = client.post(
        url("review", draft),
        {"credentials": "MD", "next_review_due": "2020-01-01", "_sign_off": "1"},
    )

    assert "The next review must be after today." in response.content.decode()
    assert 'in <a href="#decision">the form below</a>: nothing was recorded.' in (
        response.content.decode()
    )
    assert draft.versions.get().state == State.SUBMITTED


# Publishing.


def test_publishing_puts_out_the_signed_off_words_not_later_edits(client, editor, reviewer, draft):
    version = workflow.submit(draft, editor)
    workflow.sign_off(version, reviewer, credentials="MD")
    edit(draft, title="An unreviewed title")

    article = Article.objects.get(pk=draft.pk)
    workflow.publish(article)

    article = Article.objects.get(pk=draft.pk)
    assert article.title == "Freezing kidney tumours"
    assert article.draft_title == "An unreviewed title"
    assert article.live_version == version
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Freezing kidney tumours" in page and "An unreviewed title" not in page
    assert "Rita Osei" in page


def test_the_trust_block_names_the_reviewer_and_the_date_of_the_sign_off(client, editor, draft):
    with time_machine.travel(datetime.datetime(2026, 10, 14, 15, tzinfo=TZ), tick=False):
        article = go_live(draft, _reviewer_named("Sam", "Quinn"), editor)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Sam Quinn" in html and "MD, interventional radiologist" in html
    assert 'Reviewed by Sam Quinn on <time datetime="2026-10-14">14 October 2026</time>' in html
    assert "Verified clinician" in html


def _reviewer_named(first, last):
    return medical_reviewer(f"{first}{last}".lower(), first, last)


def test_a_live_article_keeps_its_signed_off_words_through_every_save(editor, live):
    live.title = "Assigned straight to the public field"
    live.body = "Not reviewed."
    live.save()

    article = Article.objects.get(pk=live.pk)
    assert article.title == "Freezing kidney tumours"
    assert "Not reviewed" not in article.body_html


def test_references_readers_see_change_only_with_a_sign_off(client, editor, reviewer, live):
    ref = live.references.get()
    ref.title = "A different study"
    ref.save()

    article = Article.objects.get(pk=live.pk)
    assert article.published_references[0]["title"] == "A kidney study"
    assert "A different study" not in client.get(article.get_absolute_url()).content.decode()
    go_live(article, reviewer, editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "A different study" in html


# Fixes with no change of meaning.


def test_an_editor_marks_a_typing_fix_and_readers_see_it_under_the_standing_sign_off(
    client, editor, live
):
    signed = live.live_version
    edit(live, title="Freezing kidney tumors")  # one word
    client.force_login(editor)

    refused = client.post(url("fix", live), {"note": ""})
    response = client.post(url("fix", live), {"note": "American spelling, as in the source."})

    assert "This field is required" in refused.content.decode()
    assert response.status_code == 302
    article = Article.objects.get(pk=live.pk)
    fix = article.live_version
    assert (fix.state, fix.decided_by, fix.basis) == (State.FIX, editor, signed)
    assert article.title == "Freezing kidney tumors"
    assert article.reviewer_name == signed.reviewer_name
    assert article.last_reviewed == signed.decided_at.date()


def test_a_fix_that_changes_many_words_needs_a_review(client, editor, live):
    edit(live, body="A whole new paragraph " * 10 + "[1].")
    client.force_login(editor)

    response = client.post(url("fix", live), {"note": "Small fix"})

    assert "Submit it for medical review" in response.content.decode()
    assert Article.objects.get(pk=live.pk).live_version.state == State.SIGNED_OFF


@pytest.mark.parametrize("who", ["reviewer", "mo", "alice"])
def test_only_editors_mark_fixes(client, live, who, request):
    edit(live, title="Freezing kidney tumors")
    client.force_login(request.getfixturevalue(who))

    client.post(url("fix", live), {"note": "Spelling"})

    assert Article.objects.get(pk=live.pk).title == "Freezing kidney tumours"


def test_words_a_reviewer_sent_back_cannot_go_out_as_a_fix(client, editor, reviewer, live):
    article = edit(live, title="Freezing kidney tumours away")
    workflow.send_back(workflow.submit(article, editor), reviewer, comments="Not 'away'.")
    client.force_login(editor)

    form = client.get(url("change", article)).content.decode()
    response = client.post(url("fix", article), {"note": "Small wording"})

    assert f'href="{url("fix", article)}"' not in form
    assert "A reviewer sent the last version back" in response.content.decode()
    assert Article.objects.get(pk=live.pk).title == "Freezing kidney tumours"


def test_a_never_signed_off_article_cannot_be_fixed(editor, draft):
    with pytest.raises(workflow.WorkflowError, match="signed off"):
        workflow.mark_fix(draft, editor, note="Spelling")


# The admin shows where each article stands.


def test_the_list_shows_and_filters_by_review_state(client, editor, reviewer, draft, live):
    waiting = DraftFactory(title="Waiting one")
    workflow.submit(waiting, editor)
    client.force_login(reviewer)  # may look

    listing = client.get(reverse("admin:posts_article_changelist"))
    in_review = client.get(reverse("admin:posts_article_changelist"), {"review_state": "in_review"})

    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Waiting for medical review" in html and "Published" in html
    assert [a.draft_title for a in in_review.context["cl"].result_list] == ["Waiting one"]
    form = client.get(url("change", waiting)).content.decode()
    assert f'href="{url("review", waiting)}"' in form  # the reviewer's way in


def test_deleting_an_article_deletes_its_versions(live):
    live.delete()

    assert not ArticleVersion.objects.exists()


def test_the_admin_index_lists_what_waits_for_review(client, editor, reviewer, draft):
    workflow.submit(draft, editor)

    client.force_login(reviewer)
    for_reviewer = client.get(reverse("admin:index")).content.decode()
    client.force_login(editor)
    for_editor = client.get(reverse("admin:index")).content.decode()

    assert f'href="{url("review", draft)}">Freezing kidney tumours</a>' in for_reviewer
    assert f'href="{url("change", draft)}">Freezing kidney tumours</a>' in for_editor
    assert "Version 1, sent" in for_editor


def test_long_unchanged_stretches_are_folded_for_the_reviewer(client, editor, reviewer):
    paragraphs = [f"Paragraph number {n} says something plain." for n in range(12)]
    article = go_live(DraftFactory(body="\n\n".join(paragraphs)), reviewer, editor)
    paragraphs[6] = "Paragraph number 6 now says something new."
    edit(article, body="\n\n".join(paragraphs))
    workflow.submit(article, editor)
    client.force_login(reviewer)

    html = client.get(url("review", article)).content.decode()

    assert '<span class="compare-versions__folded">[3 unchanged paragraphs]</span>' in html
    assert "Paragraph number 0 says" in html and "Paragraph number 11 says" in html
    assert "Paragraph number 5 says" in html and "Paragraph number 7 says" in html  # context
    assert "Paragraph number 3 says" not in html
    assert '<a class="workflow-step__jump" href="#decision">' in html


def test_editor_publishes_a_signed_off_draft_for_a_later_time_from_the_form(
    client, editor, reviewer
):
    from tests.posts.test_admin import article_form

    client.force_login(editor)
    client.post(reverse("admin:posts_article_add"), article_form())
    article = Article.objects.get()
    workflow.sign_off(workflow.submit(article, editor), reviewer, credentials="MD")
    later = timezone.localtime() + datetime.timedelta(days=2)

    response = client.post(
        url("change", article),
        {**article_form(status="published", published_at_0=later.strftime("%Y-%m-%d"),
                        published_at_1="09:00:00"),
         "references-INITIAL_FORMS": "1", "references-0-id": article.references.get().pk,
         "references-0-article": article.pk},
        follow=True,
    )  # fmt: skip

    assert "Published version 1, as signed off." in response.content.decode()
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED and article.live_version.number == 1
    assert article.reviewer_name == "Rita Osei"
    assert article.published_at.date() == later.date()
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404  # not before its time


def test_reviewers_hear_of_a_submission_and_the_editor_of_the_decision(
    editor, reviewer, draft, django_capture_on_commit_callbacks
):
    from django.core import mail

    other = _reviewer_named("Sam", "Quinn")
    with django_capture_on_commit_callbacks(execute=True):
        version = workflow.submit(draft, editor, note="Please check the doses.")
    to_reviewers = sorted(m.to[0] for m in mail.outbox)
    assert to_reviewers == sorted([reviewer.email, other.email])
    message = mail.outbox[0]
    assert "Freezing kidney tumours" in message.subject
    assert f"/admin/posts/article/{draft.pk}/review/" in message.body
    assert "Please check the doses." in message.body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back(version, reviewer, comments="Give the numbers for bleeding.")

    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "sent back" in mail.outbox[0].subject
    assert "Give the numbers for bleeding." in mail.outbox[0].body


def test_a_yearly_review_of_unchanged_words_renews_the_dates(client, editor, reviewer):
    with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=TZ), tick=False):
        article = go_live(DraftFactory(title="Freezing explained"), reviewer, editor)
    assert article.next_review_due == datetime.date(2026, 12, 1)
    client.force_login(editor)

    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=TZ), tick=False):
        page = client.get(url("submit", article)).content.decode()
        client.post(url("submit", article), {"note": "Yearly review."})
        workflow.sign_off(workflow.pending_version(article), reviewer, credentials="MD")

    assert "Submit them anyway for the yearly review" in page
    article = Article.objects.get(pk=article.pk)
    assert article.last_reviewed == datetime.date(2026, 11, 20)
    assert article.next_review_due == datetime.date(2027, 11, 20)
    assert article.content_updated_at is None  # the words did not change
