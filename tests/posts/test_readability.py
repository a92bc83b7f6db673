import dataclasses
import socket
import warnings

import pytest

from posts import readability as readability_module
from posts.readability import (
    TARGET_READING_AGE,
    Readability,
    longest_sentences,
    prose,
    readability,
    readability_widget,
    sections_over_target,
)
from posts.starter import read_starter, starter_files

EASY = (
    "The cold kills the bad cells. You go home the same day. "
    "Your nurse will check on you. Most people feel fine in a week."
)
HARD = (
    "Percutaneous image-guided cryoablation of histologically confirmed renal cell carcinoma "
    "demonstrates oncological outcomes comparable with minimally invasive partial nephrectomy, "
    "notwithstanding methodological heterogeneity, considerable selection bias and the "
    "predominantly retrospective, observational character of the available literature."
)
PROSE = (
    "Freezing kills the cells in a small area. The ice ball shows up on the scan, "
    "so the team can watch it grow. Most people go home the next day."
)
TABLE = """
| Treatment | How it works | Hospital stay | Evidence for small kidney tumours |
| --- | --- | --- | --- |
| Partial nephrectomy | Cuts out the tumour and a margin | Several days | Longest track record |
| Percutaneous cryoablation | Freezes it with probes | Often one night | Growing, observational |
| Radiofrequency ablation | Heats it with a needle | Often one night | Growing, observational |
| Microwave ablation | Heats it with microwaves | Often one night | Growing, observational |
| Active surveillance | Regular scans to watch it | None | Reasonable for some people |
"""
EMPTY = Readability(
    reading_ease=0.0,
    grade=0.0,
    reading_age=0,
    words=0,
    sentences=0,
    meets_target=False,
    verdict="Not enough text to measure yet.",
)


def test_short_everyday_sentences_have_a_low_reading_age():
    result = readability(EASY)

    assert result.reading_age <= 7
    assert result.reading_ease > 90
    assert result.words == 25
    assert result.sentences == 4
    assert result.meets_target
    assert result.verdict == f"Reading age {result.reading_age}: meets our target of 11 or younger."


def test_one_long_sentence_full_of_jargon_has_a_high_reading_age():
    result = readability(HARD)

    assert result.reading_age > 20
    assert result.reading_ease < 0
    assert result.sentences == 1
    assert not result.meets_target
    assert result.verdict == (
        f"Reading age {result.reading_age}: above our target of 11. "
        "Try shorter sentences and everyday words."
    )


def test_reading_age_is_the_grade_plus_five():
    result = readability(PROSE)

    assert result.reading_age == round(result.grade + 5)
    assert result.grade == round(result.grade, 1)
    assert result.reading_ease == round(result.reading_ease, 1)


@pytest.mark.parametrize(
    ("grade", "reading_age", "meets_target"),
    [(-4.0, 5, True), (0.0, 5, True), (6.4, 11, True), (6.5, 12, False), (7.5, 13, False)],
)
def test_reading_age_rounds_halves_up_and_is_never_below_five(
    monkeypatch, grade, reading_age, meets_target
):
    monkeypatch.setattr(readability_module._textstat, "flesch_kincaid_grade", lambda text: grade)

    result = readability(PROSE)

    assert result.grade == grade
    assert result.reading_age == reading_age
    assert result.meets_target is meets_target


def test_markdown_syntax_code_citations_and_raw_html_are_not_counted():
    marked_up = (
        "Freezing **kills** the cells in a *small* area [1]. The ice ball shows up on the "
        "[scan](https://example.org/scans), so the team can watch it grow [2][3]. "
        "Most people go home the `next` day.\n\n"
        "![A cryoprobe beside a ruler, about twenty centimetres long](probe.png)\n\n"
        "```\nfreeze --minutes 10 --cycles 2 --probe-temperature minus-forty\n```\n\n"
        "    an indented code block with many long polysyllabic words\n\n"
        "<!-- Editors' note: check this paragraph against the latest guideline. -->\n"
        "<script>alert('not prose either')</script>\n"
    )

    assert prose(marked_up) == PROSE
    assert readability(marked_up) == readability(PROSE)


def test_a_table_does_not_change_the_numbers():
    with_table = f"{PROSE}\n\n{TABLE}\n\n## Side by side\n\nThe table sums it up."
    without_table = f"{PROSE}\n\n## Side by side\n\nThe table sums it up."

    assert readability(with_table) == readability(without_table)


def test_each_list_item_and_heading_is_a_sentence():
    text = (
        "## What to bring on the day\n\n"
        "- a list of the medicines you take\n"
        "- something comfortable to wear home\n"
        "- the phone number of the person collecting you\n"
    )

    assert prose(text) == (
        "What to bring on the day. a list of the medicines you take. "
        "something comfortable to wear home. the phone number of the person collecting you."
    )
    assert readability(text).sentences == 4


def test_a_list_introduced_by_a_colon_and_nested_lists_are_split_too():
    text = "The main risks are:\n\n1. pain where the probes went in\n    - bruising\n2. bleeding"

    assert prose(text) == "The main risks are. pain where the probes went in. bruising. bleeding."


def test_decimal_points_do_not_end_sentences():
    result = readability("The ice went 2.5 cm past the edge of the tumour, as planned.")

    assert result.sentences == 1
    assert result.words == 13


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n ", "## ", "[1] [2]", "```\ncode only\n```", TABLE],
    ids=["empty", "blank", "empty heading", "citations only", "code only", "table only"],
)
def test_text_with_no_prose_is_not_measured(text):
    assert readability(text) == EMPTY


def test_the_result_cannot_be_changed():
    result = readability(PROSE)

    with pytest.raises(dataclasses.FrozenInstanceError):
        result.reading_age = 1


def test_measuring_prints_nothing_warns_nothing_and_uses_no_network(monkeypatch, capsys):
    def no_network(*args, **kwargs):
        raise AssertionError("readability() tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        readability("A sentence nobody has measured before, about frozen kidney tumours.")

    assert capsys.readouterr() == ("", "")


def test_widget_shows_the_numbers_and_the_verdict():
    result = readability(PROSE)

    widget = readability_widget(PROSE)

    assert 'class="readability readability--ok"' in widget
    assert "icon-yes.svg" in widget
    assert result.verdict in widget
    assert f"<dd>{result.reading_age} (target: 11 or younger)</dd>" in widget
    assert f"<dd>{result.reading_ease:.1f} (higher is easier" in widget
    assert f"<dd>{result.words} in {result.sentences} sentences</dd>" in widget
    assert widget.count("<dt>") == 3


def test_widget_says_in_words_when_the_text_is_too_hard():
    widget = readability_widget(HARD)

    assert 'class="readability readability--high"' in widget
    assert "icon-alert.svg" in widget
    assert "above our target of 11. Try shorter sentences and everyday words." in widget


def test_widget_for_empty_text():
    widget = readability_widget("")

    assert "Not enough text to measure yet." in widget
    assert "<dl" not in widget


def test_widget_never_echoes_hostile_text():
    widget = readability_widget(
        '<script>alert("x")</script> <img src=x onerror="alert(1)"> '
        "[click](javascript:alert(1)) The probe is placed with care, and then it freezes."
    )

    assert "<script" not in widget
    assert "onerror" not in widget
    assert "javascript:" not in widget
    assert "alert" not in widget


def test_widget_escapes_what_it_shows(monkeypatch):
    hostile = dataclasses.replace(readability(PROSE), verdict="<b>Reading</b> & age")
    monkeypatch.setattr(readability_module, "_measure", lambda text: hostile)

    widget = readability_widget(PROSE)

    assert "&lt;b&gt;Reading&lt;/b&gt; &amp; age" in widget
    assert "<b>" not in widget


@pytest.mark.parametrize("path", starter_files(), ids=lambda p: p.stem)
def test_every_starter_article_meets_the_reading_age_target(path):
    result = readability(read_starter(path)["body"])

    assert result.meets_target, (
        f"{path.stem} has reading age {result.reading_age} (grade {result.grade}, "
        f"{result.words} words in {result.sentences} sentences); "
        f"the target is {TARGET_READING_AGE} or younger"
    )


@pytest.mark.parametrize("path", starter_files(), ids=lambda p: p.stem)
def test_every_starter_article_is_600_to_1100_words(path):
    words = readability(read_starter(path)["body"]).words

    assert 600 <= words <= 1100, f"{path.stem} has {words} words of prose"


def test_sections_over_the_target_and_the_longest_sentences_are_found():
    text = (
        "Short words here. The cold kills the lump. You go home soon.\n\n"
        "## Plain part\n\n" + "The probe is cold. It is thin. The doctor puts it in. " * 5 + "\n\n"
        "## Hard part\n\n" + HARD * 2
    )

    sections = sections_over_target(text)
    sentences = longest_sentences(text)

    assert [section.heading for section in sections] == ["Hard part"]
    assert sections[0].reading_age > TARGET_READING_AGE
    assert sentences and all(len(s.split()) > 20 for s in sentences)
    assert sentences[0].startswith(HARD.split()[0])
