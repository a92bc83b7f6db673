"""
The sign-in backends moved to accounts.backends (permissions kept per process). A session
names the backend it was signed in with, and Django signs out a session whose backend is
no longer configured: this points the sessions signed in before at the new names, so the
change signs nobody out.
"""

from django.db import migrations

MOVED = {
    "django.contrib.auth.backends.ModelBackend": "accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "accounts.backends.AuthenticationBackend"
    ),
}
BACKEND_KEY = "_auth_user_backend"  # django.contrib.auth.BACKEND_SESSION_KEY


def _rename(apps, names: dict) -> None:
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    sessions = apps.get_model("sessions", "Session")
    for session in sessions.objects.iterator(chunk_size=1000):
        data = store.decode(session.session_data)
        if data.get(BACKEND_KEY) in names:
            data[BACKEND_KEY] = names[data[BACKEND_KEY]]
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def forwards(apps, schema_editor):
    _rename(apps, MOVED)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_permissions_version"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
