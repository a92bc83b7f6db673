"""`{% page_url %}`: the address of a page that takes no arguments, looked up once."""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def page_url(name: str) -> str:
    """
    `{% page_url 'about' %}` is `{% url 'about' %}` for a URL without arguments, which is
    the same on every request: it is looked up once per process (per URL configuration and
    script prefix) rather than on every render. The header and footer hold a dozen, which
    `{% url %}` would reverse again on every page, a fifth of a simple page's rendering.
    """
    return _reverse(get_urlconf(), get_script_prefix(), name)


@lru_cache(maxsize=128)
def _reverse(urlconf: str | None, script_prefix: str, name: str) -> str:
    return reverse(name, urlconf=urlconf)


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URL configuration
        _reverse.cache_clear()
