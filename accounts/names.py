"""
Public display names that cannot pose as the site or its team.

Look-alike letters are caught with the skeletons of Unicode Technical Standard #39: two
strings that look the same have the same skeleton ("Site аdmin" with a Cyrillic а, "ΜOD" in
Greek capitals, "ａｄｍｉｎ" in full-width letters). A name is refused when, so folded, it
shows a reserved word (see _poses_as), or is the name of someone on the team. The data is Unicode's
confusables.txt (confusables.txt.gz beside this file; its header gives the version).
"""

import functools
import gzip
import re
import unicodedata
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db.models import Q

RESERVED_NAME_WORDS = ("admin", "moderator", "cryoinfo")
# A scheme ("https://"), "www." or a dotted name ("example.com") reads as a web address.
WEB_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://|www\.|[a-z0-9-]+\.[a-z]{2,}", re.IGNORECASE)
# Right-to-left overrides and friends can make a name display as something else.
DIRECTION_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Default-ignorable code points that are not format characters (category Cf): variation
# selectors, the combining grapheme joiner, Hangul fillers, Mongolian selectors.
IGNORABLE_RANGES = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xE0100, 0xE01EF),
)  # fmt: skip

UNSAFE_CHARACTERS = "Please use letters, numbers, spaces and ordinary punctuation."
NO_ADDRESSES = "Please leave out e-mail addresses and the @ sign."
NO_WEB_ADDRESSES = "Please leave out web addresses (a dot between two words looks like one to us)."
RESERVED = (
    "Names that look like “admin”, “moderator” or “CryoInfo” are kept for the site’s team. "
    "Please choose another."
)
TAKEN_BY_STAFF = "This name looks like the name of someone on our team. Please choose another."


@functools.cache
def _prototypes() -> dict[str, str]:
    path = Path(__file__).with_name("confusables.txt.gz")
    table = {}
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        for row in rows:
            if row.startswith("#"):
                continue
            source, target = row.strip().split(";")
            table[chr(int(source, 16))] = "".join(chr(int(c, 16)) for c in target.split())
    return table


def _ignorable(character: str) -> bool:
    point = ord(character)
    return unicodedata.category(character) == "Cf" or any(
        low <= point <= high for low, high in IGNORABLE_RANGES
    )


def skeleton(text: str) -> str:
    """TR39's skeleton: NFD, without default-ignorables, each character by its prototype, NFD."""
    prototypes = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(prototypes.get(c, c) for c in decomposed if not _ignorable(c))
    return unicodedata.normalize("NFD", mapped)


def _words(text: str) -> tuple[str, ...]:
    """The runs of letters and digits, accents (combining marks) left out."""
    bare = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return tuple(re.findall(r"[^\W_]+", bare))


def _folded(text: str) -> list[tuple[str, ...]]:
    """
    The words of a name as it looks: skeletons in one case. Skeletons depend on case (a
    capital I looks like l, a small i does not; a Greek capital Μ is an M, its small μ a
    u), so the name is folded before and after; NFKC also folds some letters away (ſ to
    s), so the raw text counts too.
    """
    plain = unicodedata.normalize("NFKC", text)
    variants = [
        skeleton(plain.casefold()),
        skeleton(skeleton(plain).casefold()),
        skeleton(skeleton(text).casefold()),
    ]
    return [words for words in map(_words, variants) if words]


def name_keys(text: str) -> set[str]:
    """
    What a name looks like, for comparing: its folded words run together, so "Ad-min",
    "ÁDMIN", "ａｄｍｉｎ" and "аdmin" share a key.
    """
    return {"".join(words) for words in _folded(text)}


def _poses_as(words: tuple[str, ...], reserved: str) -> bool:
    """
    Whether the words show `reserved`: as a word, at the start or end of one ("SiteAdmin",
    "Admin2"), or spelled across whole words ("Ad Min", "a.d.m.i.n"). Inside a word
    ("Badminton") or across the middle of two ("Ahmad Mina") it is a coincidence.
    """
    joined = "".join(words)
    starts, position = set(), 0
    for word in words:
        starts.add(position)
        position += len(word)
    ends = {start + len(word) for start, word in zip(sorted(starts), words, strict=True)}
    at = joined.find(reserved)
    while at != -1:
        end = at + len(reserved)
        inside_one_word = not any(at < boundary < end for boundary in starts)
        if inside_one_word and (at in starts or end in ends):
            return True
        if not inside_one_word and at in starts and end in ends:
            return True
        at = joined.find(reserved, at + 1)
    return False


@functools.cache
def _reserved_keys() -> frozenset[str]:
    variants = (form(word) for word in RESERVED_NAME_WORDS for form in (str, str.upper, str.title))
    return frozenset(key for variant in variants for key in name_keys(variant))


def staff_name_keys(excluding_pk=None) -> set[str]:
    """The keys of the team's names: staff, superusers and members of any group."""
    from .models import User

    team = User.objects.filter(Q(is_staff=True) | Q(is_superuser=True) | Q(groups__isnull=False))
    if excluding_pk is not None:
        team = team.exclude(pk=excluding_pk)
    return {key for user in team.distinct() for key in name_keys(user.public_name)}


def check_display_name(value: str, *, user_pk=None) -> str:
    """Check a public name: not an address, not posing as the team, nothing hidden in it."""
    value = " ".join(value.split())
    if any(unicodedata.category(c) == "Cc" or c in DIRECTION_CONTROLS for c in value):
        raise ValidationError(UNSAFE_CHARACTERS)
    folded = unicodedata.normalize("NFKC", value).casefold()
    if "@" in folded:
        raise ValidationError(NO_ADDRESSES)
    if WEB_ADDRESS.search(folded):
        raise ValidationError(NO_WEB_ADDRESSES)
    folded = _folded(value)
    if any(_poses_as(words, reserved) for words in folded for reserved in _reserved_keys()):
        raise ValidationError(RESERVED)
    if {"".join(words) for words in folded} & staff_name_keys(excluding_pk=user_pk):
        raise ValidationError(TAKEN_BY_STAFF)
    return value


def name_problem(value: str, *, user_pk=None) -> str | None:
    """Why a name would be refused today, or None."""
    try:
        check_display_name(value, user_pk=user_pk)
    except ValidationError as error:
        return error.messages[0]
    return None
