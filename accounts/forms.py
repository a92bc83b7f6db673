import re
import unicodedata

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from .backends import canonical_login_name
from .models import ClinicianProfile, User

# The user name is made from the e-mail address, so the address must fit in it.
EMAIL_MAX_LENGTH = User._meta.get_field("username").max_length
RESERVED_NAME_WORDS = ("admin", "moderator", "cryoinfo")
# A scheme ("https://"), "www." or a dotted name ("example.com") reads as a web address.
WEB_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://|www\.|[a-z0-9-]+\.[a-z]{2,}", re.IGNORECASE)
# Right-to-left overrides and friends can make a name display as something else.
DIRECTION_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
HONEYPOT_ERROR = "Please try again."


def check_display_name(value: str) -> str:
    """Check a public name: not an address, not posing as the site, nothing hidden in it."""
    value = " ".join(value.split())
    if any(unicodedata.category(c) == "Cc" or c in DIRECTION_CONTROLS for c in value):
        raise ValidationError("Please use letters, numbers, spaces and ordinary punctuation.")
    # NFKC turns look-alikes such as full-width "＠" or "ａｄｍｉｎ" into plain characters.
    folded = unicodedata.normalize("NFKC", value).casefold()
    if "@" in folded:
        raise ValidationError("Please leave out e-mail addresses and the @ sign.")
    if WEB_ADDRESS.search(folded):
        raise ValidationError(
            "Please leave out web addresses (a dot between two words looks like one to us)."
        )
    squashed = re.sub(r"[\W_]+", "", folded)
    if any(word in squashed for word in RESERVED_NAME_WORDS):
        raise ValidationError(
            "Names containing “admin”, “moderator” or “CryoInfo” are kept for the site’s "
            "team. Please choose another."
        )
    return value


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


class AccountDetailsForm(forms.ModelForm):
    """E-mail address and display name, checked the same way at sign-up and on the profile."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "max_length": f"Please use an e-mail address of at most {EMAIL_MAX_LENGTH} characters."
        },
        help_text="For signing in and resetting your password. We never show it to anyone.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        label="Display name",
        min_length=2,
        max_length=60,
        help_text="Shown next to anything you post. It does not have to be your real name.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    class Meta:
        model = User
        fields = ["email", "display_name"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                "An account already uses this e-mail address. Sign in instead, or set a new "
                "password if you have forgotten it."
            )
        return email

    def clean_display_name(self) -> str:
        return check_display_name(self.cleaned_data["display_name"])


class SignUpForm(AccountDetailsForm):
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        help_text="Type the same password again, so we know there is no typing mistake.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # A trap for bots: people never see it (see the template), so it must stay empty.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Plain text from the configured validators, so it always matches what is checked.
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            # Say nothing that would teach a bot which field gave it away.
            raise ValidationError(HONEYPOT_ERROR, code="honeypot")
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords do not match.")
        elif password1:
            # The similarity check compares the password with the new account's details.
            email = cleaned.get("email", "")
            self.instance.username = email
            self.instance.email = email
            self.instance.display_name = cleaned.get("display_name", "")
            try:
                password_validation.validate_password(password1, user=self.instance)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.username = unique_username_for(user.email)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class ProfileForm(AccountDetailsForm):
    class Meta(AccountDetailsForm.Meta):
        fields = ["display_name", "email"]

    def clean_display_name(self) -> str:
        value = self.cleaned_data["display_name"]
        # A name the person already has (perhaps given by staff, like "Morgan the moderator")
        # must not stop them changing their e-mail address.
        if value == self.initial.get("display_name"):
            return value
        return check_display_name(value)


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # One message for an unknown person and a wrong password, so it reveals neither.
        "invalid_login": "That e-mail or user name and password did not match. "
        "Please check them and try again.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm sets max_length after building the field, so nothing checks
        # it; django-axes would then store a longer name in a varchar(255) and fail.
        self.fields["username"].validators.append(MaxLengthValidator(254))
        self.fields["username"].label = "E-mail or user name"
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def clean(self):
        if isinstance(self.cleaned_data.get("username"), str):
            self.cleaned_data["username"] = canonical_login_name(self.cleaned_data["username"])
        return super().clean()


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
