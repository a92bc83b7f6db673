import uuid

from django import forms
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils import timezone

from cryoinfo.forms import HoneypotMixin, ReadableTextMixin
from cryoinfo.images import ACCEPTED_TYPES, clean_image
from cryoinfo.models import Indication
from cryoinfo.widgets import EditorWidget

from .models import (
    MAX_PHOTOS,
    POST_KINDS,
    Kind,
    RejectReason,
    SafetyVerdict,
    Story,
    StoryRevision,
)

DOCTOR_ONLY = "Doctor insights are for verified clinicians; you can apply from your profile."
PUBLISHED_KIND = (
    "A published post keeps its kind. To share it as the other kind, withdraw it and post it again."
)


class StoryForm(ReadableTextMixin, HoneypotMixin, forms.ModelForm):
    # A new key with every blank form; see StoryRevision.submission_key.
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    kind = forms.ChoiceField(
        label="What are you sharing?",
        choices=[(kind.value, kind.label) for kind in POST_KINDS],
        widget=forms.RadioSelect,
        initial=Kind.PATIENT,
    )
    indications = forms.ModelMultipleChoiceField(
        label="What was it for?",
        queryset=Indication.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick at least one.",
        error_messages={"required": "Tick at least one condition your post is about."},
    )
    show_name = forms.BooleanField(
        label="Show my display name on the post",
        required=False,
        initial=True,
        help_text="Untick to post as “Anonymous”. Moderators can still see who wrote it.",
    )
    followup_opt_in = forms.BooleanField(
        label="E-mail me 3, 6 and 12 months after my story is published, to ask how I am doing",
        required=False,
        help_text="Your update goes through moderation and appears under your story.",
    )
    own_experience = forms.BooleanField(
        label="This post is about my own experience (as a patient, or as the doctor involved).",
        error_messages={"required": "Tick the box to confirm this is your own experience."},
    )
    agree_terms = forms.BooleanField(
        label="I agree that CryoInfo may publish this post under its current terms.",
        error_messages={"required": "Tick the box to agree to the terms."},
    )
    not_advice = forms.BooleanField(
        label="I understand my post is a personal account, not medical advice, and will be "
        "shown that way.",
        error_messages={
            "required": "Tick the box to show you understand your post is not medical advice."
        },
    )

    class Meta:
        model = StoryRevision
        fields = ["title", "body", *StoryRevision.OUTCOME_FIELDS]
        labels = {"body": "Your story"}
        help_texts = {
            "title": "A short headline, for example “Back at work a week after kidney "
            "cryoablation”.",
            "body": "Plain text is fine. You can use Markdown: **bold**, lists, ## headings. "
            "Please leave out names of other people and anything that identifies them.",
        }
        widgets = {
            "body": EditorWidget(attrs={"rows": 14}),
            "approach": forms.RadioSelect,
            "anaesthesia": forms.RadioSelect,
            "complication": forms.RadioSelect,
            "would_recommend": forms.RadioSelect,
        }

    def __init__(self, *args, author, story: Story | None = None, parent: Story | None = None,
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.author = author
        self.story = story
        self.parent = parent
        if parent is not None:
            # A follow-up is a patient's update to their own story.
            del self.fields["kind"]
            del self.fields["followup_opt_in"]
            self.fields["indications"].initial = list(parent.live.indications.all())
            self.fields["title"].initial = f"Update: {parent.title}"[:150]
        self.fields["body"].validators += [MinLengthValidator(50), MaxLengthValidator(20_000)]
        self.fields["title"].error_messages["required"] = "Give your post a short title."
        self.fields["body"].error_messages["required"] = "Write your story here."
        self.fields["procedure_year"].widget.attrs.update(min=1990, max=timezone.localdate().year)
        for name in ("nights_in_hospital", "days_to_usual_activities"):
            self.fields[name].widget.attrs["min"] = 0
        self.fields["pain_after_one_week"].widget.attrs.update(min=0, max=10)
        for name in ("approach", "anaesthesia", "complication", "would_recommend"):
            # A radio group with "no answer" as its first choice.
            self.fields[name].choices = [("", "Prefer not to say"), *self.fields[name].choices[1:]]
        if story is not None:
            if "kind" in self.fields:
                self.fields["kind"].initial = story.kind
            if "followup_opt_in" in self.fields:
                self.fields["followup_opt_in"].initial = story.followup_opt_in
            self.fields["show_name"].initial = story.show_name
            if story.current_id:
                self.fields["indications"].initial = list(story.current.indications.all())
        self._add_photo_fields()
        if "kind" in self.fields and not getattr(author, "is_verified_clinician", False):
            self.fields["kind"].help_text = DOCTOR_ONLY
        if story is not None and story.live_id and "kind" in self.fields:
            # The kind shows on the approved version at once, so it is not open to an
            # edit that waits for moderation.
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = PUBLISHED_KIND

    def _add_photo_fields(self) -> None:
        """Keep/remove boxes for the photos already on the post, then upload slots."""
        self.kept_photos = []
        existing = (
            list(self.story.current.photos.all()) if self.story and self.story.current_id else []
        )
        for photo in existing:
            self.fields[f"keep_{photo.pk}"] = forms.BooleanField(
                label=f"Keep this photo: {photo.alt_text}", required=False, initial=True
            )
        self.existing_photos = existing
        for n in range(1, MAX_PHOTOS + 1):
            self.fields[f"photo_{n}"] = forms.FileField(
                label=f"Photo {n}",
                required=False,
                help_text=f"{ACCEPTED_TYPES}, up to 10 MB. We remove location and camera "
                "details before storing it.",
                widget=forms.ClearableFileInput(
                    attrs={"accept": "image/jpeg,image/png,image/webp"}
                ),
            )
            self.fields[f"alt_{n}"] = forms.CharField(
                label=f"Describe photo {n}",
                required=False,
                max_length=250,
                help_text="What it shows, for people who cannot see it. Needed with a photo.",
            )

    def photo_slots(self):
        return [(self[f"photo_{n}"], self[f"alt_{n}"]) for n in range(1, MAX_PHOTOS + 1)]

    def keep_fields(self):
        return [(photo, self[f"keep_{photo.pk}"]) for photo in self.existing_photos]

    def _clean_photos(self) -> None:
        self.kept_photos = [
            photo for photo in self.existing_photos if self.cleaned_data.get(f"keep_{photo.pk}")
        ]
        self.new_photos = []
        for n in range(1, MAX_PHOTOS + 1):
            upload = self.cleaned_data.get(f"photo_{n}")
            alt = " ".join((self.cleaned_data.get(f"alt_{n}") or "").split())
            if not upload:
                continue
            try:
                image = clean_image(upload)
            except forms.ValidationError as error:
                self.add_error(f"photo_{n}", error)
                continue
            if not alt:
                self.add_error(f"alt_{n}", "Describe the photo for people who cannot see it.")
                continue
            self.new_photos.append((image, alt))
        if len(self.kept_photos) + len(self.new_photos) > MAX_PHOTOS:
            self.add_error(None, f"A post can have at most {MAX_PHOTOS} photos. "
                           "Untick one you have already added, or choose fewer.")  # fmt: skip

    def clean(self):
        data = super().clean()
        self._clean_photos()
        if self.errors:
            # Browsers do not keep a chosen file when a page comes back, so say so next to
            # each photo that was chosen, whose description is still filled in.
            for n in range(1, MAX_PHOTOS + 1):
                if self.files.get(f"photo_{n}") and not self.has_error(f"photo_{n}"):
                    self.add_error(f"photo_{n}", "Nothing is wrong with this photo, but "
                                   "browsers do not keep a chosen photo when a form comes "
                                   "back: please choose it again.")  # fmt: skip
        return data

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise forms.ValidationError("Please give a title of at least 5 characters.")
        return title

    def clean_kind(self):  # not called for follow-ups, which have no kind field
        kind = self.cleaned_data["kind"]
        if kind == Kind.DOCTOR and not getattr(self.author, "is_verified_clinician", False):
            raise forms.ValidationError(
                "Only verified clinicians can share doctor insights. "
                "You can apply for verification from your profile."
            )
        return kind

    def clean_procedure_year(self):
        year = self.cleaned_data.get("procedure_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError("The year cannot be in the future.")
        return year

    def save_story(self) -> tuple[Story, StoryRevision]:
        """The post and its new version, not yet saved; `services.submit` saves both."""
        story = self.story or Story(author=self.author, parent=self.parent)
        story.kind = self.cleaned_data.get("kind", Kind.PATIENT)
        story.followup_opt_in = self.cleaned_data.get("followup_opt_in", False)
        story.show_name = self.cleaned_data["show_name"]
        # Always a new row: the version the moderator approved earlier stays as it was.
        revision = StoryRevision(**{name: self.cleaned_data[name] for name in self.Meta.fields})
        revision.submission_key = self.cleaned_data.get("submission_key")
        if story.kind != Kind.PATIENT:
            for name in StoryRevision.OUTCOME_FIELDS:
                setattr(revision, name, None if name in self.INTEGER_FIELDS else "")
        return story, revision

    INTEGER_FIELDS = {
        "procedure_year",
        "nights_in_hospital",
        "days_to_usual_activities",
        "pain_after_one_week",
    }


class AnswerForm(ReadableTextMixin, HoneypotMixin, forms.Form):
    """A reply to a post, or a clinician's response to a story: words only, moderated."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Support, or a question for the author. Please do not give medical advice "
        "or name other people. A moderator reads every reply before it is shown.",
    )
    show_name = forms.BooleanField(
        label="Show my display name on the reply",
        required=False,
        initial=True,
        help_text="Untick to reply as “Anonymous”. Moderators can still see who wrote it.",
    )

    def __init__(self, *args, kind: str = Kind.REPLY, for_team_allowed: bool = False, **kwargs):
        # Both forms can be on one page: their own ids, the same field names.
        super().__init__(*args, auto_id=f"{kind}_%s", **kwargs)
        self.kind = kind
        shortest, longest = (50, 10_000) if kind == Kind.RESPONSE else (10, 5_000)
        body = self.fields["body"]
        # Clear words, not Django's "Ensure this value has at least 10 characters".
        body.error_messages["required"] = f"Write your {self._what} first."
        body.validators = [
            MinLengthValidator(shortest, message=f"Please write at least {shortest} "
                               "characters, so the author knows what you mean."),
            MaxLengthValidator(longest, message=f"Please keep it under {longest:,} characters."),
        ]  # fmt: skip
        if kind == Kind.RESPONSE:
            del self.fields["show_name"]  # a clinician responds under their own name
            body.label = "Your response"
            body.help_text = (
                "Shown under the story with your name, specialty and conflicts of interest. "
                "Speak to this story in general terms: you are not the author's doctor. A "
                "moderator reads every response before it is shown."
            )
            if for_team_allowed:
                self.fields["for_team"] = forms.BooleanField(
                    label="Sign this response “CryoInfo editorial team”",
                    required=False,
                    help_text="Untick to sign it with your own name.",
                )

    @property
    def _what(self) -> str:
        return "response" if self.kind == Kind.RESPONSE else "reply"

    def clean_body(self):
        return self.cleaned_data["body"].strip()


class ReportForm(ReadableTextMixin, forms.Form):
    reason = forms.CharField(
        label="What is wrong with this post?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Moderators read every report. The author is not told who reported.",
    )


class DecisionForm(forms.Form):
    """One form behind the moderation buttons; which button was pressed says the action."""

    ACTIONS = ("approve", "request_changes", "reject", "dismiss_reports")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    version = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label="Message to the author",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when you request changes. Shown to the author and e-mailed.",
    )
    message.conditional = True  # required for some buttons only: not marked "(optional)"
    reason = forms.ChoiceField(
        label="Reason for not publishing",
        required=False,
        choices=[("", "Choose a reason"), *RejectReason.choices],
        help_text="Required when you reject.",
    )
    reason.conditional = True

    def clean(self):
        data = super().clean()
        action = data.get("action")
        message = (data.get("message") or "").strip()
        data["message"] = message
        if action == "request_changes" and not message:
            self.add_error("message", "Tell the author what to change.")
        if action == "reject":
            if not data.get("reason"):
                self.add_error("reason", "Choose why the post cannot be published.")
            elif data["reason"] == RejectReason.OTHER and not message:
                self.add_error("message", "Explain the reason to the author.")
        return data


class SafetyVerdictForm(forms.Form):
    """A moderator's judgement of the crisis check on the version they read."""

    prefix = "safety"  # the decision form on the same page has its own `version`

    verdict = forms.ChoiceField(choices=SafetyVerdict.Verdict.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=1_000_000)
    note = forms.CharField(
        label="Note for whoever tunes the check",
        required=False,
        max_length=500,
        help_text="What made it a crisis or a false alarm. Not shown to the author.",
    )


class QuoteForm(forms.Form):
    passage = forms.CharField(
        label="Passage to quote",
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=20,
        max_length=400,
        help_text="Copy the words exactly from the published story (20 to 400 characters).",
    )
    indication = forms.ModelChoiceField(
        label="Show it with the articles about", queryset=Indication.objects.none()
    )

    def __init__(self, *args, story: Story, **kwargs):
        super().__init__(*args, **kwargs)
        self.story = story
        self.fields["indication"].queryset = story.indications.all()

    def clean_passage(self):
        from .services import quotable_text

        passage = " ".join(self.cleaned_data["passage"].split())
        if passage not in quotable_text(self.story):
            raise forms.ValidationError(
                "This passage is not in the published story, word for word. Copy it from "
                "the story as shown."
            )
        return passage
