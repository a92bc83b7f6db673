from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cryoinfo.models import Indication

from .backends import COUNT_LIMIT, terms
from .backends import search as run_search
from .models import SearchEntry

SEARCH_MAX_LENGTH = 200
RESULTS_PER_PAGE = 10
KINDS = {"article": SearchEntry.Kind.ARTICLE, "story": SearchEntry.Kind.STORY}


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """
    Full-text search over published articles and approved posts.

    A few matches are ranked, best first; more than COUNT_LIMIT are listed newest first,
    and the page says which (search/backends.py explains why).
    """
    query = request.GET.get("q", "").replace("\x00", "").strip()
    kind = request.GET.get("type") if request.GET.get("type") in KINDS else ""
    indications = list(Indication.objects.all())
    indication = next((i for i in indications if i.slug == request.GET.get("indication")), None)
    error, page, results = "", None, None
    if len(query) > SEARCH_MAX_LENGTH:
        error = f"Please use a shorter search (at most {SEARCH_MAX_LENGTH} characters)."
    elif query and not terms(query):
        error = "Please search for words, for example “kidney recovery”."
    elif query:
        results = run_search(query, kind=kind or None, indication=indication and indication.pk)
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    params = {"q": query, "type": kind, "indication": indication.slug if indication else ""}
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "kind": kind,
            "indication": indication,
            "indications": indications,
            "extra_query": urlencode({k: v for k, v in params.items() if v}),
            "error": error,
            "page": page,
            "many": results is not None and results.many,
            "newest_first": results is not None and results.newest_first,
            "count_limit": f"{COUNT_LIMIT:,}",
            "suggested": (_newest_articles() if page is not None and not page.object_list else []),
        },
    )


def _newest_articles():
    """Places to start when nothing matched: the newest reference articles in the index."""
    return (
        SearchEntry.objects.filter(kind=SearchEntry.Kind.ARTICLE, published_at__lte=timezone.now())
        .only("title", "summary", "url")
        .order_by("-published_at")[:4]
    )
