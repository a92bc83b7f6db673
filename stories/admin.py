from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from cryoinfo.admin import indication_filter

from . import services
from .models import (
    ModerationDecision,
    RejectReason,
    Report,
    SafetyVerdict,
    Story,
    StoryRevision,
)
from .permissions import is_moderator

IndicationFilter = indication_filter("current__indications__slug")


class RevisionInline(admin.StackedInline):
    model = StoryRevision
    extra = 0
    can_delete = False
    fields = ["number", "title", "body", "flagged_for_safety", "safety_concerns", "created_at"]
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class DecisionInline(admin.TabularInline):
    model = ModerationDecision
    extra = 0
    can_delete = False
    fields = ["decided_at", "moderator", "revision", "action", "reason", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class BulkRejectForm(forms.Form):
    reason = forms.ChoiceField(choices=RejectReason.choices)
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Sent to every author of the selected posts.",
    )


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "kind", "status", "submitted_at", "is_public"]
    list_filter = ["status", "kind", IndicationFilter, "hidden"]
    search_fields = ["title", "current__title", "current__body", "author__email"]
    list_select_related = ["author", "current"]
    readonly_fields = [
        "author", "kind", "status", "current", "live", "title", "show_name", "version",
        "moderator_message", "hidden", "consent_terms_version", "consented_at",
        "submitted_at", "published_at", "withdrawn_at",
    ]  # fmt: skip
    fields = readonly_fields
    inlines = [RevisionInline, DecisionInline]
    actions = ["approve_selected", "reject_selected"]

    def has_add_permission(self, request):
        return False

    @admin.display(boolean=True, description="public")
    def is_public(self, story: Story) -> bool:
        return story.is_public

    def has_moderate_permission(self, request) -> bool:
        return is_moderator(request.user)

    @admin.action(description="Approve the selected posts", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        done, skipped = 0, 0
        for story in queryset.select_related("current"):
            try:
                services.approve(story, story.version, request.user)
                done += 1
            except services.AlreadyDecided:
                skipped += 1
        self.message_user(request, f"Approved {done} post(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} post(s) were not waiting for review.", messages.WARNING
            )

    @admin.action(description="Reject the selected posts…", permissions=["moderate"])
    def reject_selected(self, request, queryset):
        form = BulkRejectForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            done = 0
            for story in queryset.select_related("current", "live"):
                try:
                    services.reject(
                        story,
                        story.version,
                        request.user,
                        form.cleaned_data["reason"],
                        form.cleaned_data["message"],
                    )
                    done += 1
                except services.AlreadyDecided:
                    pass
            self.message_user(request, f"Rejected {done} post(s).", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/stories/reject_selected.html",
            {
                **self.admin_site.each_context(request),
                "title": "Reject the selected posts",
                "form": form,
                "stories": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["story", "reporter", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]
    list_select_related = ["story", "reporter"]
    readonly_fields = ["story", "reporter", "reason", "created_at", "resolved_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SafetyVerdict)
class SafetyVerdictAdmin(admin.ModelAdmin):
    """The log moderators keep of the crisis check: read it to tune `stories.safety`."""

    list_display = ["decided_at", "verdict", "matched", "moderator", "note"]
    list_filter = ["verdict", "decided_at"]
    readonly_fields = ["revision", "verdict", "pattern_keys", "note", "moderator", "decided_at"]

    @admin.display(description="Patterns matched")
    def matched(self, verdict: SafetyVerdict) -> str:
        return ", ".join(verdict.pattern_keys) or "none (missed by the check)"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
