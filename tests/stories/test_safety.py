"""
The crisis-language check (`stories.safety`): what it must catch, what it must leave alone.

CRISIS holds ways people actually say they are thinking of suicide or self-harm, in the
words of posts on patient forums and of the warning signs that Samaritans and the 988
Lifeline publish: plans, means, past attempts, self-injury, hopelessness, burden. ORDINARY
holds sentences from this site's world that share words with them (freezing kills cells,
people fear dying, a block puts an end to pain) and must not trouble a moderator.
"""

import pytest

from stories.safety import PATTERNS, Reason, concerns_from_dicts, find_concerns

CRISIS = [
    # Thoughts of suicide, said plainly and not so plainly.
    "Some nights I have thought about ending my life.",
    "I want to kill myself.",
    "I keep thinking about killing myself when everyone is asleep.",
    "Honestly I've been suicidal since the scan results came back.",
    "I have had suicidal thoughts on and off for months.",
    "After the diagnosis I had thoughts of suicide for a while.",
    "I want to die.",
    "Some days I just want to die and be done.",
    "I wanted to die after the second recurrence.",
    "I don't want to live anymore.",
    "I don’t want to be here any more.",
    "I didn't want to be alive after they told me it had spread.",
    "I'm not sure I want to live any more.",
    "It's not that I want to die, I just can't face more treatment.",
    "I've been thinking about taking my own life.",
    "There are days I think about ending it all.",
    "I was ready to end it.",
    "I'm going to end it tonight.",
    "I would rather be dead than go back to that ward.",
    "I wish I could just die in my sleep and not have to face another scan.",
    "Sometimes I wish I could die.",
    "If I'm honest I have considered suicide.",
    "I want it all to end.",
    "I'd be better off dead.",
    "I’ve thought about unaliving myself.",
    "I think about k**ill**ing myself more than I should.",
    "I THOUGHT ABOUT KILLING MYSELF LAST NIGHT",
    "i want 2 die",
    "Im going to kill my self",
    "I'm thinking of ending things.",
    # A plan, or the means.
    "I've been stockpiling my morphine just in case.",
    "I have been saving up my tablets.",
    "I have worked out how many tablets it would take to not wake up.",
    "I know exactly how I would do it.",
    "I googled the best way to end it.",
    "I've made a plan to end my life after my daughter's birthday.",
    "I wrote goodbye letters to my children.",
    "I thought about jumping off the bridge on the way home from the clinic.",
    "I stood on the platform and wanted to step in front of a train.",
    "I thought about taking an overdose of the painkillers they gave me.",
    "I could take all my pills at once and nobody would know.",
    "I've thought about how I could hang myself.",
    "I've been reading about how much morphine is lethal.",
    "I have the pills ready.",
    "Sometimes I think about driving into a wall.",
    # A past attempt.
    "Two years ago I tried to kill myself.",
    "I attempted suicide when I was nineteen.",
    "After my suicide attempt I was in hospital for a week.",
    "I took an overdose in 2019.",
    "Since my last attempt I have had a good psychiatrist.",
    "I tried to end it all after my wife died.",
    # Self-harm.
    "I have started self-harming again.",
    "I used to cut myself as a teenager and the urge is back.",
    "I cut myself again last night.",
    "I've been burning myself with cigarettes.",
    "I hurt myself on purpose when the pain gets too much.",
    "I keep thinking about hurting myself.",
    "The voices tell me to hurt myself.",
    "Self harm was how I coped before and I'm scared I'll go back to it.",
    # Wishing to be dead.
    "I wish I was dead.",
    "I hope I don't wake up tomorrow.",
    "Every night I pray I won't wake up.",
    "I just want to go to sleep and never wake up.",
    "I wish I didn't exist.",
    "I want to disappear forever.",
    "I want to sleep forever.",
    # A burden.
    "My family would be better off without me.",
    "Everyone would be happier without me around.",
    "They'd all be better off if I was gone.",
    "I'm just a burden to everyone now.",
    "It would be easier for everyone if I just wasn't here.",
    # Hopelessness.
    "I have nothing left to live for.",
    "There's no reason to go on.",
    "What's the point of living like this?",
    "Life isn't worth living with this pain.",
    "I can't go on like this anymore.",
    "I can't do this anymore.",
    "I can't go on.",
    "I'm tired of living.",
    "I've given up on life.",
    "I see no way out.",
    "I feel completely hopeless.",
    "I can't see the point anymore.",
    "I don't see the point in anything.",
    # Someone close to the author.
    "My husband keeps saying he wants to kill himself.",
    "My mum tried to end her life last spring.",
    # From an independent review: slang, typos, and the ways the first list missed.
    "i wanna die",
    "I dont wanna live anymore",
    "I wish I'd died on the table.",
    "I wish I'd never been born.",
    "The suicidal thoughts are back.",
    "I was on suicide watch last year.",
    "I nearly jumped off the bridge last night.",
    "I almost stepped in front of a lorry yesterday.",
    "I want to kill myself to make it stop.",
    "I cut myself with a razor last night.",
    "I burn myself when it gets bad.",
    "I don't want to live with this pain anymore.",
    "I'm ready to end it for good.",
    "I'm going to end it with the pills I've saved.",
    "I never thought I'd want to die.",
    "Nobody knows I'm suicidal.",
    "Not a day goes by that I don't think about killing myself.",
    "I asked about hospice because I want to die.",
    "I've been stockpiling my gabapentin.",
    "I've been saving my tramadol.",
    "Last year I OD'd on my pain meds.",
    "I took a handful of pills and ended up in A&E.",
    "I want to top myself.",
    "I feel suicidle.",
    "I'd be better of dead.",
    "I can't take it anymore.",
    "I can't keep living like this.",
    "I feel like I'm a burden on my family.",
    "I've lost the will to live.",
    "I want to slit my wrists.",
    "I hope I die in my sleep tonight.",
    "I wish the cancer would just hurry up and kill me.",
    "Nobody would miss me if I was gone.",
    "I've been giving my things away.",
    "I bought rope today.",
    "My thoughts keep telling me to end it.",
    "I'm afraid I'll do something stupid tonight.",
    "I stopped eating so I would die faster.",
    "I'm not suicidal yet but I'm getting there.",
    "I scratch my arms until they bleed.",
    # A screening question the author answered.
    "The nurse asked if I had thoughts of suicide and I said yes.",
]

ORDINARY = [
    # Named in the issue.
    "The probe froze the tumour to death.",
    "It was the last day of my course of treatment.",
    "I was dying for a shower afterwards.",
    "The nerve block put an end to my knee pain.",
    # Freezing, killing cells and tumours.
    "The ice ball kills the cancer cells in about ten minutes.",
    "Two freeze cycles make sure every cell in the tumour dies.",
    "The doctor said the cold would kill the tumour without cutting me open.",
    "Dead tissue is absorbed by the body over the following months.",
    "They ended the procedure after the second freeze.",
    # Fear of dying, which is not a wish to die.
    "I didn't want to die before my daughter's wedding.",
    "I don't want to die, I want to see my grandchildren grow up.",
    "I was terrified I would go to sleep under the anaesthetic and never wake up.",
    "Nobody wants to die of cancer.",
    "I was scared the cancer would take my life.",
    "When my time comes I want to die at home.",
    "I want to die peacefully in my own bed when the time comes, not in a hospital.",
    "I thought my life was over when they found the tumour, but here I am.",
    "At the end of my life I want my family around me.",
    "My dad died of kidney cancer, which is why I got checked.",
    # Idioms.
    "The pain was killing me before the nerve block.",
    "I could kill for a cup of tea after fasting all morning.",
    "I nearly killed myself laughing at the nurse's jokes.",
    "I was dead tired after the scan.",
    "I nearly died of embarrassment when my gown came open.",
    "My wife will kill me for saying this, but I ate chips the same night.",
    "The waiting was the killer.",
    "I was killing myself at work before the diagnosis.",
    "I cut myself shaving the morning of the procedure.",
    "I hurt myself lifting the suitcase into the car.",
    "I shot myself in the foot by not asking about the follow-up scan.",
    "I cut myself off from friends for a while and I regret it.",
    "I had to starve myself from midnight before the anaesthetic.",
    "I couldn't go on holiday that summer.",
    "The parking at the hospital is hopeless.",
    "I'm hopeless at remembering my tablets.",
    "I was at the end of my tether waiting for results.",
    "When they showed me the needle I thought, I can't do this.",
    # Taking back a life, getting on with it.
    "The nerve block let me take my life back.",
    "Cryoablation gave me my life back.",
    "The cancer took over my life for a year.",
    "It ended my life as a marathon runner, but I cycle now.",
    "I just wanted it all to be over and done with.",
    "I was glad to be done with it all.",
    "I didn't want to live with the worry of a tumour growing.",
    "I didn't want to be here for Christmas, I wanted to be home.",
    "I didn't want to wake up during the procedure, so I chose sedation.",
    "Life is worth living again.",
    "It made life worth living again.",
    "I never gave up on life, even on the worst days.",
    # Negated and reported.
    "I was never suicidal, just very low.",
    "I have never had suicidal thoughts.",
    "I'm not suicidal, I'm just exhausted.",
    "The nurse asked if I had any thoughts of self-harm and I said no.",
    "The questionnaire asked about suicidal thoughts, which surprised me.",
    "People with cancer have a higher risk of suicide, so ask for support early.",
    "The Samaritans and the 988 Suicide and Crisis Lifeline are there for anyone.",
    "I volunteer for a suicide prevention charity now.",
    "Assisted suicide came up in the news while I was in hospital.",
    "I didn't take an overdose of anything; the morphine pump limits the dose.",
    # Medicines and the practical side.
    "I collected my tablets from the pharmacy on the way home.",
    "Don't take more painkillers than the leaflet says.",
    "I took all my tablets as prescribed.",
    "The pharmacist explained what an overdose of paracetamol can do to the liver.",
    "I jumped off the bus at the hospital stop.",
    "The car park next to the bridge is cheaper.",
    "I nearly drove into a wall on the way home, I was so tired.",
    "The pharmacist explained the lethal dose of paracetamol is lower than people think.",
    "The freezing has to reach a lethal temperature at the edge of the tumour.",
    "I'm thinking of ending things with my old GP practice and moving.",
    "The tumour could end my life if it is left alone.",
    "Ask whether the team screens patients for depression.",
    "I wrote a note to my surgeon to thank her.",
    "I burned myself on the kettle a week later, nothing to do with the treatment.",
    "They would be better off with a bigger waiting room.",
    "I felt like a burden for a few days because I couldn't lift anything.",
    "There was no way out of the surgery, so I asked about cryoablation.",
    "My husband was a burden-sharer, not a burden.",
    "My attempt at walking to the shop on day two was too ambitious.",
    "Our first attempt to book the scan failed.",
    # From an independent review: sentences an earlier version wrongly flagged.
    "I jumped off the train at the wrong station after the scan.",
    "I walked into a wall on the ward because of the sedation.",
    "We jumped into the sea on our first holiday after treatment.",
    "I'm sick of living out of a hospital bag.",
    "I'd rather be dead tired than in pain.",
    "I know how I would do it differently next time.",
    "I've made plans to end my treatment in a hospice near home.",
    "The ward is better without me moaning about the food.",
    "I hurt myself again bending down to tie my shoes.",
    "I'm putting aside some painkillers for the journey home.",
    "I tried to end it with my ex before the surgery.",
    "The tumour is ending my life slowly.",
    "I shot myself a reminder to book the scan.",
    "I poisoned myself with bad prawns the week before.",
    "I'm not letting the cancer win.",
    "The nurse asked about my pain, and whether I was sleeping.",
]


@pytest.mark.parametrize("sentence", CRISIS)
def test_crisis_phrasing_is_flagged(sentence):
    assert find_concerns(sentence), sentence


@pytest.mark.parametrize("sentence", ORDINARY)
def test_ordinary_sentence_is_not_flagged(sentence):
    assert find_concerns(sentence) == [], sentence


def test_the_lists_hold_at_least_sixty_of_each():
    assert len(CRISIS) >= 60
    assert len(ORDINARY) >= 60
    assert len(set(CRISIS)) == len(CRISIS)
    assert len(set(ORDINARY)) == len(ORDINARY)


def test_every_pattern_catches_something_in_the_list():
    """A pattern nobody's words reach is dead weight, or a typo that never matches."""
    used = {concern.key for sentence in CRISIS for concern in find_concerns(sentence)}
    assert {pattern.key for pattern in PATTERNS} - used == set()


def test_pattern_keys_are_unique_because_verdicts_are_logged_against_them():
    keys = [pattern.key for pattern in PATTERNS]
    assert len(keys) == len(set(keys))


def test_the_matched_sentence_and_phrase_are_the_authors_own_words():
    body = (
        "The freezing went well and I was home the next day.\n\n"
        "But some nights I have thought about **ending my life**. My nurse knows."
    )

    [concern] = find_concerns("A title", body)

    assert concern.sentence == "But some nights I have thought about **ending my life**."
    assert concern.phrase == "ending my life"
    assert concern.before == "But some nights I have thought about **"
    assert concern.after == "**."
    assert concern.reason == Reason.SUICIDAL
    assert concern.key == "end-my-life"


def test_curly_quotes_and_hidden_characters_do_not_hide_a_match():
    assert find_concerns("I don\u2019t want to live any\u200bmore")
    assert find_concerns("I want to k\u00adill myself")
    assert find_concerns(
        "ＩＷＡＮＴＴＯＤＩＥ".lower().replace("ｉｗａｎｔｔｏｄｉｅ", "i want to die")
    )


def test_one_concern_per_sentence_in_order_across_title_and_body():
    concerns = find_concerns(
        "I want to die",
        "I have been saving up my tablets. I want to die. The scan was fine.",
    )

    assert [c.key for c in concerns] == ["want-to-die", "plan-stockpile", "want-to-die"]


def test_a_line_break_inside_a_sentence_does_not_hide_it_but_a_list_item_ends_one():
    assert find_concerns("I want to kill\nmyself.")
    [concern] = find_concerns("- The scan was fine\n- I want to die\n- Back at work")
    assert concern.sentence == "- I want to die"


def test_a_long_sentence_is_kept_around_the_match_only():
    padding = "the waiting room was cold and " * 200
    [concern] = find_concerns(padding + "I want to kill myself " + padding)

    assert len(concern.sentence) < 400
    assert concern.phrase == "kill myself"
    assert concern.sentence.startswith("…") and concern.sentence.endswith("…")


def test_hostile_input_is_handled_in_reasonable_time():
    """No pattern backtracks badly: a huge post of near-misses is judged like any other."""
    near_misses = (
        "I want to " + "really " * 50 + "die of " * 50 + "can't go on holiday " * 50
    ) * 40
    assert find_concerns(near_misses) == []
    negated = "I was never suicidal and the nurse asked if I wanted to die " * 2000
    assert find_concerns(negated) == []  # one sentence of 120,000 characters
    assert find_concerns("") == [] and find_concerns(None) == []


def test_concerns_survive_being_stored_as_json():
    concerns = find_concerns("I want to kill myself.")

    assert concerns_from_dicts([c.as_dict() for c in concerns]) == concerns
