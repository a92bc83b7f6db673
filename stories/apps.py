from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = "Community posts"

    def ready(self) -> None:
        from accounts.export import register_collector

        from . import signals  # noqa: F401  (connects the receivers)
        from .export import stories_data

        register_collector(stories_data)

        from search.index import register

        from .indexing import KIND, SOURCE

        register(KIND, SOURCE)
