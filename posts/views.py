from functools import partial

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accounts.two_factor import has_two_factor
from cryoinfo.models import Indication, attach_indication_names, indication_from_query
from cryoinfo.pagecache import cache_anonymous_page
from cryoinfo.shared import lazy

from .models import Article, related_articles

ARTICLES_PER_PAGE = 12


def get_article_for(request: HttpRequest, slug: str) -> Article:
    """The article a person may read: published ones for everybody, drafts for editors only."""
    # Drafts for editors who signed in with a second factor, as the admin requires.
    if request.user.has_perm("posts.change_article") and has_two_factor(request.user):
        return get_object_or_404(Article, slug=slug)
    # The page shows the HTML made from the Markdown when it was saved, not the Markdown.
    # get(), not first(): one row by its slug needs no ORDER BY, which costs the ORM time.
    try:
        return Article.objects.published().defer("body").get(slug=slug)
    except Article.DoesNotExist:
        raise Http404("No published article here.") from None


@require_safe
@cache_anonymous_page
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.published().for_cards()
    indication = indication_from_query(request.GET.get("indication"))
    if indication:
        articles = articles.filter(indications=indication)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    attach_indication_names(page.object_list)
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


@require_safe
@cache_anonymous_page
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_article_for(request, slug)
    return render(
        request,
        "posts/article_detail.html",
        {
            "article": article,
            # The references signed off with the words: kept on the row, no query.
            "references": article.published_references,
            **lazy(partial(_related, article), "indications", "related_articles"),
        },
    )


def _related(article: Article) -> dict:
    indications = list(article.indications.all())
    indication_ids = [indication.pk for indication in indications]
    return {
        "indications": indications,
        "related_articles": related_articles(indication_ids, [article.pk]),
    }
