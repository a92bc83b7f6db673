"""
What happens around changes to how a person signs in (allauth's signals): a new second
factor signs out every other browser, a new address becomes the sign-in name, and the
address in use is told at once when someone asks to change it.
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_added, email_changed
from allauth.mfa.signals import authenticator_added
from allauth.usersessions.models import UserSession
from django.dispatch import receiver
from django.template.loader import render_to_string

from cryoinfo.mail import send_later

from .forms import unique_username_for


@receiver(authenticator_added, dispatch_uid="accounts:sign-out-others")
def sign_out_other_browsers(sender, request, user, **kwargs) -> None:
    """
    A browser signed in with the password alone must not pass as two-factor once a
    second factor exists: it signs in again, with the second step.
    """
    current = request.session.session_key if request is not None else None
    for session in UserSession.objects.filter(user=user).exclude(session_key=current):
        session.end()


@receiver(email_changed, dispatch_uid="accounts:username-follows-email")
def sign_in_name_follows_the_address(sender, request, user, to_email_address, **kwargs) -> None:
    """
    A sign-in name made from the old address (the only kind sign-up makes) follows the
    new one, so the old address no longer signs anyone in. A name chosen by staff stays.
    """
    if "@" not in user.username:
        return
    user.username = unique_username_for(to_email_address.email)
    user.save(update_fields=["username"])


@receiver(email_added, dispatch_uid="accounts:tell-the-old-address")
def tell_the_address_in_use(sender, request, user, email_address, **kwargs) -> None:
    """Someone asked to change the address: the confirmed one in use hears of it at once."""
    current = EmailAddress.objects.filter(user=user, primary=True, verified=True).first()
    if current is None or current.email == email_address.email:
        return
    body = render_to_string(
        "account/email/email_change_requested.txt",
        {"user": user, "new_email": email_address.email},
    )
    subject = "CryoInfo: Someone asked to change your e-mail address"  # as allauth's e-mails
    send_later(subject, body, [current.email])
