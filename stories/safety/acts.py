"""
Phrases for what someone has done or is getting ready to do: a past attempt, a plan or
the means, self-harm. Checked before `thoughts`, so a sentence that has both says the act.
"""

from .words import ACCIDENT, INTENT, ME, MY_LIFE, PILLS, Pattern, Reason

ACTS: tuple[Pattern, ...] = (
    # ------------------------------------------------------------------ past attempts
    Pattern(
        "attempt-tried",
        Reason.ATTEMPT,
        rf"\b(?:tried|try|trying|attempted|attempting) (?:to )?(?:kill {ME}|end {MY_LIFE}|"
        rf"take {MY_LIFE}|end it all|end it|end things|commit suicide|overdose|hang {ME})\b",
        unless_after=r"(?:with (?:him|her|them|my)|between)\b",
    ),
    Pattern(
        "attempt-named",
        Reason.ATTEMPT,
        r"\b(?:suicide attempts?|attempted suicide|attempt on my (?:own )?life)\b",
    ),
    Pattern(
        "attempt-overdose",
        Reason.ATTEMPT,
        r"\b(?:i (?:took|had taken|have taken|'ve taken|swallowed)|after taking|"
        r"after my) (?:an |a )?(?:deliberate |massive |big )?(?:overdose|od)\b"
        r"|\bi (?:had |have |'ve )?(?:overdosed|od'?d)\b"
        rf"|\b(?:took|swallowed|taken) (?:\d{{2,3}}|a handful of|a (?:whole )?(?:box|bottle|packet)"
        rf" of) (?:my |the )?(?:\w+ )?{PILLS}\b",
    ),
    Pattern(
        "attempt-mine",
        Reason.ATTEMPT,
        r"\b(?:my|since my|after my) (?:last |first |second |previous |earlier )?"
        r"(?:suicide )?attempt\b",
        unless_after=r"(?:at|to|of|on|in)\b",
    ),
    # ------------------------------------------------------------------ plans and means
    Pattern(
        "plan-stockpile",
        Reason.PLAN,
        rf"\b(?:stockpil\w*|hoard\w*|sav(?:e|ed|ing) up|saving|stash\w*|squirrel\w* away|"
        rf"kept back|keeping back) (?:all |some of |a few of )?"
        rf"(?:my |the |enough )?(?:\w+ )?{PILLS}\b",
    ),
    Pattern(
        "plan-enough-pills",
        Reason.PLAN,
        rf"\b(?:enough|how many) (?:of (?:my|the) )?{PILLS}(?: \w+){{0,4}} (?:(?:to|would) "
        rf"(?:kill|end|finish|do it|do the job|not wake)|i'?d need|i would need|it would take)\b"
        r"|\bhow (?:much|many) (?:\w+ ){0,2}(?:it would take|would it take|would kill|to kill "
        r"(?:me|myself))\b",
    ),
    Pattern(
        "plan-overdose",
        Reason.PLAN,
        rf"\b(?:{INTENT}|could|would|might) (?:take |taking )?(?:an |a )?(?:overdose|od)\b",
        unless_after=r"(?:by (?:mistake|accident)|accidentally)",
    ),
    Pattern(
        "plan-all-pills",
        Reason.PLAN,
        rf"\b(?:take|took|taking|swallow\w*) (?:all|every one of|the whole (?:box|bottle|packet"
        rf"|lot) of) (?:my |the |those |these )?{PILLS}(?: (?:at once|in one go|together))\b"
        rf"|\bswallow\w* (?:all|every one) of (?:my |the |those |these )?(?:\w+ )?{PILLS}\b"
        r"|\b(?:bought|buy|buying|got|get) (?:a |some )?(?:rope|noose)\b|\bnoose\b",
    ),
    Pattern(
        "plan-method",
        Reason.PLAN,
        rf"\b(?:hang|hanging|hanged|hung|drown|drowning|drowned|gas|gassing|gassed|shoot|"
        rf"shooting|shot|poison|poisoning|poisoned|electrocute|suffocate|suffocating) {ME}\b",
        unless_after=(
            r"(?:in the foot|up|upside|a|an|with (?:bad|some|food|the nitrous|gas and air)|"
            r"by (?:accident|mistake))\b"
        ),
    ),
    Pattern(
        "plan-jump",
        Reason.PLAN,
        rf"\b(?:jump|jumping|jumped|throw {ME}|throwing {ME}|threw {ME}) (?:off|from) "
        r"(?:a |the |my |that |our )?(?:bridge|building|cliff|roof|rooftop|balcony|car park|"
        r"multi-storey|tower|block of flats)\b"
        rf"|\b(?:throw {ME}|throwing {ME}|threw {ME}|walk|walking|walked) into (?:a |the )?"
        r"(?:river|sea|canal|traffic)\b",
    ),
    Pattern(
        "plan-traffic",
        Reason.PLAN,
        rf"\b(?:jump|jumping|jumped|step|stepping|stepped|throw {ME}|throwing {ME}|threw {ME}|"
        r"walk|walking|walked|lie down|lying down) (?:in front of|under) (?:a |the |an )?"
        r"(?:train|lorry|truck|bus|car|traffic|tube|oncoming \w+)\b",
    ),
    Pattern(
        "plan-crash",
        Reason.PLAN,
        r"\b(?:drive|driving|drove|crash|crashing|crashed|steer|steering)(?: my car| the car)? "
        r"(?:into|off) (?:a |the )?(?:wall|tree|bridge|river|lorry|truck|cliff|oncoming \w+)\b",
        unless_before=r"(?:nearly|almost|was nearly|was almost)",
    ),
    Pattern(
        "plan-know-how",
        Reason.PLAN,
        r"\b(?:know (?:exactly )?how i(?:'d| would| will) do it(?! differently| again| better"
        r"| myself| now| next)|"
        r"(?:made|have|had|got|making) (?:a |the )?plans? (?:to|for) (?:end (?:it|my life|"
        r"things|everything)|kill|die|take my)|"
        r"(?:searched|looked up|researched|googled|reading up on|read up on) (?:\w+ ){0,2}"
        r"(?:ways|how|methods|the best way) to (?:die|end it|kill|take my))\b",
    ),
    Pattern(
        "plan-lethal",
        Reason.PLAN,
        rf"\b(?:lethal|fatal|deadly) (?:dose|amount)s?\b(?! of (?:radiation|cold))"
        rf"|\bhow (?:much|many) (?:\w+ ){{0,2}}(?:is|are|would be|makes) (?:lethal|fatal|deadly)\b"
        rf"|\b(?:have|got|keep) (?:the |my |enough )?{PILLS} (?:ready|saved|hidden)\b",
        unless_before=(
            r"(?:explained|told (?:us|me)|warned(?: us| me)?|warning)(?: (?:that|what|how|about))?"
            r"(?: the)?"
        ),
    ),
    Pattern(
        "plan-notes",
        Reason.PLAN,
        r"\b(?:goodbye|farewell|suicide) (?:notes?|letters?|messages?)\b"
        r"|\b(?:written|wrote|write|writing|left|leave) (?:my|a) (?:last |final )?note\b"
        r"(?! to| for| about| of| on| in| down| with)"
        r"|\b(?:said|saying|say) (?:all )?my goodbyes\b(?! to)"
        r"|\bgiv(?:e|ing|en) (?:away )?(?:all )?my (?:things|stuff|belongings|possessions) away\b"
        r"|\bgiv(?:e|ing|en) away (?:all )?my (?:things|stuff|belongings|possessions)\b",
        unless_before=r"(?:said|say|saying)",
    ),
    # ------------------------------------------------------------------ self-harm
    Pattern(
        "self-harm",
        Reason.SELF_HARM,
        r"\bself[- ]?(?:harm\w*|injur\w*|mutilat\w*|destruct\w*|inflicted (?:cuts|wounds|"
        r"injur\w*|burns))\b",
        unless_after=r"(?:screening|questionnaire)\b",
    ),
    Pattern(
        "self-harm-acts",
        Reason.SELF_HARM,
        r"\b(?:been|started|begun|began|keep|kept|stop(?:ped)?|urges? to|want(?:ed)? to|"
        r"tempted to|thought (?:about|of)|thinking (?:about|of)|think (?:about|of)|used to|"
        r"tells? me to|told me to|telling me to|"
        r"back to|relapsed? (?:into|and)|went back to) (?:cut|cutting|burn|burning|harm|"
        rf"harming|hurt|hurting|injur\w*|scratch\w*|punish\w*|starv\w*|hit|hitting|punch|"
        rf"punching) {ME}\b"
        rf"|\b(?:cut|cutting|burn\w*|hurt\w*|harm\w*|injur\w*) {ME} (?:on purpose|"
        r"deliberately|intentionally|again(?! \w+ing| on| when| while| at| in))\b"
        r"|\b(?:scratch\w*|cut\w*|pick\w*|bit\w*|bite|biting|hit\w*) (?:my ?self|my \w+)"
        r"(?: \w+)? until (?:they|it|i) (?:bleed|bled|bruise)"
        r"|\b(?:burn\w*|cut\w*) my (?:arms?|legs?|skin|wrists?|thighs?|stomach) (?:on purpose|"
        r"with (?:a |the )?(?:lighter|cigarette|razor|blade|knife|lighter))"
        r"|\bsh'd\b|\bsh (?:again|urges?)\b"
        rf"|\b(?:cut|cutting|burn\w*|hurt\w*|harm\w*|scratch\w*|hit\w*|punch\w*) {ME} "
        r"(?:whenever|when (?:i feel|it gets|things get|everything gets|i'm (?:upset|low|sad|"
        r"angry|overwhelmed|stressed))|to (?:cope|feel|make the pain|punish))"
        rf"|\b(?:cut|cutting) {ME}\b(?! (?:off|out|shaving|on|chopping|while|by|"
        r"slightly|badly|opening|peeling|accidentally|a slice|some|short|free))"
        r"|\b(?:been|started|start|began|keep|kept|back to|stopped) cutting (?:again|my "
        r"(?:arms?|legs?|wrists?|thighs?|skin|stomach))\b"
        r"|\b(?:slit|slitting|slash|slashing|cut|cutting|open) (?:my |both )?wrists?\b",
        unless_after=ACCIDENT,
    ),
)
