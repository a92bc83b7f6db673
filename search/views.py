import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cryoinfo.models import Indication
from posts.models import Article
from posts.views import with_indications

SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 8


def search(request: HttpRequest) -> HttpResponse:
    """Find published articles containing every word of the query."""
    query = request.GET.get("q", "").replace("\x00", "").strip()
    error = ""
    page = None
    if len(query) > SEARCH_MAX_LENGTH:
        error = f"Please use a shorter search (at most {SEARCH_MAX_LENGTH} characters)."
    elif query:
        words = re.findall(r"\w+", query)[:SEARCH_MAX_WORDS]
        articles = Article.objects.published()
        for word in words:
            articles = articles.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            )
        if not words:
            articles = articles.none()
        page = Paginator(with_indications(articles), 10).get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "extra_query": urlencode({"q": query}),
            "error": error,
            "page": page,
            "indications": Indication.objects.all(),
        },
    )
