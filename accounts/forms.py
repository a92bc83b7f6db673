import re

from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from cryoinfo.forms import ReadableTextMixin

from .models import ClinicianProfile, User
from .names import check_display_name

# The user name is made from the e-mail address, so the address must fit in it.
EMAIL_MAX_LENGTH = User._meta.get_field("username").max_length


def unique_username_for(email: str) -> str:
    """A sign-in name made from the address, with a number added if it is taken."""
    # The same characters Django's username validator allows; addresses may hold others.
    base = re.sub(r"[^\w.@+-]", "", email.lower())[:EMAIL_MAX_LENGTH] or "member"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        suffix = f"-{number}"
        candidate = base[: EMAIL_MAX_LENGTH - len(suffix)] + suffix
    return candidate


DISPLAY_NAME_HELP = "Shown next to anything you post. It does not have to be your real name."


def display_name_field() -> forms.CharField:
    return forms.CharField(
        label="Display name",
        min_length=2,
        max_length=60,
        help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


class InOurWords:
    """
    allauth's forms with our labels and help texts (None: no help), and without
    placeholders, which repeat the label and vanish as soon as someone types.
    """

    labels: dict[str, str] = {}
    help_texts: dict[str, str | None] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.help_texts:
                field.help_text = self.help_texts[name] or ""


NEW_PASSWORD_LABELS = {"password1": "New password", "password2": "New password again"}
AGAIN_HELP = "Type the same password again, so we know there is no typing mistake."


class SignUpForm(InOurWords, ReadableTextMixin, allauth_forms.SignupForm):
    """allauth's sign-up (e-mail, password twice, honeypot) with the public display name."""

    display_name = display_name_field()
    labels = {"email": "E-mail address", "password1": "Password", "password2": "Password again"}
    help_texts = {
        "email": "We send a link to confirm it. It is for signing in and resetting your "
        "password; we never show it to anyone.",
        "password2": AGAIN_HELP,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].max_length = EMAIL_MAX_LENGTH
        # Plain text from the configured validators, so it always matches what is checked.
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )
        self.order_fields(["email", "display_name", "password1", "password2"])

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email", "")
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                f"Please use an e-mail address of at most {EMAIL_MAX_LENGTH} characters."
            )
        return super().clean_email()

    def clean_display_name(self) -> str:
        return check_display_name(self.cleaned_data["display_name"])


class SignInForm(InOurWords, allauth_forms.LoginForm):
    labels = {"login": "E-mail or user name", "remember": "Keep me signed in on this device"}
    # allauth puts a "forgotten password" link here; ours is under the form, out of the way
    # of someone tabbing from the name to the password.
    help_texts = {"password": None}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].max_length = 254
        self.fields["login"].validators.append(MaxLengthValidator(254))


class ChangePasswordForm(InOurWords, allauth_forms.ChangePasswordForm):
    labels = {"oldpassword": "Current password", **NEW_PASSWORD_LABELS}
    help_texts = {"oldpassword": None, "password2": AGAIN_HELP}  # the reset link is below


class ResetPasswordKeyForm(InOurWords, allauth_forms.ResetPasswordKeyForm):
    labels = NEW_PASSWORD_LABELS
    help_texts = {"password2": AGAIN_HELP}


class ProfileForm(ReadableTextMixin, forms.ModelForm):
    display_name = display_name_field()

    class Meta:
        model = User
        fields = ["display_name"]

    def clean_display_name(self) -> str:
        value = self.cleaned_data["display_name"]
        # A name the person already has (perhaps given by staff, like "Morgan the moderator")
        # must not stop them saving the form.
        if value == self.initial.get("display_name"):
            return value
        return check_display_name(value, user_pk=self.instance.pk)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("That is not your current password. Nothing has been deleted.")
        return password


class ClinicianForm(forms.ModelForm):
    """What an applicant fills in. Status and the decision are staff's, set by the view/admin."""

    class Meta:
        model = ClinicianProfile
        fields = ["specialty", "registration_number", "institution", "conflicts_of_interest"]
        labels = {
            "specialty": "Your specialty",
            "registration_number": "Professional registration number",
            "institution": "Where you practise",
            "conflicts_of_interest": "Conflicts of interest",
        }
        help_texts = {
            "specialty": "For example, interventional radiology or urology.",
            "registration_number": "The number your regulator gave you, for example your GMC "
            "or NMC number. We check it against the public register.",
            "institution": "Your hospital, clinic or university.",
            "conflicts_of_interest": "Payments, shares, consultancy or speaker fees from "
            "companies that make or sell cryoablation equipment. If there are none, write "
            "“None”.",
        }
        widgets = {"conflicts_of_interest": forms.Textarea(attrs={"rows": 4})}


class AddEmailForm(InOurWords, allauth_forms.AddEmailForm):
    """
    A new address waits for confirmation while the old one stays in use, which allauth
    can only do when the old one is confirmed; until it is, the change is refused.
    """

    labels = {"email": "New e-mail address"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].max_length = EMAIL_MAX_LENGTH

    def clean_email(self) -> str:
        if not EmailAddress.objects.filter(user=self.user, verified=True).exists():
            raise ValidationError(
                "Please confirm your current address first (use the link we e-mailed you, or "
                "send it again below), so it stays in use until the new one is confirmed. "
                "If you cannot reach it any more, write to us."
            )
        return super().clean_email()
