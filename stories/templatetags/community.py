"""
What patients say, on pages of other apps: `{% load community %}`, then
`{% stories_about indications as related_stories %}` and
`{% quotes_about indications as quotes %}`. The article page shows them without posts
importing stories: the floors point down only.
"""

from django import template

from stories import selectors

register = template.Library()


def _ids(indications) -> list[int]:
    return [indication.pk for indication in indications]


@register.simple_tag
def stories_about(indications) -> list:
    return list(selectors.stories_about(_ids(indications)))


@register.simple_tag
def quotes_about(indications) -> list:
    return list(selectors.quotes_about(_ids(indications)))
