from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ClinicianProfile, User

# Status and the decision change only through the actions, which record who and when.
DECISION_FIELDS = ("status", "submitted_at", "decided_at", "decided_by")


class ClinicianProfileInline(admin.StackedInline):
    model = ClinicianProfile
    fk_name = "user"
    extra = 0
    max_num = 1
    fields = [
        ("specialty", "registration_number"),
        "institution",
        "conflicts_of_interest",
        "admin_note",
        DECISION_FIELDS,
    ]
    readonly_fields = DECISION_FIELDS


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Public profile", {"fields": ("display_name",)}),
    )
    list_display = ("username", "email", "display_name", "is_staff", "is_active")
    search_fields = (*BaseUserAdmin.search_fields, "display_name")
    inlines = [ClinicianProfileInline]


@admin.register(ClinicianProfile)
class ClinicianProfileAdmin(admin.ModelAdmin):
    list_display = [
        "applicant",
        "specialty",
        "registration_number",
        "institution",
        "status",
        "submitted_at",
        "decided_by",
    ]
    list_filter = ["status"]
    list_select_related = ["user", "decided_by"]
    search_fields = [
        "user__username",
        "user__email",
        "user__display_name",
        "registration_number",
        "institution",
        "specialty",
    ]
    autocomplete_fields = ["user"]
    readonly_fields = DECISION_FIELDS
    actions = ["verify_selected", "reject_selected"]
    fieldsets = [
        ("Applicant", {"fields": ["user"]}),
        (
            "What they told us",
            {
                "fields": [
                    "specialty",
                    "registration_number",
                    "institution",
                    "conflicts_of_interest",
                ]
            },
        ),
        ("Decision", {"fields": ["admin_note", *DECISION_FIELDS]}),
    ]

    @admin.display(description="applicant", ordering="user__display_name")
    def applicant(self, profile: ClinicianProfile) -> str:
        return f"{profile.user.public_name} ({profile.user.email})"

    @admin.action(description="Verify selected clinicians", permissions=["change"])
    def verify_selected(self, request, queryset):
        count = 0
        for profile in queryset.exclude(status=ClinicianProfile.Status.VERIFIED):
            profile.verify(by=request.user)
            count += 1
        self.message_user(request, f"Verified {count} clinician(s).", messages.SUCCESS)

    @admin.action(description="Reject selected", permissions=["change"])
    def reject_selected(self, request, queryset):
        count = 0
        for profile in queryset.exclude(status=ClinicianProfile.Status.REJECTED):
            # Keeps the note already written; write or edit it on the application's page.
            profile.reject(by=request.user, note=profile.admin_note)
            count += 1
        self.message_user(
            request,
            f"Rejected {count} application(s). Open each one to tell the applicant why in "
            "“note to the applicant”.",
            messages.SUCCESS,
        )
