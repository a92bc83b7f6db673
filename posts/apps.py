from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Reference articles"

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the receivers)
