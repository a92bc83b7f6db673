"""
Caches that step aside when Redis is down, rather than take the site down with them.

Everything the cache holds can be done without, a little slower: kept pages and
fragments are rendered afresh, rate limits stop counting (sessions live in the
database). So every cache operation that fails is logged (once a minute at most, not
once per request) and answers as an empty cache would, except `add`, which answers
"added": the callers that use it (rate limits, one-time codes) then let the request
through rather than refuse everyone. Redis clients reconnect by themselves, so the cache
is back in use as soon as Redis is, without a restart.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

WARN_EVERY_SECONDS = 60
_last_warning = 0.0


def _warn(operation: str) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARN_EVERY_SECONDS:
        _last_warning = now
        logger.warning(
            "The cache is unreachable (%s failed); carrying on without it", operation,
            exc_info=True,
        )  # fmt: skip


class _Forgiving:
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except Exception:
            _warn("get")
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except Exception:
            _warn("get_many")
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except Exception:
            _warn("has_key")
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except Exception:
            _warn("set")

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except Exception:
            _warn("set_many")
            return list(data)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except Exception:
            _warn("add")
            return True

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except ValueError:  # the key is missing: the caller decides
            raise
        except Exception:
            _warn("incr")
            return delta

    def decr(self, key, delta=1, version=None):
        try:
            return super().decr(key, delta, version)
        except ValueError:
            raise
        except Exception:
            _warn("decr")
            return -delta

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except Exception:
            _warn("touch")
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except Exception:
            _warn("delete")
            return False

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except Exception:
            _warn("delete_many")


class ReusedClientRedisCacheClient(RedisCacheClient):
    """
    Django's Redis client, keeping one `redis.Redis` per connection pool.

    Django makes a new `redis.Redis` for every cache operation. With redis-py 8 that costs
    about 90 µs (it builds its table of command callbacks afresh), as much as the round
    trip to Redis itself: a page served from the cache spent half its cache time there.
    A `redis.Redis` is safe to share between threads (each command takes a connection
    from the pool), so one per pool is enough. Django's `get_client` says it is there to
    be overridden; `_get_connection_pool` is Django's own, tested in test_cache.py.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = super().get_client(key, write=write)
        return client


class ForgivingRedisCache(_Forgiving, RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


class ForgivingLocMemCache(_Forgiving, LocMemCache):
    pass
