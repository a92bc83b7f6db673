from django.db import models


class Fortune(models.Model):
    """The table the site's bench app made and filled; the bare project only reads it."""

    message = models.CharField(max_length=2048)

    class Meta:
        managed = False
        db_table = "bench_fortune"

    def __str__(self) -> str:
        return self.message
