"""
What a signed-in person may do is read once per process (accounts.backends), and every
change to it counts from the next request: groups, own permissions, a group's permissions,
a group or permission deleted, from either side of each relation.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_story

pytestmark = pytest.mark.django_db
QUEUE = reverse("moderation:queue")
LINK = f'href="{QUEUE}"'


@pytest.fixture
def moderators():
    return Group.objects.get(name="Moderators")


@pytest.fixture
def moderate():
    return Permission.objects.get(codename="moderate_story", content_type__app_label="stories")


def sees_moderation(client) -> bool:
    return LINK in client.get("/").content.decode()


def test_a_signed_in_page_asks_for_permissions_once(client, bob):
    client.force_login(bob)
    client.get("/")  # read and kept

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/")

    assert "Sign out" in page.content.decode()
    assert not [q for q in queries if "auth_permission" in q["sql"]]
    assert len(queries) == 2  # the session and the person


def test_joining_and_leaving_the_moderators_counts_at_once(client, bob, moderators):
    client.force_login(bob)
    assert not sees_moderation(client)

    bob.groups.add(moderators)
    assert sees_moderation(client)

    bob.groups.remove(moderators)
    assert not sees_moderation(client)

    bob.groups.add(moderators)
    bob.groups.clear()
    assert not sees_moderation(client)


def test_a_group_emptied_from_its_side_counts_at_once(client, bob, mo, moderators):
    client.force_login(mo)
    assert client.get(QUEUE).status_code == 200

    moderators.user_set.clear()
    assert client.get(QUEUE).status_code == 403

    moderators.user_set.add(mo)
    assert client.get(QUEUE).status_code == 200

    moderators.user_set.remove(mo)
    assert client.get(QUEUE).status_code == 403


def test_a_permission_taken_from_the_group_counts_at_once(client, mo, moderators, moderate):
    client.force_login(mo)
    assert client.get(QUEUE).status_code == 200

    moderators.permissions.remove(moderate)
    assert client.get(QUEUE).status_code == 403

    moderators.permissions.add(moderate)
    assert client.get(QUEUE).status_code == 200

    moderate.group_set.clear()  # from the permission's side
    assert client.get(QUEUE).status_code == 403

    moderate.group_set.add(moderators)
    assert client.get(QUEUE).status_code == 200

    moderators.permissions.clear()
    assert client.get(QUEUE).status_code == 403


def test_a_group_or_permission_deleted_counts_at_once(client, mo, moderators, moderate):
    client.force_login(mo)
    assert client.get(QUEUE).status_code == 200

    moderators.delete()
    assert client.get(QUEUE).status_code == 403

    mo.user_permissions.add(moderate)  # given to mo alone
    assert client.get(QUEUE).status_code == 200

    moderate.delete()
    assert client.get(QUEUE).status_code == 403


def test_a_permission_of_ones_own_counts_at_once(client, bob, moderate):
    client.force_login(bob)

    bob.user_permissions.add(moderate)
    assert sees_moderation(client)

    moderate.user_set.remove(bob)
    assert not sees_moderation(client)


def test_another_persons_change_leaves_ones_own_kept(client, alice, bob, moderators):
    client.force_login(bob)
    client.get("/")

    alice.groups.add(moderators)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")

    assert not [q for q in queries if "auth_permission" in q["sql"]]


def test_a_clinician_is_read_with_the_person_not_apart(client, dr_dee, alice, mo):
    story = make_story(alice, title="Home the next day", moderator=mo)
    client.force_login(dr_dee)
    client.get(story.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        page = client.get(story.get_absolute_url())

    assert "Respond as a clinician" in page.content.decode()
    assert not [q for q in queries if 'FROM "accounts_clinicianprofile"' in q["sql"]]


def test_people_signed_in_before_the_backends_moved_stay_signed_in(client, bob):
    """accounts/migrations/0005: sessions name the backend they were signed in with."""
    import importlib

    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session.update({
        SESSION_KEY: str(bob.pk),
        HASH_SESSION_KEY: bob.get_session_auth_hash(),
        BACKEND_SESSION_KEY: "allauth.account.auth_backends.AuthenticationBackend",
    })  # fmt: skip
    session.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert "Sign out" not in client.get("/").content.decode()  # the old name: signed out

    migration = importlib.import_module("accounts.migrations.0005_sessions_follow_the_backends")
    migration.forwards(apps, None)

    assert "Sign out" in client.get("/").content.decode()
    stored = SessionStore(session.session_key).load()
    assert stored[BACKEND_SESSION_KEY] == "accounts.backends.AuthenticationBackend"


def test_a_full_save_of_a_person_loaded_before_a_change_keeps_the_change(bob, moderators):
    from accounts.models import User

    loaded = User.objects.get(pk=bob.pk)  # e.g. the profile form, a moment before
    bob.groups.add(moderators)  # moves bob's permissions_version on

    loaded.display_name = "Bob B"
    loaded.save()

    bob.refresh_from_db()
    assert bob.display_name == "Bob B"
    assert bob.permissions_version == loaded.permissions_version + 1
