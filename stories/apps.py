from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = "Community posts"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
