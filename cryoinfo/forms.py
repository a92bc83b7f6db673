"""Form pieces every app's public forms share."""

from django import forms


class HoneypotMixin(forms.Form):
    """A field people never see; bots that fill every field give themselves away."""

    website = forms.CharField(required=False, label="Leave this empty")

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Please try again.")
        return ""


# What the request decoder puts in place of bytes that are not text (invalid UTF-8, a lone
# surrogate): text with it was garbled on the way, so it is refused rather than stored.
REPLACEMENT_CHARACTER = "\ufffd"
UNREADABLE = (
    "Some characters here could not be read (perhaps pasted from another program). Please "
    "retype them."
)


class ReadableTextMixin:
    """Refuse, next to the field, text that arrived garbled instead of storing it."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and REPLACEMENT_CHARACTER in value:
                self.add_error(name, UNREADABLE)
        return cleaned
