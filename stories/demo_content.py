"""
The demo community's words, for `stories.demo`: the patient stories about kidney, liver
and lung treatment (bone and nerve pain are in `demo_answers`). Every person, place and
story is invented for the sample data, written in plain words, as people tell them.
`stories.demo` adds DEMO_MARK to the end of each.
"""

from typing import NamedTuple


class Outcome(NamedTuple):
    """A story's answers to the outcome questions (StoryRevision's outcome fields)."""

    months_before: int  # from the procedure to the story: gives the procedure's year
    approach: str
    anaesthesia: str
    nights: int
    days: int  # until back to usual activities
    pain: int  # one week after, 0 to 10
    complication: str
    recommend: str


class DemoStory(NamedTuple):
    key: str  # how answers (demo_answers) refer to it
    indication: str
    author: str  # a user name: the demo sign-in "patient", or one of `stories.demo.PEOPLE`
    days_ago: int  # when it was published
    outcome: Outcome
    title: str
    body: str
    show_name: bool = True
    photo: str = ""  # a picture `stories.demo` draws (its PHOTOS)


P, K, OPEN = "percutaneous", "keyhole", "open"
GEN, SED, LOC = "general", "sedation", "local"
YES, NO, UNSURE = "yes", "no", "unsure"

# fmt: off
STORIES = [
    # Kidney
    DemoStory("allotment", "kidney", "patient", 40, Outcome(4, P, SED, 1, 10, 2, NO, YES),
              "Back on my allotment ten days after my kidney was frozen", """\
A scan for a tummy problem found a small lump on my left kidney. It was about the size of a
grape. I was 68, and I had never been in hospital before.

The team said I could have surgery, keep an eye on it with scans, or have it frozen. I have a
weak heart, so I liked the idea of something smaller.

## The day itself

I had sedation, not a full anaesthetic. I was sleepy, but I could hear the nurses chatting.
They used a scanner to guide thin needles into the lump. I felt some pushing but no real pain.
I stayed one night because my blood pressure was low. The food was better than I expected.

## Getting back to normal

- Days 1 to 3: sore, like a bad bruise on my back.
- Day 5: walking to the shop and back.
- Day 10: back at the allotment, but no digging.

My first scan at three months showed the lump had shrunk. I have more scans to come, and I get
a bit worried before each one. Still, I am glad I had it done this way. I drew my plot for
this post, as best I can.
""", photo="garden"),
    DemoStory("biopsy-wait", "kidney", "demo-margaret", 470, Outcome(6, P, GEN, 1, 14, 3, NO, YES),
              "A lump found by chance, and a long wait for the biopsy result", """\
The hardest part was not the freezing. It was the waiting.

I had a scan after a fall, and it showed a small lump on my kidney. Then came a biopsy with a
thin needle. Then three weeks of waiting. I did not sleep well in those weeks. My husband made
a lot of cups of tea.

The biopsy showed a small cancer. The doctor said it was slow-growing and caught early. We
talked about surgery and freezing. I chose freezing, because the lump was on the edge of the
kidney, where the needles could reach it.

I had a general anaesthetic. I woke up in recovery feeling cold and shaky, but that passed in
an hour. I went home the next day.

My back was sore for about a week, and I took the painkillers they gave me. After two weeks I
was back at my job in the school office.

If I could change one thing, I would have asked for a phone number to call while I waited.
Just knowing someone was there would have helped me.
"""),
    DemoStory("red-wee", "kidney", "demo-carol", 300, Outcome(7, P, SED, 2, 21, 4, YES, UNSURE),
              "Blood in my wee gave me a fright", """\
I want to be honest about my recovery, because it was not smooth.

The freezing went fine. I had sedation and felt very little. But that evening I needed the
toilet, and my wee was red. I pressed the buzzer in a panic.

The nurse was calm. She said a small bleed can happen after kidney treatment, and they would
watch me. A scan found a small bleed around the kidney. It stopped on its own. I did not need
an operation, but I stayed two nights instead of one. I have kept my wristband in a drawer.

At home I was tired for about three weeks. My side ached when I lay on it. My wee was clear
again after four days.

My six-month scan was good. The tumour has not grown back, and I am grateful for that.

Would I recommend it? I honestly do not know. It did its job. But the bleed scared me and my
family, and I think about it more than I thought I would.
""", photo="wristband"),
    DemoStory("keyhole", "kidney", "demo-dev", 520, Outcome(14, K, GEN, 3, 28, 5, NO, YES),
              "Keyhole freezing, because of where my tumour sat", """\
My tumour was at the front of my kidney, close to my bowel. The team said a needle through my
back could not reach it safely. So a surgeon used keyhole surgery to get to it, and then froze
it.

I had four small cuts on my tummy and I was asleep the whole time. I stayed three nights,
mostly because my bowels were slow to wake up. Not a nice detail, but it is true.

The gas they use in keyhole surgery gave me a pain in my shoulder for two days. Walking about
the ward helped.

It took me about four weeks to feel like myself. I drive a van for work, so I was off for
five. My scans since then have all been clear. I did not know freezing could be done this way
until it was offered to me.
"""),
    DemoStory("at-81", "kidney", "demo-frank", 210, Outcome(3, P, SED, 0, 7, 1, NO, YES),
              "I chose freezing over surgery at 81", """\
I am 81. I have a bad chest and a dodgy hip. When they found a small cancer on my kidney, I did
not fancy a big operation.

My consultant was straight with me. She said that at my age, watching it with scans was also a
fair choice. I thought about it for a month. In the end I wanted it dealt with, so I could stop
thinking about it.

They froze it with needles while I was under sedation. I was home by teatime the same day. My
daughter stayed with me that night, just in case.

I had a bit of an ache for two or three days. By the end of the week I was back at my bowls
club, watching if not playing.

It was the right choice for me. Someone else might choose differently, and that would be fine.
"""),
    DemoStory("numb-patch", "kidney", "demo-rob", 390, Outcome(14, P, GEN, 1, 12, 3, YES, UNSURE),
              "The numb patch on my side is still there", """\
A small thing, but nobody mentioned it to me before, so I am mentioning it here.

After my kidney was frozen, I found a patch of skin on my side that felt numb. It is about the
size of my hand, just above my hip. When I touch it, it feels like touching someone else.

My doctor said a small nerve in the skin can get caught by the cold. Sometimes the feeling
comes back over months. For me it has been over a year, and it is still there. It does not
hurt. It is just odd.

The treatment itself went well: one night in hospital, back at work after about twelve days,
and clear scans so far. I ticked "yes" for a complication, though I am not sure it counts. I
would probably make the same choice again, but I wish I had known.
""", show_name=False),
    DemoStory("second-freeze", "kidney", "demo-helen", 150, Outcome(9, P, GEN, 1, 10, 2, NO, YES),
              "A second freeze after my six-month scan", """\
My first scan after the treatment was not what I hoped. A small part of the tumour was still
showing. My heart sank when the nurse rang.

The doctor said this happens sometimes, more often with bigger lumps. Mine was nearly 4 cm.
They offered to freeze it again.

The second time felt easier, because I knew what to expect: a general anaesthetic, one night
in, and home with paracetamol. Both times I was back to my usual walks after about ten days.

My latest scan showed no sign of it, and I have more scans to come. I would still choose it.
But I had thought one treatment would be the end of it, and it was not.
"""),
    DemoStory("one-kidney", "kidney", "demo-kwame", 60, Outcome(2, P, SED, 1, 7, 2, NO, YES),
              "Keeping my only kidney working", """\
I lost one kidney to an illness when I was a child. So when a lump showed up on the other one,
I was frightened. Without a working kidney, I would need dialysis.

The kidney doctor and the scan doctor planned my care together. They said freezing would treat
the lump and keep most of my kidney. They checked my blood before and after, to see how well
my kidney was working.

It took about two hours. I was sedated and do not remember much. I stayed one night. My kidney
blood test was a little worse the next day, then went back to where it was before.

I was back at my desk after a week, working from home. I feel lucky this was an option for me.
"""),
    # Liver
    DemoStory("bowel-spread", "liver", "demo-tom", 430, Outcome(14, P, GEN, 1, 14, 3, NO, YES),
              "Freezing a spot on my liver after bowel cancer", """\
Two years after my bowel cancer, a routine scan showed one small spot on my liver. I had
already had surgery and chemo, and I was tired of it all.

My team met to talk about my case. They suggested freezing the spot with needles, since it was
small and there was only one.

## What it was like

- I had a general anaesthetic.
- I woke with a sore right side and a dry mouth.
- I stayed one night and went home with painkillers.

The first week I slept a lot. By week two I was walking the dog again, slowly.

## Since then

My scans have been clear for a year. I still get nervous before each one. My wife calls it
"scanxiety", which made me laugh. Next to my bowel operation, this was a walk in the park.
"""),
    DemoStory("shoulder", "liver", "demo-priya", 95, Outcome(2, P, GEN, 2, 21, 5, NO, YES),
              "Shoulder pain I did not expect after my liver treatment", """\
Nobody warned me that my shoulder would hurt after a treatment on my liver.

They froze a tumour near the top of my liver, close to the muscle I breathe with. When I woke
up, my right shoulder ached badly. The nurse said pain from that spot can be felt in the
shoulder, because the nerves there are linked.

It made the first few nights hard. I could not lie flat, so I slept in the armchair at home
for a week. I stayed two nights in hospital while they sorted out my pain relief.

By the third week the ache had faded, and I felt much more like me. The treatment worked and I
am glad I had it. I am only writing about the shoulder because I would have liked to know.
"""),
    DemoStory("flu-like", "liver", "demo-bev", 540, Outcome(5, P, GEN, 1, 18, 4, UNSURE, YES),
              "Flu-like for a week, then fine", """\
Short version: the freezing went well, then I felt rotten for about a week.

A day after I got home, I had a temperature, aches and shivers. It felt just like flu. I rang
the ward number, as they had told me to. They said this can happen as the body clears away the
frozen tissue, but they checked me over to be safe. My blood tests were fine.

I do not know if that counts as a complication, so I put "not sure". Once the flu feeling went,
I got better fast. I was back at my choir by week three.
"""),
    DemoStory("new-spot", "liver", "demo-grace", 250, Outcome(12, P, GEN, 2, 14, 3, NO, UNSURE),
              "It worked, but a new spot showed up later", """\
I had two small tumours in my liver frozen. It went to plan: two nights in hospital, a couple
of weeks of rest, and the scan after showed both were gone.

Then, nine months later, a new spot showed up in a different part of my liver.

The doctors were clear that the freezing had worked on the ones it treated. This was a new
growth, not the old ones coming back. That is the nature of my cancer, they said. I am now
having a different treatment for it.

I put "not sure" for whether I would recommend it. The freezing did what it was meant to do.
But I had hoped for a longer break, and I feel a bit flat about it all.
"""),
    DemoStory("liver-bleed", "liver", "demo-sian", 345, Outcome(8, P, GEN, 3, 35, 6, YES, NO),
              "A bleed meant three nights in hospital, not one", """\
I was told to expect one night in hospital. It turned out to be three.

After the freezing, my blood pressure dropped and my tummy swelled. A scan showed bleeding from
the liver. They gave me a blood transfusion and watched me closely. A doctor said I might need
another procedure to stop it, but in the end it settled by itself.

Those days were frightening. I could not stop shaking, and my son drove two hours to be with
me.

Recovery at home was slow. I was weak and out of breath for weeks, and it was about five weeks
before I could do my own shopping.

My scans are clear, so the treatment did its job. But I would not choose to go through it
again. I know lots of people have an easy time, and I am glad for them. This is just how it
went for me.
"""),
    DemoStory("open", "liver", "demo-dougie", 480, Outcome(13, OPEN, GEN, 6, 60, 5, NO, YES),
              "Liver surgery and freezing on the same day", """\
My cancer had spread to my liver in three places. Two spots could be cut out. The third was
deep inside, near a big blood vessel, so the surgeon froze it while I was already open.

This was a big operation, not a needle job. I had a long cut under my ribs, and I spent six
nights in hospital, one of them in high dependency.

## How I got back on my feet

It took about two months to feel normal. At first, walking to the end of the road was a big
deal. My daughter made me a chart, and I added one lamp post each day.

A year on, my scans are still clear. The scar is long, but it is fading. I know my story is
different from most of the ones here. It shows that freezing can be part of a bigger operation.
"""),
    # Lung
    DemoStory("not-fit", "lung", "demo-jim", 440, Outcome(14, P, GEN, 1, 14, 3, NO, YES),
              "Not fit for an operation, so we froze it instead", """\
I have had emphysema for years. When they found a small cancer in my right lung, the surgeon
said my lungs were too weak for an operation.

I was offered radiotherapy or freezing. I talked it over with my team and my family, and I
chose freezing.

I was put to sleep for it. They used a scanner to guide the needle between my ribs into the
lump. When I woke up, I had a sore spot on my back and a small cough. A chest X-ray showed my
lung was fine, so I went home the next morning.

I was more out of breath than usual for a week or two. After that I was back to my normal,
which is not very fast, but it is mine. It has been over a year, and the lump is now a small
scar on my scans.
"""),
    DemoStory("drain", "lung", "demo-maureen", 280, Outcome(6, P, GEN, 4, 28, 6, YES, UNSURE),
              "My lung partly collapsed and I needed a drain", """\
I knew there was a chance of a collapsed lung. They said so in the clinic. I still did not
think it would be me.

After the freezing, my chest felt tight and I could not get a full breath. The X-ray showed
that air had leaked out around my lung. They put a tube in my side to let the air out. It
went to a bottle of water on the floor that bubbled.

## The drain

The drain was the worst part. It pulled when I moved, and it hurt when I coughed. I had to
carry the bottle with me to the toilet. It stayed in for two days, and taking it out was quick.
I went home after four nights in all.

## What helped in hospital

- A pillow to hug when I coughed. A nurse showed me that trick.
- Short walks up and down the ward, even when I did not feel like it.
- My sister bringing in my own pyjamas and a flask of proper tea.
- Writing my questions on a notepad, because I forgot them when the doctors came round.

## Afterwards

My chest was sore for weeks, and I was tired for about a month. The tumour was treated, and my
scans look good. I would not say no to it, but I would not say a clear yes either.
"""),
    DemoStory("boots", "lung", "demo-eileen", 400, Outcome(10, P, SED, 2, 21, 3, NO, YES),
              "Walking boots back on three weeks after my lung treatment", """\
Before my lung treatment, I walked every Sunday with a group from my village. Getting back to
that was my goal.

The freezing was done under deep sedation. I stayed two nights, mainly because I live alone and
they wanted to be sure I was all right.

## Week by week

1. Week one: short walks round the house and garden, and a dull ache under my shoulder blade.
2. Week two: a flat walk to the post office and back, with a rest on a bench.
3. Week three: boots back on for a short group walk. I went at the back and nobody minded.

My grandson drew my boots by the door for me, and I have added his picture here. My scans
since have been good, and I am back on the longer walks now, hills and all.
""", photo="boots"),
    DemoStory("coughing", "lung", "demo-chris", 30, Outcome(1, P, GEN, 1, 10, 2, YES, YES),
              "Coughing up a little blood the day after", """\
The day after my lung freezing, I coughed up some blood. Just streaks, but it gave me a shock.

The doctor on the ward said this can happen when the needle passes through the lung, and it
usually stops in a day or two. Mine stopped by the next evening.

Apart from that, it was easier than I feared. One night in, a sore back for a few days, and
back at my part-time job after ten days. I have my first scan next month.
"""),
    DemoStory("two-sessions", "lung", "demo-gareth", 330, Outcome(8, P, GEN, 2, 21, 4, NO, YES),
              "Two spots, two sessions", """\
My kidney cancer had spread to my lungs, with one small spot on each side. They did not want
to treat both sides at once, in case both lungs leaked air at the same time. So they did one
side, then the other six weeks later.

The first time meant two nights in hospital. The second was easier, with just one night. Each
time, I needed about three weeks to get my energy back.

In between, it felt strange to be half done. I was keen for the second one, just to be
finished. My cancer doctor is pleased with my scans. I have other treatment too, so the
freezing is one part of a bigger plan.
"""),
    DemoStory("not-sure", "lung", "demo-pete", 120, Outcome(2, P, GEN, 3, 42, 7, YES, NO),
              "I am not sure it was the right choice for me", """\
I want to give a balanced view, because my time was hard.

I have COPD and a small lung tumour. I chose freezing over radiotherapy because it was one
session, not several.

After the procedure, my lung partly collapsed and I needed a chest drain. Then I picked up a
chest infection. I spent three nights in hospital and took antibiotics at home. One week on,
my pain was about 7 out of 10.

Six weeks on, I am only just getting back to my usual self. My breathing is still not quite
where it was. The doctors say the tumour has been treated, and that is good news.

But if I had my time again, I think I would pick radiotherapy. That is my feeling, not a fact.
I cannot know how the other way would have gone.
"""),
]
# fmt: on
