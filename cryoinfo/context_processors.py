from django.conf import settings


def fragment_cache(request) -> dict:
    """What the templates' {% cache %} keys carry: the release, and how long a fragment lasts."""
    return {"RELEASE": settings.RELEASE, "FRAGMENT_SECONDS": settings.FRAGMENT_SECONDS}
