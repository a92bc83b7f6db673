"""
Where someone in crisis can get help now: one list for the help page and the e-mails.

Numbers are the services' own, free to call: Samaritans (UK and Ireland) on 116 123, the
988 lifelines of the US and Canada, Shout's text line in the UK, and Find A Helpline's
directory for every other country. Check them once a year with the editorial reviews.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    label: str  # what a person taps, e.g. "Call 116 123"
    href: str  # tel:, sms:, mailto: or https:
    # For emergency numbers, where the number works (shown); for helplines, the service's
    # name, said by screen readers so that a list of links still says whose number it is.
    spoken: str = ""


@dataclass(frozen=True)
class Helpline:
    name: str
    where: str
    about: str
    links: tuple[Link, ...]


EMERGENCY_NUMBERS = (
    Link("Call 999", "tel:999", "UK"),
    Link("Call 112", "tel:112", "Ireland and Europe"),
    Link("Call 911", "tel:911", "US and Canada"),
)

HELPLINES = (
    Helpline(
        "Samaritans",
        "UK and Ireland",
        "Free, any time of day or night, whatever you are going through.",
        (
            Link("Call 116 123", "tel:116123", "Samaritans"),
            Link("E-mail jo@samaritans.org", "mailto:jo@samaritans.org"),
        ),
    ),
    Helpline(
        "988 Suicide and Crisis Lifeline",
        "United States and Canada",
        "Free, any time. Call or text 988 to reach a trained counsellor.",
        (
            Link("Call 988", "tel:988", "988 Lifeline"),
            Link("Text 988", "sms:988", "988 Lifeline"),
        ),
    ),
    Helpline(
        "Shout",
        "UK, by text",
        "If talking is too hard: text the word SHOUT to 85258, free, any time.",
        (Link("Text SHOUT to 85258", "sms:85258?&body=SHOUT"),),
    ),
    Helpline(
        "Find A Helpline",
        "Anywhere else",
        "A directory of free, confidential helplines, country by country.",
        (Link("findahelpline.com", "https://findahelpline.com/"),),
    ),
)
