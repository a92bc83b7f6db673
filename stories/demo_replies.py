"""
The demo's clinician responses and replies, for `stories.demo`: who answered which post
(by its key in `demo_content` or `demo_answers`), when, and in what words; and the posts
in the moderation queue. All invented.
"""

from typing import NamedTuple


class DemoAnswer(NamedTuple):
    """A clinician response or a reply, published `days_after` the post it answers."""

    post: str  # the key of a story or an insight
    author: str
    days_after: int
    body: str
    helped: bool = False  # the story's author said this response helped them
    show_name: bool = True


class QueuePost(NamedTuple):
    """A patient story still in the moderation queue, or sent back by a moderator."""

    author: str
    indication: str
    title: str
    body: str
    decision: str = ""  # "" (waiting), "changes", or why it was rejected (a RejectReason)
    message: str = ""


# fmt: off
# Clinician responses to patient stories; "demo-editor" signs for the editorial team.
RESPONSES = [
    DemoAnswer("allotment", "doctor", 3, """\
Thank you for sharing this, and for being honest about the worry before each scan. Many people
feel that way. The scans are how we check the treated area over time, so several in the first
few years is normal. It is good to hear you are back at the allotment.""", helped=True),
    DemoAnswer("red-wee", "doctor", 5, """\
Thank you for writing about this. A small bleed is one of the known risks after kidney
treatment, and most settle without another procedure, as yours did. It is still frightening
at the time, and it makes sense that it stays with you. I hope your scans keep going
well.""", helped=True),
    DemoAnswer("drain", "doctor", 4, """\
Thank you for describing the drain so clearly. Air leaking around the lung is one of the more
common side effects of lung treatment with needles. Often it is small and needs no tube, but
sometimes a drain is needed, as it was for you. I am glad your scans look good."""),
    DemoAnswer("no-help", "demo-dr-osei", 6, """\
I am sorry it did not help. Nerve freezing does not work for everyone, and scar pain that has
lasted for years can come from more than one place. It sounds like you and your pain doctor are
looking at other options together. I hope you find something that brings relief."""),
    DemoAnswer("crept-back", "demo-dr-osei", 2, """\
Thank you for this. You describe the main limit of nerve freezing well: the nerve grows back,
and the relief usually wears off. Some people have it again, and others decide it is not worth
it. Both are reasonable choices, and your pain team can talk them through with you."""),
    DemoAnswer("fracture", "demo-dr-lennox", 7, """\
Thank you for sharing something so hard. A break is a known risk when a tumour is in a bone
that carries weight. I am sorry it happened to you, and that you did not get the relief you
hoped for. Your story will help others see the whole picture."""),
    DemoAnswer("new-spot", "demo-dr-lennox", 4, """\
Thank you for explaining this so clearly. You are right that the freezing treated the spots it
was aimed at. With some cancers, new spots can appear, and that is not a sign that the freezing
failed. I hope your new treatment goes well."""),
    DemoAnswer("nights-back", "demo-dr-lennox", 3, """\
Thank you for this. A flare of pain in the first few days is common after a bone tumour is
frozen, and it often settles, as it did for you. I am glad you have your nights back."""),
    DemoAnswer("not-sure", "demo-editor", 2, """\
Thank you for such a balanced account. Stories like yours help readers see that every treatment
has risks as well as benefits. Our article on cryoablation for lung tumours describes the other
options, including radiotherapy, for anyone who wants to compare them."""),
]

# Replies from readers, and from authors answering them, in the order they were written.
REPLIES = [
    DemoAnswer("allotment", "demo-ian", 5, """\
Did you have to stop digging for long? I have an allotment too, and I am due to have the same
thing done next month."""),
    DemoAnswer("allotment", "patient", 6, """\
Hello Ian. I was asked not to lift anything heavy for a few weeks, so my neighbour did the
digging. I did the weeding sitting on a stool! Good luck next month."""),
    DemoAnswer("at-81", "demo-ayesha", 9, """\
My dad is 79 and is facing the same choice. Reading this helped us talk about it. Thank you."""),
    DemoAnswer("at-81", "demo-frank", 10, """\
I am glad it helped. I hope your dad makes the choice that is right for him, whichever it is."""),
    DemoAnswer("flu-like", "demo-grace", 12, """\
The same thing happened to me. I thought I had caught something in hospital. It is good to know
I was not the only one."""),
    DemoAnswer("drain", "demo-lin", 8, """\
How long did the drain stay in? I am having my treatment in a few weeks, and this is the part I
am nervous about."""),
    DemoAnswer("drain", "demo-maureen", 9, """\
It stayed in for two days. The nurses were very good at helping me move about with it. I hope
you do not need one at all."""),
    DemoAnswer("dog-walks", "demo-jim", 2, """\
Did the freezing itself hurt? I have been offered the same for my knee."""),
    DemoAnswer("dog-walks", "demo-barry", 3, """\
The numbing injections stung for a few seconds. After that I felt cold and some pushing, but no
pain."""),
    DemoAnswer("knee-nerves", "demo-alan", 6, """\
Is this the same as the heat treatment for knee nerves that my friend had?"""),
    DemoAnswer("knee-nerves", "demo-dr-osei", 7, """\
It has the same aim, but it uses cold instead of heat. Both stop the nerve sending signals for
a while. Which one is offered varies from clinic to clinic."""),
    DemoAnswer("our-son", "demo-helen", 4, """\
Our daughter had the same kind of growth in her shin. Reading this brought it all back. I am so
glad your son is playing football again."""),
    DemoAnswer("our-son", "demo-rachel", 5, "Thank you. I hope your daughter is doing well now."),
    DemoAnswer("fracture", "demo-sian", 11, """\
Thank you for being so honest. I hope your leg keeps getting stronger.""", show_name=False),
    DemoAnswer("no-help", "demo-val", 3, """\
I am sorry it did not help. It did not help my pain either."""),
    DemoAnswer("bigger-plan", "demo-gareth", 5, """\
This matches what happened to me. I found it helpful to see it written down so simply."""),
]

# Waiting for a moderator: the demo patient's reply.
PENDING_REPLY = DemoAnswer("shoulder", "patient", 0, """\
Thank you for writing this. I had a sore shoulder after my treatment too, and I thought
something had gone wrong.""")
# The moderation queue: waiting for review, sent back for changes, and not published.
QUEUE = [
    QueuePost("patient", "kidney", "My six-month scan came back clear", """\
I wrote here after my kidney was frozen. Today I had the result of my six-month scan, and it was
clear. I cried in the car park, in a good way. The next scan is in six months. I am going to
try not to think about it until then."""),
    QueuePost("demo-barry", "nerve-pain", "Still walking the dog, two months on", """\
A quick update on my knee. The numb patch has nearly gone, and the pain is still much better
than before. I still have my knee operation to come, but the wait feels easier now."""),
    QueuePost("patient", "kidney", "Recovery diary: the first five days", """\
Day 1: sore and sleepy. Day 2: a short walk round the garden. Day 3: a bath, at last. Day 4: I
slept most of the afternoon. Day 5: I felt nearly normal and did a little cooking.""",
              "changes", "Thank you! Could you add which year this was?"),
    QueuePost("patient", "kidney", "The best clinic in town", """\
Everyone should go to the private clinic I used. They are the best in the country and much
better than the hospital. Ring them and say I sent you.""",
              "promotion", "We do not publish recommendations of particular clinics."),
]
# fmt: on
