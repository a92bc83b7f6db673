"""
The cache behind the templates' {% cache %} fragments ("template_fragments", which the
tag uses when it exists). A fragment cache that cannot be reached must not take the page
down with it: these backends log and carry on, and the fragment is rendered afresh.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class _Forgiving:
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except Exception:
            logger.warning("A page fragment could not be read from the cache", exc_info=True)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except Exception:
            logger.warning("A page fragment could not be kept in the cache", exc_info=True)


class ForgivingRedisCache(_Forgiving, RedisCache):
    pass


class ForgivingLocMemCache(_Forgiving, LocMemCache):
    pass
