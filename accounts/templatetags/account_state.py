from django import template

from accounts.emails import has_confirmed_email

register = template.Library()


@register.simple_tag
def email_confirmed(user) -> bool:
    """{% email_confirmed user as confirmed %}: whether their address is confirmed."""
    return user.is_authenticated and has_confirmed_email(user)
