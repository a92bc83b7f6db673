"""How django-allauth fits our accounts: user names made from the address, our messages."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from cryoinfo.mail import send_later

from .forms import unique_username_for

# One message for an unknown person and a wrong password, so it reveals neither.
SIGN_IN_FAILED = (
    "That e-mail or user name and password did not match. Please check them and try again."
)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": SIGN_IN_FAILED,
        "username_password_mismatch": SIGN_IN_FAILED,
        "too_many_login_attempts": (
            "Too many unsuccessful sign-ins. Please try again later, or set a new "
            "password if you have forgotten it."
        ),
        "email_taken": (
            "An account already uses this e-mail address. Sign in instead, or set a new "
            "password if you have forgotten it."
        ),
        "rate_limited": "Too many attempts. Please wait a little and try again.",
        "enter_current_password": "That is not your current password. Please try again.",
    }

    def populate_username(self, request, user) -> None:
        # The sign-in name is made from the address and never shown publicly.
        if not user.username:
            user.username = unique_username_for(user.email)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queued like every e-mail we send (cryoinfo.mail), never sent inside a request."""
        message = self.render_mail(template_prefix, email, context)
        send_later(message.subject, message.body, message.to)

    def save_user(self, request, user, form, commit=True):
        user.display_name = form.cleaned_data.get("display_name", user.display_name)
        return super().save_user(request, user, form, commit=commit)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "unverified_email": (
            "Please confirm your e-mail address before setting up two-factor sign-in."
        ),
        "incorrect_code": "Incorrect code. Please type the code your app shows now.",
    }
