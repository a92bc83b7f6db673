"""
Who a signed-in person is, and what they may do, read with as few queries as Django allows.

Django's ModelBackend reads a person's permissions with two queries on every request that
asks, and the header asks on every page (the Moderation link). Here the answer is kept in
each process's memory (the `template_fragments` cache: no round trip) under a key naming
the person's `permissions_version`, a number on their own row that every change to their
groups, their own permissions or a group's permissions moves on, in the same transaction
(accounts.signals). Their row is read on every request anyway, to sign them in, so a kept
answer is never used after a change: nothing has to be chased, and nothing comes back
stale after a cache was down. Copies also expire after `KEEP_SECONDS`, a bound on the
changes no signal reports (a permission deleted with a model, say).

Their clinician profile is read with their row: every post's page asks whether the reader
is a verified clinician (may they respond?).

Both backends Django is configured with (its own, for permissions and staff sign-in, and
allauth's, for signing in with an e-mail address) get both.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth import backends, get_user_model
from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist

KEEP_SECONDS = 10 * 60


def _kept():
    # Each process's memory where configured; a DummyCache when caching is off.
    alias = "template_fragments" if "template_fragments" in settings.CACHES else "default"
    return caches[alias]


class _KeptPermissions:
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):  # Django's own copy for one request
            key = (
                f"permissions:{user_obj.pk}:{user_obj.permissions_version}"
                f":{user_obj.is_superuser:d}"
            )
            kept = _kept().get(key)
            if kept is None:
                kept = frozenset(super().get_all_permissions(user_obj))
                _kept().set(key, kept, KEEP_SECONDS)
            user_obj._perm_cache = set(kept)
        return user_obj._perm_cache

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("clinician_profile")
        try:
            user = users.get(pk=user_id)
        except ObjectDoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_KeptPermissions, backends.ModelBackend):
    """Django's: staff sign in with their user name; permissions, kept."""


class AuthenticationBackend(_KeptPermissions, AllauthBackend):
    """allauth's: people sign in with their e-mail address."""
