"""
What the pages show of the outcomes (`stories.outcomes.charts`): the charts on an
indication's hub, drawn as accessible SVG with a table of the same numbers, and the
comparison table on /indications/, with their query counts.
"""

import re

import pytest

from cryoinfo.models import Indication
from stories.outcomes import comparison_table
from tests.factories import UserFactory, make_story
from tests.stories.outcomes.helpers import HUB, LIST, compact, stories_with

pytestmark = pytest.mark.django_db


# The hub page


def test_hub_draws_each_chart_as_an_accessible_svg_with_a_table_of_the_same_numbers(client, alice):
    stories_with(alice, "days_to_usual_activities", [1, 3, 5, 8, 10, 30])

    content = client.get(HUB).content.decode()

    svg = re.search(r"<svg class=\"chart__svg\".*?</svg>", content, re.S).group()
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-days-title chart-days-desc"' in svg
    assert '<title id="chart-days-title">Days until back to usual activities: kidney tumours' in svg
    desc = re.search(r'<desc id="chart-days-desc">(.*?)</desc>', svg, re.S).group(1)
    assert desc.startswith("6 people answered.")
    assert "0–3 days: 2 (33%)." in desc and "29 days or more: 1 (17%)." in desc
    assert "Median 6.5 days." in desc
    assert svg.count("<rect") == 5
    assert ">2 (33%)</text>" in svg and ">1 (17%)</text>" in svg
    page = compact(content)
    assert 'Median <strong class="chart__figure">6.5 days</strong>' in page
    assert "(n = 6)" in page
    table = re.search(r'<table class="chart-table">.*?</table>', page).group()
    assert "<caption>Days until back to usual activities, kidney tumours (6 answered; " in table
    assert "median 6.5 days)</caption>" in table
    assert '<th scope="col">People</th>' in table
    for label, count, share in [
        ("0–3 days", 2, 33),
        ("4–7 days", 1, 17),
        ("8–14 days", 2, 33),
        ("15–28 days", 0, 0),
        ("29 days or more", 1, 17),
    ]:
        assert f'<th scope="row">{label}</th><td>{count}</td><td>{share}%</td>' in table


def test_hub_chart_rows_are_stacked_with_each_bar_as_long_as_its_count(client, alice):
    stories_with(alice, "nights_in_hospital", [0, 1, 1, 1, 1, 2])  # nobody stayed 3 nights

    content = client.get(HUB).content.decode()

    nights = r'<svg class="chart__svg"[^>]*aria-labelledby="chart-nights-.*?</svg>'
    svg = re.search(nights, content, re.S).group()
    assert 'height="192"' in svg  # four rows of 48 px
    rows = re.findall(r'<g transform="translate\(0 (\d+)\)">(.*?)</g>', svg, re.S)
    assert [int(y) for y, _ in rows] == [0, 48, 96, 144]
    # Each row: the label, the bar under it, the count after the bar's end; the longest
    # bar takes 70% of the width and the others their share of it.
    bar = re.compile(r'<rect class="chart__bar" x="0" y="22" width="([\d.]+)%"')
    widths = [bar.search(row).group(1) for _, row in rows]
    assert widths == ["17.5", "70.0", "17.5", "0.0"]
    assert '<text class="chart__label" x="0" y="16">1 night</text>' in rows[1][1]
    assert '<text class="chart__value" x="70.0%" dx="6" y="36">4 (67%)</text>' in rows[1][1]
    # No bar to write after: the zero sits where the bar would start.
    assert '<text class="chart__value" x="0.0%" dx="0" y="36">0 (0%)</text>' in rows[3][1]


def test_hub_charts_escape_the_indications_name(client, alice):
    Indication.objects.filter(slug="kidney").update(name='Kidney <b class="x">&</b> tumours')
    stories_with(alice, "nights_in_hospital", [0, 1, 1, 1, 1, 2])

    content = client.get(HUB).content.decode()

    title = re.search(r'<title id="chart-nights-title">(.*?)</title>', content).group(1)
    assert (
        title == "Nights in hospital: kidney &lt;b class=&quot;x&quot;&gt;&amp;&lt;/b&gt; tumours"
    )
    assert '<b class="x">' not in content


def test_hub_says_when_there_are_not_yet_enough_answers(client, alice):
    stories_with(alice, "days_to_usual_activities", [1, 2, 3, 4])

    page = compact(client.get(HUB).content.decode())

    assert "chart-days-title" not in page
    assert "Not enough answers yet to show a chart (n = 4; a chart needs at least 5)." in page

    make_story(alice, days_to_usual_activities=5)
    page = compact(client.get(HUB).content.decode())

    assert 'id="chart-days-title"' in page
    assert 'Median <strong class="chart__figure">3 days</strong>' in page


def test_hub_shows_the_self_reported_note(client, alice):
    make_story(alice, would_recommend="yes")

    page = compact(client.get(HUB).content.decode())

    assert (
        "These are self-reported experiences</strong> from people who shared their stories" in page
    )
    assert "They are not clinical evidence and may not represent everyone" in page
    assert "From 1 published patient story about kidney tumours." in page


def test_hub_without_patient_stories_says_so_instead_of_five_empty_charts(client):
    page = compact(client.get(HUB).content.decode())

    assert "No patient stories about kidney tumours have been published yet" in page
    assert "chart__svg" not in page


def test_hub_links_the_chart_stylesheet_and_has_no_inline_style_or_script(client, alice):
    stories_with(alice, "pain_after_one_week", [0, 2, 4, 6, 8, 10])

    content = client.get(HUB).content.decode()

    assert 'href="/static/css/charts.css"' in content
    assert "style=" not in content
    assert "<style" not in content
    assert "<script" not in content


@pytest.mark.parametrize("rows", [6, 40])
def test_hub_query_count_does_not_grow_with_stories(client, rows, django_assert_max_num_queries):
    authors = [UserFactory() for _ in range(4)]
    for n in range(rows):
        make_story(
            authors[n % 4],
            title=f"Story {n}",
            indications=("kidney", "liver"),
            days_to_usual_activities=n,
            nights_in_hospital=n % 4,
            pain_after_one_week=n % 11,
            complication=["yes", "no", "unsure"][n % 3],
            would_recommend=["yes", "no", "unsure"][n % 3],
        )

    # Indications, articles, stories and their indications, the outcome counts.
    with django_assert_max_num_queries(5):
        response = client.get(HUB)

    assert response.context["outcomes"]["days"].n == rows


# The comparison on /indications/


def test_comparison_table_has_a_row_per_indication(alice, bob, kidney, liver):
    stories_with(alice, "days_to_usual_activities", [1, 3, 5, 8, 10, 30])
    stories_with(bob, "would_recommend", ["yes", "yes", "yes", "no"], indications=("liver",))
    make_story(alice, kind="doctor", indications=("lung",), would_recommend="yes")

    rows = {row.indication.slug: row for row in comparison_table(Indication.objects.all())}

    assert list(rows) == ["kidney", "liver", "lung", "bone", "nerve-pain"]
    assert (rows["kidney"].stories, rows["kidney"]["days"].median) == (6, 6.5)
    assert (rows["liver"].stories, rows["liver"]["recommend"].n) == (4, 4)
    assert not rows["liver"]["recommend"].enough
    assert rows["lung"].stories == 0


def test_indications_page_compares_them_and_keeps_the_cards(client, alice, bob):
    for days, nights, pain, complication, recommend in [
        (1, 0, 1, "no", "yes"),
        (3, 1, 2, "no", "yes"),
        (5, 1, 3, "yes", "yes"),
        (8, 2, 4, "no", "unsure"),
        (10, 2, 5, "unsure", "yes"),
        (30, 3, None, "no", "no"),
    ]:
        make_story(
            alice,
            days_to_usual_activities=days,
            nights_in_hospital=nights,
            pain_after_one_week=pain,
            complication=complication,
            would_recommend=recommend,
        )
    stories_with(bob, "days_to_usual_activities", [2, 4, 6, 8], indications=("liver",))

    response = client.get(LIST)
    page = compact(response.content.decode())

    assert '<li class="indication-card">' in page
    assert "These are self-reported experiences" in page
    table = re.search(r'<table class="compare">.*?</table>', page).group()
    rows = re.findall(r"<tr>(.*?)</tr>", table)
    headings = re.findall(r'<th scope="col">(.*?)</th>', rows[0])
    assert headings == [
        "Indication",
        "Patient stories",
        "Median days to usual activities",
        "Median nights in hospital",
        "Median pain after one week (0–10)",
        "Reported a complication",
        "Would recommend it",
    ]

    def cells(row: str) -> list[str]:
        return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]

    assert '<a href="/indications/kidney/">Kidney tumours</a>' in rows[1]
    assert cells(rows[1]) == [
        "6",
        "6.5 days (n = 6)",
        "1.5 nights (n = 6)",
        "3 out of 10 (n = 5)",
        "17% (n = 6)",
        "67% (n = 6)",
    ]
    assert '<a href="/indications/liver/">Liver tumours</a>' in rows[2]
    assert cells(rows[2]) == [
        "4",
        "—Not enough answers (n = 4)",
        "—Not enough answers (n = 0)",
        "—Not enough answers (n = 0)",
        "—Not enough answers (n = 0)",
        "—Not enough answers (n = 0)",
    ]
    assert "style=" not in page and "<script" not in page


@pytest.mark.parametrize("rows", [6, 40])
def test_indications_page_query_count_does_not_grow(client, rows, django_assert_max_num_queries):
    for n in range(rows):
        make_story(UserFactory(), indications=("kidney", "lung"), days_to_usual_activities=n)

    # The indications, the outcome counts.
    with django_assert_max_num_queries(2):
        client.get(LIST)
