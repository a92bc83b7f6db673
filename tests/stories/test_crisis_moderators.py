"""
Moderators and a post that may be a cry for help: the alert e-mail, the queue that puts it
first, the review page that highlights the words that matched, and the verdicts they log
to tune the check (who may give one, what is kept, the report, the migration, the export).
"""

import importlib
import json

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from stories import services
from stories.models import SafetyVerdict
from tests.factories import make_story
from tests.stories.helpers_crisis import CRY, QUEUE, review_url, verdict_url
from tests.stories.test_submit import SUBMIT, story_form

pytestmark = pytest.mark.django_db


# Moderators -----------------------------------------------------------------------------


def test_the_alert_email_says_so_in_its_subject_and_quotes_the_sentence(client, alice, mo):
    client.force_login(alice)

    client.post(SUBMIT, story_form(title="Kidney, a year on", body=CRY * 2))

    [alert] = [m for m in mail.outbox if m.to == [mo.email]]
    assert alert.subject.startswith("SAFETY – possible crisis, please read first.")
    assert alert.subject.endswith("New post waiting for review: Kidney, a year on")
    assert 'Thoughts of suicide: "Some nights I have thought about ending my life."' in alert.body


def test_an_ordinary_alert_has_an_ordinary_subject(client, alice, mo):
    client.force_login(alice)

    client.post(SUBMIT, story_form())

    [alert] = [m for m in mail.outbox if m.to == [mo.email]]
    assert alert.subject == "New post waiting for review: Back to gardening in ten days"
    assert "SAFETY" not in alert.body


def test_a_flagged_post_goes_to_the_top_of_the_queue_with_its_reason_and_sentence(
    client, alice, bob, mo
):
    oldest = make_story(alice, status="pending", title="Oldest ordinary post")
    reported = make_story(bob, title="Reported and published")
    for reader in ("r1", "r2"):
        from tests.factories import UserFactory

        services.report(reported, UserFactory(username=reader), "Off topic")
    flagged = make_story(bob, status="pending", title="Newest, in crisis", body=CRY)
    client.force_login(mo)

    response = client.get(QUEUE)

    assert [s.pk for s in response.context["stories"]] == [flagged.pk, oldest.pk, reported.pk]
    html = response.content.decode()
    assert "Safety: thoughts of suicide" in html
    assert "“Some nights I have thought about <mark>ending my life</mark>.”" in html
    assert html.index("Newest, in crisis") < html.index("Oldest ordinary post")


def test_a_published_flagged_post_reported_later_does_not_jump_the_queue(client, alice, bob, mo):
    older = make_story(alice, status="pending", title="Waiting since Monday")
    was_flagged = make_story(bob, body=CRY, moderator=mo)  # approved after a moderator read it
    from tests.factories import UserFactory

    services.report(was_flagged, UserFactory(username="r1"), "Upsetting")
    client.force_login(mo)

    stories = list(client.get(QUEUE).context["stories"])

    assert [s.pk for s in stories] == [older.pk, was_flagged.pk]


def test_the_review_page_highlights_each_matched_sentence(client, alice, mo):
    story = make_story(
        alice, status="pending", body="I want to die. The scan was fine. I keep thinking "
        "about hurting myself <script>alert(1)</script>."
    )  # fmt: skip
    client.force_login(mo)

    html = client.get(review_url(story)).content.decode()

    assert "Safety: this post may be a cry for help" in html
    assert "“I <mark>want to die</mark>.”" in html
    assert "<mark>thinking about hurting myself</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert f'href="mailto:{alice.email}"' in html


# Verdicts -------------------------------------------------------------------------------


@pytest.mark.parametrize("verdict", ["crisis", "false_alarm"])
def test_a_moderator_logs_whether_it_was_a_crisis(client, alice, mo, verdict):
    story = make_story(alice, status="pending", body=CRY)
    client.force_login(mo)

    response = client.post(
        verdict_url(story),
        {"safety-verdict": verdict, "safety-version": "1", "safety-note": "Talked to them"},
    )

    assert response.status_code == 302
    logged = SafetyVerdict.objects.get()
    assert logged.verdict == verdict
    assert logged.revision == story.current
    assert logged.moderator == mo
    assert logged.pattern_keys == ["end-my-life"]
    assert logged.note == "Talked to them"
    html = client.get(review_url(story)).content.decode()
    assert logged.get_verdict_display() in html and "Talked to them" in html


def test_a_crisis_the_check_missed_is_logged_as_a_miss(client, alice, mo):
    story = make_story(alice, status="pending", body="I have been having very dark thoughts.")
    client.force_login(mo)
    html = client.get(review_url(story)).content.decode()
    assert "Did the safety check miss something?" in html

    client.post(verdict_url(story), {"safety-verdict": "crisis", "safety-version": "1"})

    logged = SafetyVerdict.objects.get()
    assert logged.verdict == "crisis" and logged.pattern_keys == []
    assert "(missed by the check)" in client.get(review_url(story)).content.decode()


def test_a_bad_verdict_is_refused_next_to_the_buttons_and_nothing_is_logged(client, alice, mo):
    story = make_story(alice, status="pending", body=CRY)
    client.force_login(mo)

    response = client.post(verdict_url(story), {"safety-verdict": "maybe", "safety-version": "1"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not SafetyVerdict.objects.exists()


def test_a_verdict_on_a_version_the_post_does_not_have_is_a_404(client, alice, mo):
    story = make_story(alice, status="pending", body=CRY)
    client.force_login(mo)

    response = client.post(verdict_url(story), {"safety-verdict": "crisis", "safety-version": "9"})

    assert response.status_code == 404
    assert not SafetyVerdict.objects.exists()


@pytest.mark.parametrize("version", ["0", "-1", "99999999999999999999", "abc", ""])
def test_a_verdict_on_a_nonsense_version_is_refused_without_an_error(client, alice, mo, version):
    story = make_story(alice, status="pending", body=CRY)
    client.force_login(mo)

    response = client.post(
        verdict_url(story), {"safety-verdict": "crisis", "safety-version": version}
    )

    assert response.status_code == 400
    assert not SafetyVerdict.objects.exists()


def test_anonymous_people_are_sent_to_sign_in_before_giving_a_verdict(client, alice):
    story = make_story(alice, status="pending", body=CRY)

    response = client.post(verdict_url(story), {"safety-verdict": "crisis", "safety-version": "1"})

    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not SafetyVerdict.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "editor"])
def test_only_moderators_give_verdicts(client, request, alice, who):
    story = make_story(alice, status="pending", body=CRY)
    client.force_login(request.getfixturevalue(who))

    response = client.post(verdict_url(story), {"safety-verdict": "crisis", "safety-version": "1"})

    assert response.status_code == 403
    assert not SafetyVerdict.objects.exists()


def test_admins_give_verdicts_too(client, alice, admin):
    story = make_story(alice, status="pending", body=CRY)
    client.force_login(admin)

    client.post(verdict_url(story), {"safety-verdict": "false_alarm", "safety-version": "1"})

    assert SafetyVerdict.objects.get().moderator == admin


def test_a_verdict_outlives_the_post_for_tuning_without_its_words(alice, mo):
    story = make_story(alice, status="pending", body=CRY)
    services.record_safety_verdict(story.current, mo, "false_alarm")

    alice.delete()

    logged = SafetyVerdict.objects.get()
    assert logged.revision is None and logged.pattern_keys == ["end-my-life"]


def test_the_safety_report_counts_verdicts_by_pattern(alice, mo, capsys):
    crisis = make_story(alice, status="pending", body=CRY)
    alarm = make_story(alice, status="pending", body="I want to kill myself.")
    missed = make_story(alice, status="pending", body="Dark thoughts every night.")
    services.record_safety_verdict(crisis.current, mo, "crisis")
    services.record_safety_verdict(alarm.current, mo, "false_alarm")
    services.record_safety_verdict(missed.current, mo, "crisis")

    call_command("safety_report")

    lines = capsys.readouterr().out.splitlines()
    assert [line.split() for line in lines if line.startswith(("end-my-life", "kill-myself"))] == [
        ["kill-myself", "0", "1"],
        ["end-my-life", "1", "0"],
    ]
    assert any("Crises the check missed: 1." in line for line in lines)


def test_the_migration_checks_waiting_posts_again_with_the_new_list(alice, mo):
    waiting = make_story(alice, status="pending", body=CRY)
    published = make_story(alice, body=CRY, moderator=mo)
    for story in (waiting, published):
        story.current.__class__.objects.filter(pk=story.current_id).update(
            flagged_for_safety=False, safety_concerns=[]
        )
    migration = importlib.import_module("stories.migrations.0011_safety_concerns")

    migration.scan_waiting_versions(apps, None)

    waiting.current.refresh_from_db()
    published.current.refresh_from_db()
    assert waiting.current.flagged_for_safety is True
    assert waiting.current.safety_concerns[0]["key"] == "end-my-life"
    assert published.current.flagged_for_safety is False  # already decided by a moderator


def test_the_author_s_data_export_says_why_a_version_was_flagged_and_what_was_decided(
    client, alice, mo
):
    story = make_story(alice, status="pending", body=CRY)
    services.record_safety_verdict(story.current, mo, "crisis", note="Wrote to them")
    client.force_login(alice)

    data = json.loads(client.get(reverse("accounts:export")).content)

    [version] = data["posts"][0]["versions"]
    assert version["flagged_for_safety_review"] is True
    assert version["safety_flag_reasons"] == ["thoughts of suicide"]
    assert [v["verdict"] for v in version["safety_verdicts"]] == ["crisis"]
    assert "Wrote to them" not in json.dumps(data)  # a moderator's working note stays theirs
