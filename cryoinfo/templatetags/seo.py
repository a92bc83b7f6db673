"""Template tags for the <head>: canonical address, noindex, JSON-LD. See cryoinfo/seo.py."""

from django import template
from django.utils.safestring import SafeString

from cryoinfo import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context, **params) -> str:
    """`{% canonical_url page=page.number as canonical %}`: empty without a request."""
    return seo.canonical_url(context.get("request"), **params)


@register.filter
def html_to_text(html: str) -> str:
    """`{{ revision.body_html|html_to_text|truncatewords:25 }}`: plain text, escaped once."""
    return seo.html_to_text(html)


@register.simple_tag(takes_context=True)
def is_private_page(context) -> bool:
    """`{% is_private_page as private %}`: pages search engines must not index."""
    return seo.is_private(context.get("request"))


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, indications) -> SafeString:
    """The article's JSON-LD as JSON text, for the template's <script> element."""
    return seo.json_ld_text(seo.article_json_ld(context.get("request"), article, indications))
