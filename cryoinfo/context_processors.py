import logging
import uuid

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from cryoinfo.pagecache import PAGE_SECONDS, current_generation

logger = logging.getLogger(__name__)


def fragment_cache(request) -> dict:
    """
    What the templates' {% cache %} keys carry: the release, and how long a fragment lasts.

    GENERATION keys the parts of a page that every reader sees alike (a list of stories,
    an article's body): the whole-page cache's generation number, which moves on whenever
    anything public changes, so such a part is shared by signed-in readers until then,
    and lasts SHARED_SECONDS at most, as a kept page does. It is read only by a page that
    uses it. When the cache cannot say, each page gets a key of its own: nothing shared.
    """
    return {
        "RELEASE": settings.RELEASE,
        "FRAGMENT_SECONDS": settings.FRAGMENT_SECONDS,
        "SHARED_SECONDS": PAGE_SECONDS,
        "GENERATION": SimpleLazyObject(_generation),
    }


def _generation():
    try:
        generation = current_generation()
    except Exception:  # a cache that is down must not take the page down with it
        logger.warning("The page generation could not be read", exc_info=True)
        generation = None
    return generation if generation is not None else f"unknown-{uuid.uuid4().hex}"
