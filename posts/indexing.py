"""Reference articles in the search index (search.index): written after each save."""

from django.db.models import Max

from search.index import Page, Source, index_page, remove_page
from search.models import SearchEntry

from .models import Article

KIND = SearchEntry.Kind.ARTICLE


def indexed(article: Article) -> bool:
    """Published or scheduled: search itself hides what is not out yet."""
    return article.status == Article.Status.PUBLISHED and article.published_at is not None


def page_of(article: Article) -> Page:
    return Page(
        object_id=article.pk,
        title=article.title,
        summary=article.summary,
        body_html=article.body_html,
        url=article.get_absolute_url(),
        published_at=article.published_at,
        label="Reference article",
        indications=frozenset(tag.pk for tag in article.indications.all()),
    )


def sync_article(article: Article) -> None:
    """Index a published (or scheduled) article; drop a draft from the index."""
    if indexed(article):
        index_page(KIND, page_of(article))
    else:
        remove_page(KIND, article.pk)


def _published():
    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__isnull=False)


def published_pages(after: int, upto: int | None, limit: int) -> list[Page]:
    """The next published articles by id, locked until the rebuild's batch commits."""
    articles = _published().filter(pk__gt=after)
    if upto is not None:
        articles = articles.filter(pk__lte=upto)
    articles = articles.order_by("pk").select_for_update().prefetch_related("indications")[:limit]
    return [page_of(article) for article in articles]


SOURCE = Source(
    count=lambda: _published().count(),
    last_id=lambda: _published().aggregate(last=Max("pk"))["last"] or 0,
    pages=published_pages,
)
