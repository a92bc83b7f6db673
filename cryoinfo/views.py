import logging
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from posts.models import Article
from stories.models import Story
from stories.outcomes import comparison_table, outcome_summary

from .images import clean_image
from .markdown import markdownify, render_markdown
from .models import Indication, all_indications, attach_indication_names
from .pagecache import cache_anonymous_page

logger = logging.getLogger(__name__)

PAGES_DIR = Path(__file__).resolve().parent / "pages"
PAGES = {
    "about": "About CryoInfo",
    "editorial-policy": "Editorial policy",
    "medical-disclaimer": "Medical disclaimer",
    "privacy": "Privacy",
}
PREVIEW_MAX_LENGTH = 100_000
HUB_ARTICLES = 9  # on an indication's hub; the rest are on the article list


# The home and hub pages show article and story cards: their indications come in one
# query for all (attach_indication_names), not one per list.


def _loaded_tally(indication: Indication):
    try:
        return indication.outcome_tally
    except ObjectDoesNotExist:  # not counted yet: outcome_summary() counts and stores it
        return None


@cache_anonymous_page
def home(request: HttpRequest) -> HttpResponse:
    articles = list(Article.objects.published().for_cards(names=False)[:6])
    stories = list(Story.objects.public().originals().for_cards(names=False)[:3])
    attach_indication_names(articles, stories)
    return render(
        request,
        "cryoinfo/home.html",
        {"indications": all_indications(), "latest_articles": articles, "latest_stories": stories},
    )


@cache_anonymous_page
def indication_list(request: HttpRequest) -> HttpResponse:
    indications = all_indications()
    return render(
        request,
        "cryoinfo/indication_list.html",
        {"indications": indications, "comparison": comparison_table(indications)},
    )


@cache_anonymous_page
def indication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The page lists every indication anyway (a handful), so find this one among them
    # rather than asking the database twice.
    # Each with its stored outcome tally: a join, not a query of its own.
    indications = list(Indication.objects.select_related("outcome_tally"))
    indication = next((i for i in indications if i.slug == slug), None)
    if indication is None:
        raise Http404
    # The newest few articles; one more tells whether to link to the rest.
    articles = list(
        Article.objects.published()
        .filter(indications=indication)
        .for_cards(names=False)[: HUB_ARTICLES + 1]
    )
    stories = list(
        Story.objects.public().originals().about([indication.pk]).for_cards(names=False)[:6]
    )
    attach_indication_names(articles[:HUB_ARTICLES], stories)
    return render(
        request,
        "cryoinfo/indication_detail.html",
        {
            "indication": indication,
            "articles": articles[:HUB_ARTICLES],
            "more_articles": len(articles) > HUB_ARTICLES,
            "stories": stories,
            "indications": indications,
            "outcomes": outcome_summary(indication, _loaded_tally(indication)),
        },
    )


@lru_cache(maxsize=len(PAGES))
def _page_html(slug: str) -> str:
    return render_markdown((PAGES_DIR / f"{slug}.md").read_text(encoding="utf-8")).html


@cache_anonymous_page
def page(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in PAGES:
        raise Http404
    return render(
        request,
        "cryoinfo/page.html",
        {"title": PAGES[slug], "slug": slug, "body_html": _page_html(slug)},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def _editor_allowed(request: HttpRequest) -> bool:
    # markdownx's own views accept anyone; ours take signed-in staff only.
    return request.user.is_authenticated and request.user.is_staff


@require_POST
def editor_preview(request: HttpRequest) -> HttpResponse:
    # Signed-in authors preview their posts; the preview is sanitised like the page.
    if not request.user.is_authenticated:
        return HttpResponse("Sign in to preview.", status=403)
    content = request.POST.get("content", "")
    if len(content) > PREVIEW_MAX_LENGTH:
        return HttpResponse("<p>This text is too long to preview.</p>", status=413)
    return HttpResponse(markdownify(content))


@require_POST
def editor_upload(request: HttpRequest) -> JsonResponse:
    if not _editor_allowed(request):
        return JsonResponse({"image": ["Sign in as an editor to upload images."]}, status=403)
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": ["Choose an image to upload."]}, status=400)
    try:
        image = clean_image(upload)
    except ValidationError as exc:
        return JsonResponse({"image": exc.messages}, status=400)
    name = default_storage.save(f"editor/{image.name}", image)
    # The placeholder alt text prompts the editor to describe the picture.
    return JsonResponse({"image_code": f"![Describe this image]({default_storage.url(name)})"})


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Shown when django-ratelimit blocks a request outright."""
    return render(request, "429.html", status=429)
