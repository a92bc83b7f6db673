from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The pages that gather every app's content: home, indication hubs, feeds, sitemap."""

    name = "pages"
    verbose_name = "Site pages"
