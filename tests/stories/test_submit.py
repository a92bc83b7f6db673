import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from stories import services
from stories.models import Story, StoryRevision
from tests.factories import make_story

pytestmark = pytest.mark.django_db

SUBMIT = reverse("stories:submit")


def story_form(**overrides) -> dict:
    data = {
        "kind": "patient",
        "title": "Back to gardening in ten days",
        "body": "I had a small kidney tumour frozen under sedation. The probe went in through "
        "my back and I went home the next morning.",
        "indications": ["kidney"],
        "procedure_year": "2025",
        "approach": "percutaneous",
        "anaesthesia": "sedation",
        "nights_in_hospital": "1",
        "days_to_usual_activities": "10",
        "pain_after_one_week": "2",
        "complication": "no",
        "would_recommend": "yes",
        "show_name": "on",
        "own_experience": "on",
        "agree_terms": "on",
        "not_advice": "on",
        "website": "",
    }
    data.update(overrides)
    if data["indications"] and isinstance(data["indications"][0], str):
        from cryoinfo.models import Indication

        data["indications"] = list(
            Indication.objects.filter(slug__in=data["indications"]).values_list("pk", flat=True)
        )
    return data


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(SUBMIT)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={SUBMIT}"


def test_submission_waits_for_review_and_is_not_public(client, alice, mo):
    client.force_login(alice)

    response = client.post(SUBMIT, story_form())

    assert response.status_code == 302
    assert response.url == reverse("stories:mine")
    story = Story.objects.get()
    assert story.author == alice
    assert story.status == Story.Status.PENDING
    assert story.live is None
    assert story.current.title == "Back to gardening in ten days"
    assert story.current.days_to_usual_activities == 10
    assert list(story.current.indications.values_list("slug", flat=True)) == ["kidney"]
    assert story.consent_terms_version == "2026-11"
    mine = client.get(reverse("stories:mine")).content.decode()
    assert "Waiting for review" in mine
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Back to gardening" not in client.get(reverse("stories:list")).content.decode()
    # Moderators hear about it, and the author is told it arrived.
    assert [m.to for m in mail.outbox] == [[mo.email], [alice.email]]
    assert "Back to gardening in ten days" in mail.outbox[0].body
    assert mail.outbox[1].subject == "We have your post: it is waiting for review"
    assert "Back to gardening in ten days" in mail.outbox[1].body
    assert "116 123" not in mail.outbox[1].body


def test_success_message_tells_the_author_it_waits_for_review(client, alice):
    client.force_login(alice)

    response = client.post(SUBMIT, story_form(), follow=True)

    assert "waiting for a moderator to review it" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Give your post a short title."),
        ({"body": "Too short."}, "body", "at least 50 characters"),
        ({"indications": []}, "indications", "Tick at least one condition your post is about."),
        ({"pain_after_one_week": "11"}, "pain_after_one_week", "less than or equal to 10"),
        ({"procedure_year": "2999"}, "procedure_year", "cannot be in the future"),
        ({"procedure_year": "abc"}, "procedure_year", "Enter a whole number."),
        ({"own_experience": ""}, "own_experience", "Tick the box to confirm this is your own"),
        ({"agree_terms": ""}, "agree_terms", "Tick the box to agree to the terms."),
        ({"not_advice": ""}, "not_advice", "Tick the box to show you understand"),
        ({"kind": "doctor"}, "kind", "Only verified clinicians"),
        ({"approach": "laser"}, "approach", "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(
    client, alice, overrides, field, message
):
    client.force_login(alice)

    response = client.post(SUBMIT, story_form(**overrides))

    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Story.objects.exists()
    assert not StoryRevision.objects.exists()


def test_form_keeps_what_the_person_typed_after_an_error(client, alice):
    client.force_login(alice)

    response = client.post(SUBMIT, story_form(title="", body="My long story " * 10))

    assert "My long story My long story" in response.content.decode()


def test_honeypot_filled_creates_nothing(client, alice):
    client.force_login(alice)

    client.post(SUBMIT, story_form(website="http://spam.example"))

    assert not Story.objects.exists()


def test_hostile_markdown_is_sanitised_everywhere_it_shows(client, alice, mo):
    client.force_login(alice)
    client.post(
        SUBMIT,
        story_form(
            title="<script>alert('title')</script> hello",
            body="<img src=x onerror=alert(1)> [click](javascript:alert(2)) " + "words " * 20,
        ),
    )
    story = Story.objects.get()

    pages = [
        client.get(reverse("stories:mine")),
        client.get(story.get_absolute_url()),
    ]
    client.force_login(mo)
    pages += [
        client.get(reverse("moderation:queue")),
        client.get(reverse("moderation:review", args=[story.pk])),
    ]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert('title')" not in html
        assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
        assert "javascript:alert" not in html


def test_self_harm_mention_is_flagged_and_the_author_sees_where_to_get_help(client, alice):
    client.force_login(alice)

    response = client.post(
        SUBMIT,
        story_form(body="After the diagnosis I had thoughts of suicide for a while. " * 2),
        follow=True,
    )

    assert Story.objects.get().current.flagged_for_safety is True
    assert "Samaritans" in response.content.decode()


def test_submission_rate_limit_keeps_the_text_and_saves_nothing(client, alice, settings):
    from django.core.cache import cache

    cache.clear()
    client.force_login(alice)
    for n in range(10):
        client.post(SUBMIT, story_form(title=f"Story number {n}"))

    response = client.post(SUBMIT, story_form(title="One too many"))

    assert response.status_code == 429
    assert "One too many" in response.content.decode()
    assert Story.objects.count() == 10
    cache.clear()


def test_author_edits_a_pending_post(client, alice):
    story = make_story(alice, status="pending", title="First title")
    client.force_login(alice)

    response = client.post(
        reverse("stories:edit", args=[story.pk]), story_form(title="Better title")
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.current.title == "Better title"
    assert story.current.number == 2
    assert story.status == Story.Status.PENDING


def test_edit_form_is_prefilled_with_the_current_version(client, alice):
    story = make_story(alice, status="pending", title="First title", days_to_usual_activities=12)
    client.force_login(alice)

    html = client.get(reverse("stories:edit", args=[story.pk])).content.decode()

    assert 'value="First title"' in html
    assert 'value="12"' in html


@pytest.mark.parametrize("who", ["bob", "mo"])
def test_nobody_else_can_edit_or_withdraw_a_post(client, request, alice, who):
    story = make_story(alice, status="pending")
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("stories:edit", args=[story.pk])).status_code == 404
    assert client.post(reverse("stories:edit", args=[story.pk]), story_form()).status_code == 404
    assert client.post(reverse("stories:withdraw", args=[story.pk])).status_code == 404
    story.refresh_from_db()
    assert story.status == Story.Status.PENDING
    assert story.current.number == 1


def test_withdrawing_asks_first_and_only_a_post_withdraws(client, alice):
    story = make_story(alice, title="Home the next day")
    client.force_login(alice)

    page = client.get(reverse("stories:withdraw", args=[story.pk])).content.decode()
    assert "Withdraw “Home the next day”?" in page
    assert "You can restore it" in page
    story.refresh_from_db()
    assert story.is_public
    client.post(reverse("stories:withdraw", args=[story.pk]))
    story.refresh_from_db()
    assert not story.is_public


def test_a_withdrawn_post_is_restored_to_the_queue_within_30_days(client, alice, bob, mo):
    with time_machine.travel("2026-11-01 09:00Z", tick=False):
        story = make_story(alice, title="Home the next day", moderator=mo)
        services.withdraw(story)
    restore = reverse("stories:restore", args=[story.pk])
    client.force_login(bob)
    assert client.post(restore).status_code == 404  # not theirs
    client.force_login(alice)

    with time_machine.travel("2026-11-20 09:00Z", tick=False):
        page = client.get(reverse("stories:mine")).content.decode()
        assert 'You can restore it until <time datetime="2026-12-01">1 December 2026</time>' in page
        client.post(restore)
    story.refresh_from_db()
    assert (story.status, story.withdrawn_at, story.live_id) == ("pending", None, None)
    assert not story.is_public  # public again only once a moderator approves it
    services.approve(story, story.version, mo)
    story.refresh_from_db()
    assert story.is_public


def test_after_30_days_a_withdrawn_post_stays_withdrawn(client, alice):
    with time_machine.travel("2026-10-01 09:00Z", tick=False):
        story = make_story(alice)
        services.withdraw(story)
    client.force_login(alice)

    with time_machine.travel("2026-11-02 09:00Z", tick=False):
        response = client.post(reverse("stories:restore", args=[story.pk]), follow=True)
    assert "can no longer be restored" in response.content.decode()
    story.refresh_from_db()
    assert story.status == "withdrawn"


def test_my_posts_lists_only_my_posts_with_the_moderators_message(client, alice, bob):
    make_story(alice, status="changes_requested", title="Mine to fix")
    make_story(bob, title="Bob's post")
    client.force_login(alice)

    html = client.get(reverse("stories:mine")).content.decode()

    assert "Mine to fix" in html
    assert "Changes requested" in html
    assert "Please add the year." in html
    assert "Bob&#x27;s post" not in html and "Bob's post" not in html


def test_verified_clinician_shares_a_doctor_insight_shown_with_the_badge(client, dr_dee, mo):
    client.force_login(dr_dee)

    client.post(SUBMIT, story_form(kind="doctor", title="What I tell my patients"))
    story = Story.objects.get()
    from stories import services

    services.approve(story, story.version, mo)
    client.logout()
    html = client.get(story.get_absolute_url()).content.decode()

    assert story.kind == "doctor"
    assert "Verified clinician · Interventional radiology" in html
    assert "Conflicts of interest:</strong> None" in html
    # Outcome questions are for patients; a doctor's post does not keep them.
    assert story.current.days_to_usual_activities is None


def test_patient_stories_never_show_the_clinician_badge(client, dr_dee, mo):
    story = make_story(dr_dee, kind="patient")

    assert "Verified clinician" not in client.get(story.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["alice", "mo", "editor"])
def test_only_verified_clinicians_may_post_doctor_insights(client, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(SUBMIT, story_form(kind="doctor"))

    assert "Only verified clinicians" in str(response.context["form"].errors["kind"])
    assert not Story.objects.exists()


def test_hostile_display_name_is_escaped_wherever_it_is_shown(client, mo):
    from tests.factories import UserFactory

    evil = UserFactory(username="evil", display_name='<img src=x onerror="alert(1)">')
    story = make_story(evil, status="pending", title="Evil's post")
    client.force_login(mo)
    pages = [client.get(reverse("moderation:queue")),
             client.get(reverse("moderation:review", args=[story.pk]))]  # fmt: skip
    from stories import services

    services.approve(story, story.version, mo)
    pages += [client.get(url) for url in (reverse("stories:list"), story.get_absolute_url(), "/")]

    for page in pages:
        html = page.content.decode()
        assert '<img src=x onerror="alert(1)">' not in html
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_a_published_post_keeps_its_kind_when_edited(client, dr_dee):
    story = make_story(dr_dee, kind="patient", title="My own treatment")
    client.force_login(dr_dee)
    edit = reverse("stories:edit", args=[story.pk])

    form_html = client.get(edit).content.decode()
    client.post(edit, story_form(kind="doctor", title="My own treatment, updated"))
    story.refresh_from_db()
    public = Client().get(story.get_absolute_url()).content.decode()

    assert "A published post keeps its kind" in form_html
    assert story.kind == "patient" and story.status == "pending"
    assert story.current.title == "My own treatment, updated"
    assert "Verified clinician" not in public


def test_a_post_not_yet_published_may_change_its_kind(client, dr_dee):
    story = make_story(dr_dee, kind="patient", status="changes_requested")
    client.force_login(dr_dee)

    client.post(reverse("stories:edit", args=[story.pk]), story_form(kind="doctor"))
    story.refresh_from_db()

    assert story.kind == "doctor"
