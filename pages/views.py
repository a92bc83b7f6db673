"""
The pages that gather several apps: the home page, the indication hubs and their index,
and the policy pages. Each app's own pages live in that app.
"""

from functools import lru_cache, partial
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from cryoinfo.markdown import render_markdown
from cryoinfo.models import Indication, all_indications, attach_indication_names
from cryoinfo.pagecache import cache_anonymous_page
from cryoinfo.shared import lazy
from posts.models import Article
from stories.models import Story
from stories.outcomes import comparison_table, outcome_summary
from stories.selectors import moderation_figures

PAGES_DIR = Path(__file__).resolve().parent / "content"
PAGES = {
    "about": "About CryoInfo",
    "editorial-policy": "Editorial policy",
    "medical-disclaimer": "Medical disclaimer",
    "privacy": "Privacy",
}
HUB_ARTICLES = 9  # on an indication's hub; the rest are on the article list


# The home and hub pages show article and story cards: their indications come in one
# query for all (attach_indication_names), not one per list.


def _loaded_tally(indication: Indication):
    try:
        return indication.outcome_tally
    except ObjectDoesNotExist:  # not counted yet: outcome_summary() counts and stores it
        return None


@require_safe
@cache_anonymous_page
def home(request: HttpRequest) -> HttpResponse:
    # Read only when the page's shared part is not kept (see fragment_cache).
    return render(request, "pages/home.html", {"shown": SimpleLazyObject(_home_lists)})


def _home_lists() -> dict:
    articles = list(Article.objects.published().for_cards()[:6])
    stories = list(Story.objects.public().originals().for_cards()[:3])
    attach_indication_names(articles, stories)
    return {"indications": all_indications(), "articles": articles, "stories": stories}


@require_safe
@cache_anonymous_page
def indication_list(request: HttpRequest) -> HttpResponse:
    indications = all_indications()
    return render(
        request,
        "pages/indication_list.html",
        {"indications": indications, "comparison": comparison_table(indications)},
    )


@require_safe
@cache_anonymous_page
def indication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Read only when the hub's parts are not kept (cryoinfo.shared); an unknown slug is
    # never kept, so it is looked up, and not found, every time.
    names = ("indication", "articles", "more_articles", "stories", "indications", "outcomes")
    return render(request, "pages/indication_detail.html", lazy(partial(_hub, slug), *names))


def _hub(slug: str) -> dict:
    # The page lists every indication anyway (a handful), so find this one among them
    # rather than asking the database twice.
    # Each with its stored outcome tally: a join, not a query of its own.
    indications = list(Indication.objects.select_related("outcome_tally"))
    indication = next((i for i in indications if i.slug == slug), None)
    if indication is None:
        raise Http404
    # The newest few articles; one more tells whether to link to the rest.
    articles = list(
        Article.objects.published().filter(indications=indication).for_cards()[: HUB_ARTICLES + 1]
    )
    stories = list(Story.objects.public().originals().about([indication.pk]).for_cards()[:6])
    attach_indication_names(articles[:HUB_ARTICLES], stories)
    return {
        "indication": indication,
        "articles": articles[:HUB_ARTICLES],
        "more_articles": len(articles) > HUB_ARTICLES,
        "stories": stories,
        "indications": indications,
        "outcomes": outcome_summary(indication, _loaded_tally(indication)),
    }


@lru_cache(maxsize=len(PAGES))
def _page_html(slug: str) -> str:
    return render_markdown((PAGES_DIR / f"{slug}.md").read_text(encoding="utf-8")).html


@require_safe
@cache_anonymous_page
def page(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in PAGES:
        raise Http404
    context = {"title": PAGES[slug], "slug": slug, "body_html": _page_html(slug)}
    if slug == "editorial-policy":
        context["figures"] = moderation_figures()  # published as Care Opinion does its own
    return render(request, "pages/page.html", context)
