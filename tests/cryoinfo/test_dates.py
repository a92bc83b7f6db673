import datetime

import pytest
from django.template import Context, Template

UTC = datetime.UTC


def render(value) -> str:
    template = Template('{% include "includes/date.html" with when=value %}')
    return template.render(Context({"value": value})).strip()


@pytest.mark.parametrize(
    "value, html",
    [
        (datetime.date(2026, 3, 5), '<time datetime="2026-03-05">5 March 2026</time>'),
        # A moment is the day it was in London: 23:30 UTC in summer is already tomorrow.
        (
            datetime.datetime(2026, 7, 31, 23, 30, tzinfo=UTC),
            '<time datetime="2026-08-01">1 August 2026</time>',
        ),
        (
            datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
            '<time datetime="2026-12-31">31 December 2026</time>',
        ),
        (None, ""),
    ],
)
def test_a_date_reads_as_a_day_in_the_sites_time_zone(value, html):
    assert render(value) == html
