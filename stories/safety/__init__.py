"""
Crisis language: finds sentences in which someone may be telling us they are thinking of
suicide or of harming themselves, so that a moderator reads that post first and its author
is shown where to get help at once. It flags; it never blocks or publishes anything.

Where the phrases come from. The list is curated by hand from the warning signs that
suicide-prevention services publish for the public (Samaritans, the 988 Suicide & Crisis
Lifeline, NHS "help for suicidal thoughts", the American Foundation for Suicide
Prevention's "talk" signs): talk of wanting to die or to kill oneself, of a plan or the
means (pills saved up, a place to jump from), of a past attempt, of self-injury, of having
no reason to live, of being a burden or of others being better off without you. Each sign
is written as short phrase patterns on word stems ("kill(ing|ed) myself", "end(ing) my
life"), never as single words such as "die" or "kill", because on a cancer site people die
of illness, probes kill tumours and a nerve block puts an end to pain.

How a match is judged. Text is normalised (case, curly quotes, look-alike width forms,
zero-width characters, Markdown emphasis) and split into sentences. A pattern may name the
words that turn it into an idiom when they follow it ("killed myself laughing") or come
just before it ("assisted suicide"). A pattern that is negatable is ignored when a
negation in the same clause governs it, with only auxiliaries between ("I never wanted to
die", "I have never had suicidal thoughts"; not "nobody knows I'm suicidal"), unless the
negation is a hedge people use when they do mean it ("it's not that I want to die", "not
a day goes by that I don't think about killing myself"). Fear of dying ("scared I would go
to sleep and not wake up") is not a wish. A clause reporting a screening question ("the
nurse asked if I had thoughts of suicide") counts only when the author says yes.

Whoever adds a new way for text to come in (replies, responses) calls
`stories.services.check_for_crisis` or `find_concerns` on it, so every word readers and
authors send goes through the same list.

How to extend it. Add a `Pattern` to `ACTS` (acts.py: attempts, plans and means,
self-harm) or `THOUGHTS` (thoughts.py: the rest) with a new, stable `key` (moderators'
"this was a crisis" / "false alarm" verdicts are logged against keys, so never reuse one),
then add the real phrasing that it must catch to `tests/stories/test_safety.py`, and an
ordinary sentence from the site's world that it must not. `manage.py safety_report` lists,
for each key, how often moderators judged its matches a crisis or a false alarm, and the
crises the list missed: read it before adding or narrowing a pattern.
"""

from .check import PATTERNS, Concern, concerns_from_dicts, find_concerns
from .words import Pattern, Reason

__all__ = ["PATTERNS", "Concern", "Pattern", "Reason", "concerns_from_dicts", "find_concerns"]
