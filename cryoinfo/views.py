import logging
import sys

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from . import health
from .images import clean_image
from .markdown import markdownify

logger = logging.getLogger(__name__)

PREVIEW_MAX_LENGTH = 100_000


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The state of each service as JSON: 503 without the database, else 200."""
    state = health.report()
    return JsonResponse(state, status=503 if state["status"] == health.DOWN else 200)


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
        # Said through the renderer, so the preview pane shows it like any other text.
        return HttpResponse(markdownify("This text is too long to preview."), status=413)
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


def server_error(request: HttpRequest) -> HttpResponse:
    """
    The 500 handler. When the database is unreachable (a restart, a failover) the reader
    gets a "back in a moment" page with 503 and Retry-After, not an error page; rendered
    without the request, whose session and user would need the database too.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Shown when django-ratelimit blocks a request outright."""
    return render(request, "429.html", status=429)
