"""
The parts of a page that every reader sees alike, read from the database only when they
are not kept.

A signed-in reader never gets a kept page (cryoinfo.pagecache), but most of what their
page shows is what everyone sees: the list of stories, an article's body, a hub's charts.
Templates keep those parts with `{% cache SHARED_SECONDS "name" GENERATION ... %}`, under
the page cache's generation number (see `cryoinfo.context_processors.fragment_cache`), so
they are dropped whenever anything public changes. The view hands the template `lazy()`
values instead of lists: a value is read from the database only when a template uses it,
which is only when its part is not kept. When it is kept, the page makes no query for it.
"""

from functools import partial
from operator import getitem

from django.utils.functional import SimpleLazyObject


def lazy(read, *names: str) -> dict:
    """
    Context values, one per name, read together by `read()` (which returns a dict with
    those names) the first time a template uses any of them, and never if none is used.
    """
    values = SimpleLazyObject(read)
    return {name: SimpleLazyObject(partial(getitem, values, name)) for name in names}
