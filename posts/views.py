from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cryoinfo.models import Indication, indication_from_query
from cryoinfo.pagecache import cache_anonymous_page
from stories.models import CARD_FIELDS, Story, StoryQuote

from .models import ARTICLE_CARD_FIELDS, Article

ARTICLES_PER_PAGE = 12
# What a quote's caption shows of its story: the title, linked, and the byline.
QUOTE_STORY_FIELDS = (
    "title", "show_name",
    "author__username", "author__display_name", "author__first_name", "author__last_name",
)  # fmt: skip


def get_article_for(request: HttpRequest, slug: str) -> Article:
    """The article a person may read: published ones for everybody, drafts for editors only."""
    articles = Article.objects.all()
    if not request.user.has_perm("posts.change_article"):
        articles = articles.published()
    return get_object_or_404(articles, slug=slug)


@cache_anonymous_page
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.published().for_cards()
    indication = indication_from_query(request.GET.get("indication"))
    if indication:
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


@cache_anonymous_page
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_article_for(request, slug)
    indications = list(Indication.objects.filter(tagged_articles__content_object=article))
    # Each query below loads only the columns the page shows: building a query and
    # its model instances costs more here than the database does.
    return render(
        request,
        "posts/article_detail.html",
        {
            "article": article,
            "indications": indications,
            # Related cards go without their indication chips: one query each.
            "related_stories": (
                Story.objects.public()
                .about(indications)
                .select_related("author")
                .only(*CARD_FIELDS)[:3]
            ),
            "related_articles": (
                Article.objects.published()
                .about(indications)
                .exclude(pk=article.pk)
                .only(*ARTICLE_CARD_FIELDS)[:3]
            ),
            "quotes": (
                StoryQuote.objects.filter(
                    indication__in=indications, story__in=Story.objects.public()
                )
                .select_related("story__author")
                .only("passage", *(f"story__{name}" for name in QUOTE_STORY_FIELDS))[:2]
            ),
            "references": list(article.references.all()),
        },
    )
