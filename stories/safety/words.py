"""What a pattern is, the reasons it gives, and the pieces the phrase lists share."""

from dataclasses import dataclass


class Reason:
    """What a match is a sign of, as moderators read it."""

    ATTEMPT = "a past suicide attempt"
    PLAN = "a plan or the means to end their life"
    SUICIDAL = "thoughts of suicide"
    SELF_HARM = "self-harm"
    WISH_DEAD = "wishing to be dead"
    SOMEONE_ELSE = "someone close to them at risk"
    BURDEN = "feeling others would be better off without them"
    HOPELESS = "hopelessness, no reason to live"


@dataclass(frozen=True)
class Pattern:
    key: str
    reason: str
    regex: str
    # Words that make the match an idiom when they follow it, or come right before it.
    unless_after: str = ""
    unless_before: str = ""
    # Ignored when negated within the clause ("I never wanted to die").
    negatable: bool = True


# Pieces shared by the patterns below. Text is lower case and apostrophes are straight.
ME = r"(?:my ?self|meself|myslef|my ?sef)"
MY_LIFE = r"(?:my (?:own )?life)"
ANYMORE = r"(?:any ?more|any longer|no more)"
PILLS = (
    r"(?:pills|tablets|meds|medication|medicines|painkillers|pain killers|pain meds|morphine|"
    r"oxycodone|oxycontin|oxy|opioids|codeine|tramadol|fentanyl|gabapentin|pregabalin|"
    r"amitriptyline|diazepam|antidepressants|sleeping pills|sleeping tablets|paracetamol|"
    r"insulin)"
)
INTENT = (
    r"(?:want(?:ed|s|ing)? to|wanna|going to|gonna|plan(?:ned|ning)? to|tempted to|"
    r"ready to|decided to|think(?:ing)? (?:about|of)|thought (?:about|of)|"
    r"consider(?:ed|ing)?|urges? to|mean to|meant to)"
)
ACCIDENT = (
    r"(?:laughing|trying to|with work|at work|working|falling|tripping|slipping|getting "
    r"(?:up|out|in|into|down|off)|carrying|lifting|bending|on the (?:stairs|ice|steps|"
    r"pavement|floor|bike|way))"
)
# Only "anymore" after "with this pain" keeps "I don't want to live with this pain" a cry.
NOT_ANYMORE = r"(?![^.,;!?]*\b(?:any ?more|any longer)\b)"
