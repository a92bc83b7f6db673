"""
`{% outcome_charts %}`: an indication's outcome charts, one per question, each a bar chart
with the same numbers in a table (templates/includes/charts/outcomes.html).

Written in Python for the reason the cards are (see cards.py): a hub's charts are a few
dozen bars of eight values each, and looking those up through the template language was
a third of the page's time. The numbers come ready as text (stories.outcomes.Bar and
QuestionSummary, made of digits and "%.() " alone); every other text is escaped with
`html.escape()`. Inline SVG without style attributes (strict CSP): presentation
attributes and classes from charts.css only. Bar widths are % of the chart's width and y
positions px, so the text keeps its size at any width; each bar's row is moved down by a
transform, so its parts share fixed positions.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def outcome_charts(outcomes, about: str) -> SafeString:
    """A chart for each question of `outcomes` (an OutcomeSummary); `about` names its subject."""
    about = escape(about)
    return mark_safe(
        '<div class="outcome-charts">'
        + "".join(_chart(summary, about, outcomes.min_answers) for summary in outcomes.questions)
        + "</div>"
    )


def _chart(summary, about: str, min_answers: int) -> str:
    q = summary.question
    key, title = escape(q.key), escape(q.title)
    head = (
        f'<article class="chart" aria-labelledby="chart-{key}-heading">'
        f'<h3 id="chart-{key}-heading" class="chart__title">{title}</h3>'
    )
    if not summary.enough:
        return (
            f'{head}<p class="chart__empty">Not enough answers yet to show a chart '
            f"(n = {summary.n_text}; a chart needs at least {min_answers}).</p></article>"
        )
    figure = f'<strong class="chart__figure">{summary.figure}</strong>'
    headline = f"{figure} said yes" if q.is_choice else f"Median {figure}"
    median = "" if q.is_choice else f"; median {escape(summary.median_text)}"
    return (
        f'{head}<p class="chart__headline">{headline} '
        f'<span class="chart__n">(n = {summary.n_text})</span></p>'
        f'<svg class="chart__svg" role="img" width="100%" height="{summary.height_text}" '
        f'aria-labelledby="chart-{key}-title chart-{key}-desc" focusable="false">'
        f'<title id="chart-{key}-title">{title}: {about}</title>'
        f'<desc id="chart-{key}-desc">{escape(summary.description)}</desc>'
        f"{_bars(summary)}</svg>"
        '<details class="chart__details"><summary>Show the numbers as a table</summary>'
        f'<table class="chart-table"><caption>{title}, {about} ({summary.n_text} answered'
        f"{median})</caption>"
        '<thead><tr><th scope="col">Answer</th><th scope="col">People</th>'
        '<th scope="col">Share</th></tr></thead>'
        f"<tbody>{_rows(summary)}</tbody></table></details></article>"
    )


def _bars(summary) -> str:
    """The SVG rows of one question's bar chart: label, bar and value, one under another."""
    return "".join(
        f'<g transform="translate(0 {bar.y_text})">'
        f'<text class="chart__label" x="0" y="16">{escape(bar.label)}</text>'
        f'<rect class="chart__bar" x="0" y="22" width="{bar.width_text}%" height="18" '
        f'rx="2"></rect>'
        f'<text class="chart__value" x="{bar.width_text}%" dx="{bar.gap}" y="36">'
        f"{bar.value_text}</text></g>"
        for bar in summary.bars
    )


def _rows(summary) -> str:
    """The same numbers as table rows: answer, people, share."""
    return "".join(
        f'<tr><th scope="row">{escape(bar.label)}</th><td>{bar.count_text}</td>'
        f"<td>{bar.percent_text}</td></tr>"
        for bar in summary.bars
    )
