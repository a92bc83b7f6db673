"""
Display names that pose as the team are refused, look-alike letters included (Unicode TR39
skeletons); ordinary names in any script are kept.
"""

import unicodedata

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from accounts.names import (
    RESERVED,
    RESERVED_NAME_WORDS,
    TAKEN_BY_STAFF,
    _prototypes,
    check_display_name,
    skeleton,
)
from tests.factories import UserFactory

FIXTURES = [HealthCheck.function_scoped_fixture]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\ufe0f"]
SEPARATORS = ["", "", "", " ", "-", ".", "_", "·"]


def look_alikes(letter: str) -> list[str]:
    """Letters and digits that Unicode lists as confusable with this one."""
    target = skeleton(letter)
    found = [
        source
        for source, prototype in _prototypes().items()
        if prototype == target and unicodedata.category(source)[0] in "LN"
    ]
    return sorted({letter, letter.upper(), *found})


def disguised(word: str) -> st.SearchStrategy[str]:
    letters = [
        st.tuples(st.sampled_from(look_alikes(c)), st.sampled_from(INVISIBLE + SEPARATORS))
        for c in word
    ]
    return st.tuples(*letters).map(lambda pairs: "".join(a + b for a, b in pairs).strip())


STAFF_POSERS = st.builds(
    lambda before, word, after: f"{before} {word} {after}".strip(),
    st.sampled_from(["", "Site", "Official", "Your", "Team"]),
    st.sampled_from(RESERVED_NAME_WORDS).flatmap(disguised),
    st.sampled_from(["", "team", "(demo)", "2", "desk"]),
)

ORDINARY = st.builds(
    lambda first, last: f"{first} {last}".strip(),
    st.sampled_from([
        "Alice", "José", "Zoë", "Siobhán", "François", "Øyvind", "Łukasz", "Dragoş", "Ngozi",
        "Αλέξανδρος", "Μαρία", "Νίκος", "Мария", "Дмитрий", "Олена", "Мо", "محمد", "فاطمة",
        "王芳", "李伟", "さくら", "민준", "Aarav", "Nguyễn", "Dr Amara", "Mo", "Ahmad",
        "Mohammad", "Hamid", "Ana",
    ]),
    st.sampled_from([
        "", "Núñez", "O'Brien", "Smith-Jones", "Papadopoulou", "Иванова", "Коваленко",
        "الحسن", "陈", "たなか", "김", "Trần", "Müller", "Kowalska", "the patient", "from Leeds",
        "Mina", "Minh", "Dminov", "Infante",
    ]),
)  # fmt: skip


@pytest.mark.django_db
@given(name=STAFF_POSERS)
@settings(max_examples=400, deadline=None, suppress_health_check=FIXTURES)
def test_no_disguise_of_a_reserved_word_passes(name):
    with pytest.raises(ValidationError):
        check_display_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "Site аdmin",  # Cyrillic а
        "Moderatοr",  # Greek ο
        "ΜODERATOR",  # Greek capital Μ
        "ＣｒｙｏＩｎｆｏ",  # full-width
        "ad\u200bmin",  # zero-width space
        "ADMlN",  # a small L among capitals
        "Cryo1nfo team",
        "Ad-Min",
    ],
)
def test_known_look_alikes_are_refused_as_reserved(name):
    with pytest.raises(ValidationError) as refused:
        check_display_name(name)

    assert refused.value.messages == [RESERVED]


@pytest.mark.django_db
@given(name=ORDINARY)
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_ordinary_names_in_any_script_are_kept(name):
    assert check_display_name(name) == name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["Ahmad Mina", "Mohammad Minh", "Badminton Bob", "Ana Dmin", "Cry Of Joy"]
)
def test_a_reserved_word_by_coincidence_inside_or_across_words_is_kept(name):
    assert check_display_name(name) == name


@pytest.mark.django_db
def test_a_name_that_looks_like_a_team_members_is_refused_but_they_keep_theirs(client):
    morgan = UserFactory(username="morgan", display_name="Morgan Lee")
    morgan.groups.add(Group.objects.get(name="Moderators"))

    for copy in ["Morgan Lee", "morgan lee", "Μorgan Lее", "Morgan  Lee"]:  # Greek Μ, Cyrillic е
        with pytest.raises(ValidationError) as refused:
            check_display_name(copy)
        assert refused.value.messages == [TAKEN_BY_STAFF]
    assert check_display_name("Morgan Lee", user_pk=morgan.pk) == "Morgan Lee"
    assert check_display_name("Morgan Leigh") == "Morgan Leigh"


@pytest.mark.django_db
def test_sign_up_says_why_a_look_alike_name_is_refused(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "display_name": "Site аdmin", "password1": "a sturdy "
         "winter password", "password2": "a sturdy winter password", "website": ""},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == [RESERVED]
    assert 'id="id_display_name_error"' in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_moderators_get_a_list_of_existing_names_that_break_the_rule(capsys):
    UserFactory(username="ok", display_name="Pat")
    UserFactory(username="poser", display_name="Site аdmin")
    UserFactory(username="hidden", display_name="Ann\u202eeil")

    call_command("check_display_names")

    out = capsys.readouterr().out
    assert "poser" in out and RESERVED in out
    assert "hidden" in out
    assert "\tok\t" not in out
    assert "2 display names break the rule" in out
