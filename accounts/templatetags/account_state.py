from allauth.mfa.models import Authenticator
from django import template

from accounts.emails import has_confirmed_email

register = template.Library()


@register.simple_tag
def email_confirmed(user) -> bool:
    """{% email_confirmed user as confirmed %}: whether their address is confirmed."""
    return user.is_authenticated and has_confirmed_email(user)


@register.simple_tag
def has_security_key(user) -> bool:
    """{% has_security_key user as has_key %}: whether they added a WebAuthn key."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()
