import pytest
from django.utils import timezone

from cryoinfo.models import Indication
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads in tests go to a temporary folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters and page fragments live in the caches; every test starts empty."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def tasks_at_once(settings):
    """Tasks (e-mails, rebuilds) run as soon as they are queued, in the test's own process."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }


@pytest.fixture(autouse=True)
def one_rebuild_worker(settings):
    """A test's data is in its own open transaction, which other threads cannot see."""
    settings.SEARCH_REBUILD_WORKERS = 1


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice(db):
    """A patient with an ordinary account."""
    return UserFactory(username="alice", display_name="Alice")


@pytest.fixture
def bob(db):
    """Another ordinary user."""
    return UserFactory(username="bob", display_name="Bob")


@pytest.fixture
def editor(db):
    """Staff who write reference articles: may use the admin for articles only."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username="eddie", is_staff=True, two_factor=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="posts",
            codename__in=[
                "add_article", "change_article", "view_article", "delete_article",
                "add_reference", "change_reference", "view_reference", "delete_reference",
            ],
        )
    )  # fmt: skip
    return user


@pytest.fixture
def mo(db):
    """A community moderator: in the Moderators group, not staff."""
    from django.contrib.auth.models import Group

    user = UserFactory(username="mo", display_name="Mo", two_factor=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def dr_dee(db, admin):
    """A verified clinician."""
    from accounts.models import ClinicianProfile

    user = UserFactory(username="dee", display_name="Dr Dee")
    ClinicianProfile.objects.create(
        user=user,
        specialty="Interventional radiology",
        registration_number="GMC-1234567",
        institution="St Elsewhere",
        conflicts_of_interest="None",
        status=ClinicianProfile.Status.VERIFIED,
        decided_at=timezone.now(),
        decided_by=admin,
    )
    return user


@pytest.fixture
def reviewer(db):
    """A medical reviewer: a verified clinician in the Medical reviewers group, staff, 2FA."""
    from tests.factories import medical_reviewer

    return medical_reviewer(is_staff=True, two_factor=True)


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True, two_factor=True)


@pytest.fixture
def kidney(db):
    return Indication.objects.get(slug="kidney")


@pytest.fixture
def liver(db):
    return Indication.objects.get(slug="liver")
