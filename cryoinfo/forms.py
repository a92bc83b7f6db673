"""Form pieces every app's public forms share."""

from django import forms


class HoneypotMixin(forms.Form):
    """A field people never see; bots that fill every field give themselves away."""

    website = forms.CharField(required=False, label="Leave this empty")

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Please try again.")
        return ""
