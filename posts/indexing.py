"""Reference articles in the search index (search.index): written after each save."""

from search.index import index_page, remove_page
from search.models import SearchEntry

from .models import Article

KIND = SearchEntry.Kind.ARTICLE


def sync_article(article: Article) -> None:
    """Index a published (or scheduled) article; drop a draft from the index."""
    if article.status != Article.Status.PUBLISHED or not article.published_at:
        remove_page(KIND, article.pk)
        return
    index_page(
        KIND,
        article.pk,
        title=article.title,
        summary=article.summary,
        body_html=article.body_html,
        url=article.get_absolute_url(),
        published_at=article.published_at,
        label="Reference article",
        indications=article.indications.all(),
    )


def index_all_articles() -> None:
    for article in Article.objects.filter(status=Article.Status.PUBLISHED):
        sync_article(article)
