from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A CryoInfo account. Community features add to it; the sign-in name never shows publicly."""

    display_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="The name shown on the person's posts. Leave blank to show their user name.",
    )

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username
