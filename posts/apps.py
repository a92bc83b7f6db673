from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Reference articles"

    def ready(self) -> None:
        from search.index import register_rebuild

        from . import signals  # noqa: F401 (connects the receivers)
        from .indexing import KIND, index_all_articles

        register_rebuild(KIND, index_all_articles)
