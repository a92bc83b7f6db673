"""
"Download my data": everything CryoInfo holds about one person, as a JSON-ready dict.

Each app that stores something about a person contributes one collector: a function that
takes the user and returns the top-level keys it adds. Apps above accounts register theirs
from their AppConfig.ready() with `register_collector`, so accounts imports none of them.
Collectors must only ever read the given user's own data, and never secrets (password
hashes, tokens).
"""

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from .models import User

Collector = Callable[[User], dict[str, Any]]


def account_data(user: User) -> dict[str, Any]:
    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
    }


def clinician_data(user: User) -> dict[str, Any]:
    try:
        profile = user.clinician_profile
    except ObjectDoesNotExist:
        return {"clinician_application": None}
    return {
        "clinician_application": {
            "specialty": profile.specialty,
            "registration_number": profile.registration_number,
            "institution": profile.institution,
            "conflicts_of_interest": profile.conflicts_of_interest,
            "status": profile.status,
            "submitted_at": profile.submitted_at,
            "decided_at": profile.decided_at,
            "note_from_cryoinfo": profile.admin_note,
        }
    }


def sign_in_data(user: User) -> dict[str, Any]:
    """Addresses, second factors (their kind and dates, never a secret) and signed-in browsers."""
    return {
        "email_addresses": [
            {"email": address.email, "primary": address.primary, "confirmed": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_factor": [
            {
                "kind": a.get_type_display(),
                "created_at": a.created_at,
                "last_used_at": a.last_used_at,
            }
            for a in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "signed_in_browsers": [
            {"since": s.created_at, "internet_address": s.ip, "browser": s.user_agent}
            for s in UserSession.objects.filter(user=user).order_by("pk")
        ],
    }


COLLECTORS: list[Collector] = [account_data, clinician_data, sign_in_data]


def register_collector(collector: Collector) -> None:
    """Add an app's collector to every export (once, however often ready() runs)."""
    if collector not in COLLECTORS:
        COLLECTORS.append(collector)


def collect_user_data(user: User) -> dict[str, Any]:
    """Everything we hold about `user`. Dates stay datetimes; DjangoJSONEncoder writes them."""
    data: dict[str, Any] = {"exported_at": timezone.now()}
    for collector in COLLECTORS:
        data.update(collector(user))
    return data
