from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cryoinfo.models import Indication

from .models import Article, TaggedArticle

ARTICLES_PER_PAGE = 12


def with_indications(articles):
    """Attach each article's indications as `.indication_list` in one extra query."""
    return articles.prefetch_related(
        Prefetch(
            "taggedarticle_set",
            queryset=TaggedArticle.objects.select_related("tag").order_by("tag__display_order"),
            to_attr="indication_links",
        )
    )


def get_article_for(request: HttpRequest, slug: str) -> Article:
    """The article a person may read: published ones for everybody, drafts for editors only."""
    articles = Article.objects.all()
    if not request.user.has_perm("posts.change_article"):
        articles = articles.published()
    return get_object_or_404(articles.prefetch_related("references"), slug=slug)


def article_list(request: HttpRequest) -> HttpResponse:
    articles = with_indications(Article.objects.published())
    indication = None
    if slug := request.GET.get("indication"):
        indication = get_object_or_404(Indication, slug=slug)
        articles = articles.filter(indications=indication)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "posts/article_list.html",
        {
            "page": page,
            "indication": indication,
            "indications": Indication.objects.all(),
            "extra_query": f"indication={indication.slug}" if indication else "",
        },
    )


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_article_for(request, slug)
    indications = Indication.objects.filter(tagged_articles__content_object=article)
    return render(
        request,
        "posts/article_detail.html",
        {
            "article": article,
            "indications": indications,
            "references": article.references.all(),
        },
    )
