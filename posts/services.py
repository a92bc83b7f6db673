"""Saving reference articles, for the admin, the commands and the tests alike."""

from .indexing import sync_article
from .models import Article


def save_article(article: Article, **save_kwargs) -> None:
    """
    Save an article, then keep the search index in step with it. Call it once the
    article's indications are set (the admin does, after its related objects), so the
    entry carries them.
    """
    article.save(**save_kwargs)
    sync_article(article)
