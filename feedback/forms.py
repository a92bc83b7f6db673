from django import forms

from cryoinfo.forms import HoneypotMixin, ReadableTextMixin

from .models import MAX_COMMENT, MAX_PROBLEM


class PlainTextField(forms.CharField):
    """Free text whose length is counted as the browser counts it.

    Browsers send line breaks as CRLF but count each as one character against `maxlength`;
    without this, a comment that fitted in the box could be refused as too long.
    """

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class HelpfulVoteForm(forms.Form):
    # Set by whichever of the two submit buttons was pressed.
    helpful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        error_messages={
            "required": "Choose Yes or No.",
            "invalid_choice": "Choose Yes or No.",
        },
    )
    comment = PlainTextField(
        label="Anything to add?",
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your answer is anonymous and we cannot reply to it. Please leave out "
        "names and details of your health.",
        error_messages={
            "max_length": "Please keep your comment to 1,000 characters (it has %(show_value)d)."
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_vote_%s")
        super().__init__(*args, **kwargs)


class ProblemReportForm(ReadableTextMixin, HoneypotMixin, forms.Form):
    message = PlainTextField(
        label="What is wrong?",
        max_length=MAX_PROBLEM,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example a mistake, something out of date, a broken link or a part "
        "that is hard to follow.",
        error_messages={
            "required": "Tell us what is wrong with the page.",
            "max_length": "Please keep it to 2,000 characters (it has %(show_value)d).",
        },
    )
    email = forms.EmailField(
        label="Your e-mail address",
        required=False,
        help_text="Only if you would like a reply. We use it for nothing else.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Enter an e-mail address like name@example.org."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_report_%s")
        super().__init__(*args, **kwargs)
