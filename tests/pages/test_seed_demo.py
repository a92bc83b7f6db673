"""`manage.py seed_demo`: the demo community a newcomer sees, made once."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from posts.readability import readability
from search.models import SearchEntry
from stories.demo import DEMO_MARK
from stories.models import Kind, Story, StoryPhoto, StoryRevision, Thanks

pytestmark = pytest.mark.django_db

INDICATIONS = {"kidney", "liver", "lung", "bone", "nerve-pain"}


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def patient_stories():
    return Story.objects.public().originals().filter(kind=Kind.PATIENT).select_related("live")


def test_thirty_varied_patient_stories_over_eighteen_months_cover_every_indication(seeded):
    stories = list(patient_stories().prefetch_related("indications"))

    assert len(stories) >= 30
    assert len({story.title for story in stories}) == len(stories)
    assert not [story.title for story in stories if "demo" in story.title.lower()]
    assert len({story.author_id for story in stories}) >= 20
    assert any(not story.show_name for story in stories)  # some are anonymous
    per_indication = {slug: [] for slug in INDICATIONS}
    for story in stories:
        assert story.live.body.endswith(DEMO_MARK)
        assert readability(story.live.body).meets_target, story.title
        for indication in story.indications.all():
            per_indication[indication.slug].append(story.live)
    for slug, revisions in per_indication.items():
        assert len(revisions) >= 5, slug  # enough for the outcome charts
        for field in ["days_to_usual_activities", "pain_after_one_week", "would_recommend"]:
            assert len({getattr(r, field) for r in revisions}) > 1, (slug, field)
    answers = {r.would_recommend for r in StoryRevision.objects.filter(story__in=stories)}
    assert answers == {"yes", "no", "unsure"}
    assert not StoryRevision.objects.filter(flagged_for_safety=True).exists()
    # Published over the last year and a half, after the procedure.
    now, dates = timezone.now(), [story.published_at for story in stories]
    assert max(dates) < now
    assert max(dates) - min(dates) > datetime.timedelta(days=365)
    assert now - min(dates) < datetime.timedelta(days=550)
    for story in stories:
        assert story.live.procedure_year <= story.published_at.year
    # The search index has the dates the pages show.
    indexed = dict(
        SearchEntry.objects.filter(kind=SearchEntry.Kind.STORY).values_list(
            "object_id", "published_at"
        )
    )
    assert indexed == {story.pk: story.published_at for story in Story.objects.public().posts()}


def test_three_clinicians_share_insights_and_posts_have_answers_and_thanks(seeded):
    insights = Story.objects.public().filter(kind=Kind.DOCTOR).select_related("author")
    authors = {insight.author for insight in insights}

    assert len(insights) >= 4
    assert len(authors) >= 3
    assert all(author.is_verified_clinician for author in authors)
    assert len({author.clinician_profile.specialty for author in authors}) >= 3
    assert "doctor" in {author.username for author in authors}
    answers = Story.objects.public().answers().select_related("live", "parent")
    responses = answers.filter(kind=Kind.RESPONSE)
    replies = answers.filter(kind=Kind.REPLY).select_related("parent")
    posts = Story.objects.public().posts()
    assert responses.count() >= 5
    assert replies.count() >= 10
    assert sum(post.response_count for post in posts) == responses.count()
    assert sum(post.reply_count for post in posts) == replies.count()
    assert sum(post.thanks_count for post in posts) == Thanks.objects.count() > 0
    assert len([post for post in posts if post.thanks_count]) >= 20
    assert responses.filter(signed_by_team=True).count() == 1
    assert responses.filter(helped_at__isnull=False).exists()
    assert [reply for reply in replies if reply.author_id == reply.parent.author_id]
    for answer in answers:
        assert answer.published_at > answer.parent.published_at
        assert answer.live.body.endswith(DEMO_MARK)


def test_story_pages_show_answers_and_described_photos(seeded, client):
    response = Story.objects.public().get(kind=Kind.RESPONSE, helped_at__isnull=False,
                                          parent__author__username="patient")  # fmt: skip
    story = response.parent

    page = client.get(story.get_absolute_url())

    assert page.status_code == 200
    html = page.content.decode()
    assert story.title in html
    assert "Thank you for sharing this, and for being honest" in html
    assert "The author said this response helped them." in html
    assert "I did the weeding sitting on a stool!" in html
    photos = StoryPhoto.objects.filter(story__in=Story.objects.public())
    assert 3 <= photos.values("story").distinct().count() <= 4
    for photo in photos:
        assert len(photo.alt_text) > 40
        assert photo in photo.story.live.photos.all()
        assert client.get(photo.get_absolute_url()).status_code == 200
        assert client.get(photo.thumbnail_url).status_code == 200


def test_demo_accounts_sign_in_and_the_moderator_has_a_queue(seeded, client):
    client.post(reverse("account_login"), {"login": "patient", "password": "cryoinfo-demo"})
    assert client.session.get("_auth_user_id") == str(User.objects.get(username="patient").pk)
    # The doctor, the demo's medical reviewer, is staff: a second step after the password.
    client.logout()
    step = client.post(reverse("account_login"), {"login": "doctor", "password": "cryoinfo-demo"})
    assert step.status_code == 302 and "_auth_user_id" not in client.session
    # Every demo account has the published password; staff also need their second step.
    users = User.objects.all()
    assert users.count() > 30
    assert all(user.check_password("cryoinfo-demo") for user in users)
    assert "patient    password: cryoinfo-demo" in seeded
    # A queue for the moderator to try.
    statuses = list(Story.objects.filter(live__isnull=True).values_list("kind", "status"))
    assert statuses.count((Kind.PATIENT, Story.Status.PENDING)) == 2
    assert (Kind.REPLY, Story.Status.PENDING) in statuses
    assert (Kind.PATIENT, Story.Status.CHANGES_REQUESTED) in statuses
    assert (Kind.PATIENT, Story.Status.REJECTED) in statuses
    assert Story.objects.filter(author__username="patient", live__isnull=True).count() == 4


def test_running_it_again_creates_nothing(seeded):
    counts = [model.objects.count() for model in (User, Story, StoryRevision, Thanks, StoryPhoto)]

    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert "Demo community posts already present." in out.getvalue()
    assert [m.objects.count() for m in (User, Story, StoryRevision, Thanks, StoryPhoto)] == counts


def test_the_demo_sends_no_e_mails_to_its_invented_people(settings, monkeypatch):
    from django.core import mail

    settings.DEBUG = True
    # As when the command commits: what waits for the commit runs, inside the command.
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )
    call_command("seed_demo")

    assert mail.outbox == []
