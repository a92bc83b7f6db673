import datetime

import factory
import pyotp
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from accounts.models import User
from accounts.two_factor import has_two_factor
from posts.models import Article, Reference


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def confirmed(self, create, extracted, **kwargs):
        """The address is confirmed unless `confirmed=False` (allauth's EmailAddress row)."""
        if create and self.email:
            EmailAddress.objects.update_or_create(
                user=self,
                email=self.email.lower(),
                defaults={"primary": True, "verified": extracted is not False},
            )

    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        """
        An authenticator app set up with TOTP_SECRET (see totp_code): for staff, as the
        admin requires, unless `two_factor=False`; for others with `two_factor=True`.
        """
        wanted = extracted if extracted is not None else self.is_staff
        if create and wanted and not has_two_factor(self):
            TOTP.activate(self, TOTP_SECRET)


# The authenticator secret of test users made with two_factor=True.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app with this secret shows now."""
    return pyotp.TOTP(secret).now()


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, reviewed a month ago. Pass `indications=[...]` to tag it."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short plain summary of the article."
    body = "An opening paragraph.\n\n## What happens\n\nThe probe goes in.\n"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    last_reviewed = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    reviewer_name = "Dr Ana Ruiz"
    reviewer_credentials = "MD, interventional radiologist"

    @factory.post_generation
    def indications(self, create, extracted, **kwargs):
        if create:
            from posts.indexing import sync_article

            if extracted:
                self.indications.set(extracted)
                self.save()  # as the admin does: renders again once its relations are saved
            sync_article(self)  # and indexes it with its indications


def medical_reviewer(username="rita", first_name="Rita", last_name="Osei", **user_fields):
    """
    A verified clinician in the "Medical reviewers" group, as an admin sets one up. The
    group is made if missing: transactional tests flush the migration's copy away.
    """
    from django.contrib.auth.models import Group, Permission

    from accounts.models import ClinicianProfile
    from posts.workflow import REVIEWER_PERMISSIONS, REVIEWERS_GROUP

    user = UserFactory(username=username, first_name=first_name, last_name=last_name, **user_fields)
    ClinicianProfile.objects.create(
        user=user,
        specialty="Consultant interventional radiologist",
        registration_number="GMC-7654321",
        institution="St Elsewhere",
        conflicts_of_interest="None",
        status=ClinicianProfile.Status.VERIFIED,
        decided_at=timezone.now(),
    )
    group, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="posts", codename__in=REVIEWER_PERMISSIONS
        )
    )
    user.groups.add(group)
    return user


def go_live(article: Article, reviewer, editor=None, **sign_off) -> Article:
    """
    Take an article through medical review as the admin does: its working copy submitted
    by `editor`, signed off by `reviewer`, published. Returns it fresh from the database.
    """
    from posts import workflow

    version = workflow.submit(article, editor)
    workflow.sign_off(version, reviewer, credentials="MD, interventional radiologist", **sign_off)
    article = Article.objects.get(pk=article.pk)
    if not article.live_version_id:
        workflow.publish(article)
    return Article.objects.get(pk=article.pk)


class DraftFactory(ArticleFactory):
    status = Article.Status.DRAFT
    published_at = None


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n + 1)
    authors = "Smith AB, Jones CD"
    title = "A study of freezing"
    source = "Journal of Cold Medicine"
    year = 2020
    doi = "10.1000/xyz123"
    pmid = "31234567"


def make_story(author, *, title="Home the next day", body=None, kind="patient",
               status="approved", indications=("kidney",), moderator=None, **answers):  # fmt: skip
    """A community post taken through the real services to the status asked for."""
    from cryoinfo.models import Indication
    from stories import services
    from stories.models import Story, StoryRevision

    story = Story(author=author, kind=kind)
    revision = StoryRevision(
        title=title,
        body=body or "I had my kidney tumour frozen last spring and went home the next day.",
        **answers,
    )
    services.submit(story, revision, Indication.objects.filter(slug__in=indications))
    if status == "pending":
        return story
    moderator = moderator or UserFactory(username="story-factory-moderator")
    if status == "approved":
        services.approve(story, story.version, moderator)
    elif status == "changes_requested":
        services.request_changes(story, story.version, moderator, "Please add the year.")
    elif status == "rejected":
        services.reject(story, story.version, moderator, "advice", "Gives advice.")
    elif status == "withdrawn":
        services.withdraw(story)
    story.refresh_from_db()
    return story
