from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class User(AbstractUser):
    """A CryoInfo account. Community features add to it; the sign-in name never shows publicly."""

    display_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="The name shown on the person's posts. Leave blank to show their user name.",
    )
    # Moved on by every change to what the person may do (accounts.signals), so the copy
    # of their permissions each process keeps (accounts.backends) is never used after one.
    permissions_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta(AbstractUser.Meta):
        constraints = [
            # People sign in with their e-mail address, so two accounts must never share one
            # (the sign-in backend refuses an address that matches more than one account).
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_email_unique_ci",
                violation_error_message="Another account already uses this e-mail address.",
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    def save(self, *args, **kwargs):
        # permissions_version is moved on by the database alone (accounts.signals): a save
        # of a person loaded before a change to their groups must not put it back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "permissions_version"
            ]
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_verified_clinician(self) -> bool:
        """True for a clinician whose registration staff have checked.

        Costs no query when the profile was fetched with `select_related("clinician_profile")`.
        """
        try:
            profile = self.clinician_profile
        except ObjectDoesNotExist:
            return False
        return profile.status == ClinicianProfile.Status.VERIFIED


class ClinicianProfile(models.Model):
    """A person's application to be shown as a verified clinician, and staff's decision on it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        VERIFIED = "verified", "Verified clinician"
        REJECTED = "rejected", "Not verified"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinician_profile"
    )
    specialty = models.CharField(
        max_length=120, help_text="As the applicant gave it, e.g. 'Interventional radiology'."
    )
    registration_number = models.CharField(
        "professional registration number",
        max_length=60,
        help_text="Check it against the public register of the applicant's regulator "
        "(e.g. GMC, NMC, HCPC) before verifying, and that the name there matches.",
    )
    institution = models.CharField(
        max_length=200, help_text="Where the applicant says they practise."
    )
    conflicts_of_interest = models.TextField(
        help_text="What the applicant declared: payments, shares, consultancy, speaker fees. "
        "'None' is an acceptable answer."
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        help_text="Change it with the 'Verify' and 'Reject' actions in the list, so the "
        "decision and who made it are recorded.",
    )
    submitted_at = models.DateTimeField(
        default=timezone.now, help_text="When the applicant last sent or updated the application."
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    admin_note = models.TextField(
        "note to the applicant",
        blank=True,
        help_text="The applicant sees this on their clinician page. When you reject, say why "
        "and what would help, in plain words.",
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "-submitted_at"], name="clinician_status_sub")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="clinician_decision_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.public_name}: {self.specialty} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("accounts:clinician")

    def verify(self, by: User) -> None:
        self._decide(self.Status.VERIFIED, by)

    def reject(self, by: User, note: str = "") -> None:
        if note:
            self.admin_note = note
        self._decide(self.Status.REJECTED, by)

    def resubmit(self) -> None:
        """Back to the review queue after the applicant changed their details."""
        self.status = self.Status.PENDING
        self.submitted_at = timezone.now()
        self.decided_at = None
        self.decided_by = None

    def _decide(self, status: str, by: User) -> None:
        self.status = status
        self.decided_by = by
        self.decided_at = timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at", "admin_note"])
