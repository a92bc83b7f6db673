"""`{% page_url %}`: the address of a page that takes no arguments, looked up once."""

from django import template

from cryoinfo import addresses

register = template.Library()


@register.simple_tag
def page_url(name: str) -> str:
    """
    `{% page_url 'about' %}` is `{% url 'about' %}` for a URL without arguments, which is
    the same on every request: it is looked up once per process (per URL configuration and
    script prefix) rather than on every render. The header and footer hold a dozen, which
    `{% url %}` would reverse again on every page, a fifth of a simple page's rendering.
    """
    return addresses.page_url(name)
