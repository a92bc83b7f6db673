"""
Addresses of pages, worked out once per process instead of on every use.

`reverse()` matches the URL patterns afresh on each call, some 30 µs here; a list page
links twenty cards and a dozen header and footer pages. These give what `reverse()`
gives, from a lookup kept per URL configuration and script prefix: the addresses depend
on the code alone, never on data or on the reader.
"""

import re
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Stand in for an object's key while its address is worked out, then split on: one for
# keys that are numbers, one for slugs.
_MARKERS = {int: 987654321987654321, str: "cryoinfo-address-marker"}
# Keys that go into an address as they are: no character in them is ever quoted.
_PLAIN_KEY = re.compile(r"[-a-zA-Z0-9_]+")


def page_url(name: str) -> str:
    """`reverse(name)` for a page whose address takes no arguments."""
    return _reverse(get_urlconf(), get_script_prefix(), name)


def object_url(name: str, key: int | str) -> str:
    """
    `reverse(name, args=[key])` for the page of one object, by its id (an `int` path
    converter) or its slug (`slug` or `str`); anything else goes through `reverse()`.
    """
    kind = type(key)
    if kind is int or (kind is str and _PLAIN_KEY.fullmatch(key)):
        parts = _around_key(get_urlconf(), get_script_prefix(), name, kind)
        if parts:
            return f"{parts[0]}{key}{parts[1]}"
    return reverse(name, args=[key])


@lru_cache(maxsize=128)
def _reverse(urlconf: str | None, script_prefix: str, name: str) -> str:
    return reverse(name, urlconf=urlconf)


@lru_cache(maxsize=128)
def _around_key(urlconf: str | None, script_prefix: str, name: str, kind: type):
    """The address with a key of this kind taken out, as (before, after), or None."""
    marker = str(_MARKERS[kind])
    try:
        url = reverse(name, urlconf=urlconf, args=[_MARKERS[kind]])
    except NoReverseMatch:  # the address takes no such key: reverse() says why
        return None
    before, found, after = url.partition(marker)
    if not found or marker in after:
        return None
    return before, after


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URL configuration
        _reverse.cache_clear()
        _around_key.cache_clear()
