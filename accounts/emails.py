"""Whether a person's e-mail address is confirmed (allauth keeps the addresses)."""

from allauth.account.models import EmailAddress

NOT_CONFIRMED = (
    "Please confirm your e-mail address before sending a post for review: use the link we "
    "e-mailed you, or ask for a new one above. Your text is still here."
)


def has_confirmed_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()
