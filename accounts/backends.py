from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def canonical_login_name(name: str) -> str:
    """The form of a typed sign-in name that failed attempts are counted against.

    E-mail addresses match case-insensitively, so without this every capitalisation of an
    address ("Alice@…", "ALICE@…") would get its own ten tries before django-axes locks it.
    Lower-casing never changes who signs in: the backend looks addresses up with `iexact`.
    """
    name = name.strip()
    return name.lower() if "@" in name else name


def axes_username(request, credentials: dict | None = None) -> str | None:
    """For AXES_USERNAME_CALLABLE, so the admin's sign-in counts attempts the same way."""
    source = credentials if credentials else getattr(request, "POST", {})
    name = source.get("username")
    return canonical_login_name(name) if isinstance(name, str) else name


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with a user name or an e-mail address, with the same password check."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        lookup = "email__iexact" if "@" in username else "username"
        users = list(user_model._default_manager.filter(**{lookup: username})[:2])
        if len(users) != 1:
            # Run the hasher anyway, so "no such person" takes as long as "wrong password".
            user_model().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
