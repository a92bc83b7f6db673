"""
Staff must sign in with a second factor. The views that show unpublished posts, private
photos or the admin call `two_factor_required`; until the person has set up an
authenticator app, they are sent to set it up.
"""

from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect

SET_IT_UP = (
    "This page shows private information, so it needs two-factor sign-in. Please set up "
    "an authenticator app first; it takes about two minutes."
)


SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_two_factor(user) -> bool:
    """True once the person has an authenticator app or a security key set up."""
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def set_up_two_factor(request):
    """Where a person without a second factor is sent, with a word of why."""
    messages.info(request, SET_IT_UP)
    return redirect("mfa_activate_totp")


def two_factor_required(view):
    """For views behind a staff permission: staff without a second factor set it up first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not has_two_factor(request.user):
            return set_up_two_factor(request)
        return view(request, *args, **kwargs)

    return wrapper


# The admin's own views, and the image upload of its Markdown editor.
STAFF_URL_NAMES = {"markdownx_upload"}


class AdminTwoFactorMiddleware:
    """The Django admin, like the moderation desk, only for staff with a second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            match is not None
            and (match.app_name == "admin" or match.url_name in STAFF_URL_NAMES)
            and request.user.is_authenticated
            and request.user.is_staff
            and not has_two_factor(request.user)
        ):
            return set_up_two_factor(request)
        return None
