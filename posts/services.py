"""Saving reference articles, for the admin, the commands and the tests alike."""

from .indexing import sync_article
from .models import Article
from .tasks import schedule_publication


def save_article(article: Article, **save_kwargs) -> None:
    """
    Save an article, then keep the search index in step with it, and have it go out on
    time if it is scheduled. Call it once the article's indications are set (the admin
    does, after its related objects), so the entry carries them.
    """
    article.save(**save_kwargs)
    sync_article(article)
    schedule_publication(article)
