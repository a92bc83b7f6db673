"""
`{% chart_bars %}` and `{% chart_rows %}`: the bars of an outcome chart and the rows of
its table (templates/includes/charts/outcomes.html).

Written in Python for the reason the cards are (see cards.py): a hub's charts are a few
dozen bars of eight values each, and looking those up through the template language was
a third of the page's time. The numbers come ready as text (stories.outcomes.Bar); labels
are escaped with `html.escape()`.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def chart_bars(summary) -> SafeString:
    """The SVG rows of one question's bar chart: label, bar and value, one under another."""
    return mark_safe(
        "".join(
            f'<g transform="translate(0 {bar.y_text})">'
            f'<text class="chart__label" x="0" y="16">{escape(bar.label)}</text>'
            f'<rect class="chart__bar" x="0" y="22" width="{bar.width_text}%" height="18" '
            f'rx="2"></rect>'
            f'<text class="chart__value" x="{bar.width_text}%" dx="{bar.gap}" y="36">'
            f"{bar.value_text}</text></g>"
            for bar in summary.bars
        )
    )


@register.simple_tag
def chart_rows(summary) -> SafeString:
    """The same numbers as table rows: answer, people, share."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row">{escape(bar.label)}</th><td>{bar.count_text}</td>'
            f"<td>{bar.percent_text}</td></tr>"
            for bar in summary.bars
        )
    )
