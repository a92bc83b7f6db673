from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Reference articles"

    def ready(self) -> None:
        from search.index import register

        from . import signals  # noqa: F401 (connects the receivers)
        from .indexing import KIND, SOURCE

        register(KIND, SOURCE)
