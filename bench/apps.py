from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed only for `make bench` (DJANGO_BENCH=1): the baseline pages and their data."""

    name = "bench"
