"""The forms of the article admin: the article itself, and the steps of its review."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from cryoinfo.images import clean_image

from .. import workflow
from ..models import Article

# Wide enough to show a whole title, name or reference.
WIDE = {"class": "vTextField wide-input"}


class ArticleAdminForm(forms.ModelForm):
    # The admin builds the field list from ArticleAdmin.fieldsets; these are wide enough
    # to show a whole title, summary or reviewer's name.
    class Meta:
        widgets = {
            "draft_title": forms.TextInput(attrs={"class": "vTextField wide-input"}),
            "draft_summary": forms.Textarea(attrs={"class": "wide-input", "rows": 3}),
            "byline": forms.TextInput(attrs={"class": "vTextField wide-input"}),
            "hero_alt": forms.TextInput(attrs={"class": "vTextField wide-input"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published_at = self.fields.get("published_at")
        if published_at is not None and hasattr(published_at.widget, "widgets"):
            # The admin's date and time boxes have no labels of their own.
            date, time = published_at.widget.widgets
            date.attrs["aria-label"] = "Publication date"
            time.attrs["aria-label"] = "Publication time"

    def clean_hero_image(self):
        image = self.cleaned_data.get("hero_image")
        if isinstance(image, UploadedFile):
            return clean_image(image)
        return image

    def clean(self):
        """
        Publishing needs a version a medical reviewer signed off: that version, not the
        working copy, is what goes out (posts.workflow.publish).
        """
        cleaned = super().clean()
        article = self.instance
        if cleaned.get("status") == Article.Status.PUBLISHED and "status" in self.changed_data:
            approved = workflow.approved_version(article) if article.pk else None
            if approved is None:
                self.add_error(
                    "status",
                    "Only a version a medical reviewer has signed off can be published. "
                    "Save it as a draft and submit it for medical review first.",
                )
            else:
                article.last_reviewed = timezone.localdate(approved.sign_off.decided_at)
        return cleaned

    def clean_published_at(self):
        """
        The form shows whole seconds: the same second as saved means the time was left
        alone, so it keeps its microseconds and the history records no change.
        """
        value = self.cleaned_data.get("published_at")
        kept = self.instance.published_at
        if value and kept and value == kept.replace(microsecond=0):
            return kept
        return value


class SubmitForm(forms.Form):
    note = forms.CharField(
        label="Note to the reviewer",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "wide-input"}),
        help_text="Optional: what changed and why, and anything you want checked.",
    )


class FixForm(forms.Form):
    note = forms.CharField(
        label="What you fixed",
        max_length=300,
        widget=forms.TextInput(attrs=WIDE),
        help_text="e.g. 'Corrected a typing error in the recovery section.' "
        "Recorded with your name.",
    )


class ReviewForm(forms.Form):
    credentials = forms.CharField(
        label="Your credentials as readers will see them",
        max_length=200,
        widget=forms.TextInput(attrs=WIDE),
        help_text="Qualifications and role, e.g. 'MD, consultant interventional radiologist'.",
    )
    comments = forms.CharField(
        label="Comments for the editors",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "wide-input"}),
        help_text="Needed to send it back: say what must change and why.",
    )
    change_note = forms.CharField(
        label="What changed, for readers",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs=WIDE),
        help_text="Shown dated at the foot of the article, e.g. 'Updated the numbers on kidney "
        "function after the 2026 guideline.' Leave blank if the meaning did not change.",
    )
    next_review_due = forms.DateField(
        label="Next review due",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave blank for 12 months from today.",
    )

    def __init__(self, *args, first: bool = False, sending_back: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sending_back = sending_back  # the "Send back" button, not "Sign off"
        if first:  # nothing readers were told before: no change to tell them of
            del self.fields["change_note"]

    def clean_comments(self):
        comments = self.cleaned_data["comments"].strip()
        if self.sending_back and not comments:
            raise forms.ValidationError("Say what needs to change, so the editor can fix it.")
        return comments

    def clean_next_review_due(self):
        due = self.cleaned_data.get("next_review_due")
        if due and due <= timezone.localdate():
            raise forms.ValidationError("The next review must be after today.")
        return due
