"""
Phrases for thoughts and feelings: of suicide, of wishing to be dead, of someone close at
risk, of being a burden, of hopelessness.
"""

from .words import ACCIDENT, ANYMORE, ME, MY_LIFE, NOT_ANYMORE, Pattern, Reason

THOUGHTS: tuple[Pattern, ...] = (
    # ------------------------------------------------------------------ thoughts of suicide
    Pattern(
        "suicide",
        Reason.SUICIDAL,
        r"\b(?:suicid|sucid|suicd|suisid)(?:e|es|al|ality|le)\b|\bnot (?:\w+ )?suicidal yet\b",
        unless_before=(
            r"(?:assisted|career|political|social|professional|commercial|"
            r"(?:higher|raised|increased|greater|elevated|high) (?:\w+ )?risks? of|rates? of|"
            r"national)"
        ),
        unless_after=(
            r"(?:(?:and )?crisis (?:line|lifeline|helpline|team)|prevention|lifeline|hotline|"
            r"helpline|help ?line|line|rates?|statistics|risk (?:in|among|for) (?:people|"
            r"patients)|squad|bomb\w*|mission|doors?|awareness|charit\w*)\b"
        ),
    ),
    Pattern(
        "kill-myself",
        Reason.SUICIDAL,
        rf"\b(?:kill|killing|killed|kills|kil|kll|k1ll|off|offing|unalive|unaliving|top|topping|"
        rf"topped|neck|necking|end|ending) {ME}\b|\bunaliv\w*|\bkms\b"
        rf"|\b(?:do|doing|did) {ME} in\b"
        r"|\b(?:doesn'?t|does not|won'?t|will not) (?:kill|get) me,? i will\b"
        r"|\b(?:i'll|i will|i might|going to|gonna) do something (?:stupid|silly|drastic)\b"
        r"(?! like)",
        unless_after=ACCIDENT + r"|up\b",
    ),
    Pattern(
        "end-my-life",
        Reason.SUICIDAL,
        rf"\b(?:end|ending|ended|take|taking|took|finish|finishing|stop|stopping) {MY_LIFE}",
        unless_after=(
            r"(?:as i (?:knew|know) it|as a\b|back|over\b|in (?:my|both|your) (?:own )?hands|"
            r"forward|one day at a time|seriously|into account|with me|for granted)"
        ),
        unless_before=(
            r"(?:(?:cancer|tumou?r|disease|illness) (?:(?:could|would|might|will|may|is|was) )?"
            r"(?:slowly )?|(?:it|this|that) (?:could|would|might|will|may) )"
        ),
    ),
    Pattern(
        "end-it-all",
        Reason.SUICIDAL,
        r"\b(?:end|ending|ended|finish|finishing) (?:it all|everything|my existence)\b|"
        r"\bwant(?:ed)? (?:it all|everything|my life|life) to (?:end|stop)\b",
        unless_after=r"(?:with (?:him|her|them|my)|early|there)",
    ),
    Pattern(
        "end-it",
        Reason.SUICIDAL,
        r"\b(?:think|thinking|thought|going|gonna|plan\w*|want\w*|tempted|ready|decided|"
        r"urge|close|telling me to|tell me to|told me to) (?:about |of |to )?(?:end|ending) "
        r"(?:it|things)\b",
        unless_after=(
            r"(?:with (?:him|her|them|my (?:partner|ex|boyfriend|girlfriend|husband|wife|gp|"
            r"doctor|practice|old|surgeon|consultant))|early|there|here|now,|between|off)\b"
        ),
    ),
    Pattern(
        "want-to-die",
        Reason.SUICIDAL,
        r"\b(?:(?:want|wanted|wanting|wants|wish|wished|ready|longing|long|prefer) (?:to|2)"
        r"|wanna) die\b"
        r"|\b(?:would|'d) (?:rather|sooner) (?:be dead(?! tired| on my feet)|not be alive|"
        r"not wake up)\b",
        unless_after=(
            r"(?:at home|in (?:my|our) (?:own )?(?:bed|home|sleep)|peacefully|with dignity|"
            r"of (?:embarrassment|shame|boredom)|laughing|when (?:the|my) time comes|"
            r"naturally|of old age|surrounded by)"
        ),
    ),
    Pattern(
        "dont-want-to-live",
        Reason.SUICIDAL,
        r"\b(?:don'?t|do not|didn'?t|did not|no longer|not sure i|never) "
        r"(?:really |even )?(?:(?:want|wish|wanted) to|wanna) (?:live|be alive|exist|go on living|"
        rf"carry on living|be here {ANYMORE}|be around {ANYMORE}|go on {ANYMORE}|"
        rf"live {ANYMORE}|go on(?: like this)?(?= *(?:$|[.!?,;])))\b",
        unless_after=(
            r"(?:with|in|near|on|at|through|without|abroad|there|somewhere|nearer|closer|"
            r"next|alone|by|off)\b" + NOT_ANYMORE
        ),
        negatable=False,
    ),
    Pattern(
        "dont-want-to-wake",
        Reason.WISH_DEAD,
        r"\b(?:don'?t|do not|didn'?t|did not|never|not) (?:(?:want|wanted) to|wanna) wake up\b"
        r"|\b(?:hope|hoped|hoping|pray|prayed|praying|wish|wished) (?:that )?i "
        r"(?:won'?t|wouldn'?t|don'?t|didn'?t|never|will not|would not|do not) wake up\b"
        r"|\b(?:go|goes|went|going) to sleep and (?:never|not) (?:wake|waking) up\b",
        unless_after=r"(?:during|in the middle|halfway|mid|early|on time|in time|until)\b",
        negatable=False,
    ),
    # ------------------------------------------------------------------ wishing to be dead
    Pattern(
        "wish-dead",
        Reason.WISH_DEAD,
        r"\b(?:wish|wished|wishing|pray|prayed|hope|hoped) (?:that )?i(?: was| were|'d| would"
        r"| could| had| might) (?:just )?(?:be |have )?(?:dead|died|never been born|"
        r"gone for good|disappear(?: for (?:good|ever)|forever)?|not exist|stop existing)\b"
        r"|\bwish(?:ed)? i (?:didn'?t|did not) exist\b"
        r"|\bwish(?:ed)? i could (?:just )?die\b(?! (?:at home|peacefully|with dignity|naturally))"
        r"|\bbetter of+ dead\b"
        r"|\bwish(?:ed)? i could (?:just )?(?:not|never) wake up\b"
        r"|\bwish(?:ed)? i(?:'d| had) never (?:woken|woke) up\b"
        r"|\bwish(?:ed)? i (?:hadn'?t|had not|didn'?t|did not) (?:survived?|woken up|wake up|"
        r"made it)\b"
        r"|\b(?:wish|wished|hope|hoping|pray|praying|prayed) (?:that )?(?:the |this |my )?"
        r"(?:cancer|tumou?r|disease|illness) (?:would |will |'ll |just |hurry up and )*"
        r"(?:kills? me|takes? me|finish(?:es)? me off)\b"
        r"|\b(?:wouldn'?t|would not|don'?t|do not) care if i (?:didn'?t|did not|don'?t|never) "
        r"wake up\b|\b(?:wouldn'?t|would not|don'?t|do not) care if i (?:died|was dead)\b"
        r"|\bso (?:that )?(?:i (?:would|will|can|could|'d) die|it (?:will|would|'ll) (?:all )?be "
        r"over)(?: sooner| faster| quicker)\b"
        r"|\blet(?:ting)? (?:the )?(?:cancer|tumou?r) win\b"
        r"|\b(?:hope|hoping|pray|praying) i die\b"
        r"|\b(?:want|wanted|wish) to (?:go to )?sleep (?:forever|for ever|for good|and "
        r"(?:never|not) wake up)\b"
        r"|\b(?:want|wanted|wish) to (?:just )?(?:disappear (?:for good|for ever|forever)|"
        r"stop existing|not exist|not be alive|be dead)\b",
        unless_before=r"(?:afraid|scared|frightened|worried|fear|terrified|feared)",
    ),
    # ------------------------------------------------------------------ someone else
    Pattern(
        "someone-else",
        Reason.SOMEONE_ELSE,
        r"\b(?:wants?|wanted|going|gonna|threaten\w*|talk\w* (?:about|of)|thinking (?:about|of)"
        r"|tried|trying) (?:to )?(?:kill|killing|end|ending) (?:himself|herself|themselves|"
        r"his (?:own )?life|her (?:own )?life|their (?:own )?lives?)\b",
        unless_after=ACCIDENT,
    ),
    # ------------------------------------------------------------------ a burden
    Pattern(
        "better-off-without-me",
        Reason.BURDEN,
        r"\b(?:better off|happier|easier|better)(?: \w+){0,3} without me\b(?! \w+ing)"
        r"|\bbetter off with me (?:gone|dead|out of the way)\b"
        r"|\b(?:easier|better|simpler) (?:for (?:\w+ ){1,2})?if i (?:was|were|'m) (?:dead|gone)\b"
        r"|\b(?:i'm|i am|i feel like i'm|i feel like a|feel like a|feeling like a) "
        r"(?:such |just |only )?a (?:huge |big |massive |real )?burden (?:to|on) "
        r"(?:my|everyone|everybody|them|all)\b"
        r"|\b(?:nobody|no one|no-one) would (?:miss|notice|care about) me if i (?:was|were|'m|"
        r"died|disappeared)\b"
        r"|\bbetter off (?:if|when|once) i(?:'m| am| was| were|'d| had)? "
        r"(?:gone|dead|not here|not around|wasn'?t here|weren'?t here|wasn'?t around|died)\b"
        r"|\b(?:easier|better) for (?:everyone|everybody|them|my family|all of them) if i "
        r"(?:just )?(?:wasn'?t|weren'?t|was not|were not) (?:here|around|alive)\b"
        r"|\b(?:(?:just|only|nothing but|such) a burden|a burden to (?:everyone|everybody|"
        r"them all|all of them|the world))\b",
        unless_after=r"(?:for (?:a|the|one|two|three|a few) (?:day|days|week|weeks|night|nights))",
    ),
    # ------------------------------------------------------------------ hopelessness
    Pattern(
        "no-reason-to-live",
        Reason.HOPELESS,
        r"\bnothing (?:left )?to live for\b"
        r"|\bno (?:reason|point|will) (?:to|in|of) (?:live|living|go on|going on|carry on|"
        r"carrying on|be alive|being alive|keep going|keeping going|wake up|waking up|"
        r"anything any ?more)\b"
        r"|\bwhat'?s the point (?:of|in) (?:living|going on|carrying on|being alive|"
        r"anything any ?more|it all|life)\b"
        r"|\b(?:life|living|it) (?:isn'?t|is not|wasn'?t|was not|is no longer|no longer|"
        r"doesn'?t (?:seem|feel)|does not (?:seem|feel)|didn'?t (?:seem|feel)|"
        r"did not (?:seem|feel)|ain'?t) (?:\w+ )?worth living\b"
        r"|\bnot worth living\b"
        r"|\b(?:can'?t|cannot|don'?t|do not|no longer) see (?:the|any) point (?:any ?more|"
        r"in (?:anything|living|going on|carrying on|life)|of (?:anything|living|life))"
        r"|\b(?:tired|sick|weary) of (?:living|being alive|life|existing)\b(?! out of| in | on )"
        r"|\b(?:done|finished) with (?:life|living|being alive)\b(?! out of| in | on )"
        r"|\blost (?:the|my|all) will to live\b"
        r"|\bnothing (?:will|is going to) ever (?:get|be) better\b"
        r"|\b(?:there'?s|there is|there was|theres) no point (?:any ?more|in anything|to "
        r"anything)\b"
        r"|\bgiv(?:e|en|ing) up on (?:life|living)\b|\bgave up on (?:life|living)\b",
    ),
    Pattern(
        "cant-go-on",
        Reason.HOPELESS,
        r"\b(?:can'?t|cannot|can not|couldn'?t|could not) (?:go on|carry on|keep going|"
        r"live like this|go on living|face (?:another day|tomorrow|living))"
        rf"(?: {ANYMORE}| like this)?(?= *(?:$|[.!?,;]))"
        rf"|\b(?:can'?t|cannot|can not|couldn'?t|could not) (?:go on|carry on|keep going|"
        rf"do this|live like this|take it|take this|take any more of this|cope)(?: like this)? "
        rf"{ANYMORE}\b"
        r"|\b(?:can'?t|cannot|can not) (?:keep|go on|carry on) living like this\b",
        unless_before=r"(?:said|says|that) (?:we|they|you|he|she)",
    ),
    Pattern(
        "no-way-out",
        Reason.HOPELESS,
        r"\b(?:no way out|see no future|no future for me|no hope left|no hope any ?more|"
        r"i have no hope(?! of| that| for)|"
        r"(?:i am|i'm|i feel|i felt|feeling|felt|i was) (?:so |completely |totally |utterly |"
        r"just )?hopeless)\b",
        unless_after=r"(?:of|at|with|about)\b",
    ),
)
