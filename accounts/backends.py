from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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
