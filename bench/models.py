from django.db import models


class Fortune(models.Model):
    """The TechEmpower "Fortunes" table, for a baseline page that does typical work."""

    message = models.CharField(max_length=2048)

    def __str__(self) -> str:
        return self.message
