"""
More of the demo's words, for `stories.demo`: the bone and nerve-pain stories (the
kidney, liver and lung ones are in `demo_content`) and the doctor insights. The responses
and replies under posts are in `demo_replies`. All invented.
"""

from typing import NamedTuple

from .demo_content import GEN, LOC, NO, SED, UNSURE, YES, DemoStory, Outcome, P


class Insight(NamedTuple):
    key: str
    author: str  # a verified clinician's user name
    indications: tuple[str, ...]
    days_ago: int
    title: str
    body: str


# fmt: off
MORE_STORIES = [
    # Bone
    DemoStory("nights-back", "bone", "demo-sunita", 75, Outcome(3, P, SED, 1, 7, 3, NO, YES),
              "Freezing gave me my nights back", """\
My breast cancer had spread to the bone near my hip. The pain was worst at night. I would lie
awake from 2 am, listening to the radio.

I had already had radiotherapy there, and it helped for a while. When the pain came back, my
team suggested freezing the spot. I was sedated, it took about an hour and a half, and I
stayed one night.

For the first three days the pain was worse, and I was disappointed. Then, at the end of the
first week, I noticed I had slept until six. By week two I was taking half my painkillers.

It has not taken the pain away completely, but it has given me my nights back. My daughter
drew my morning cup of tea for me, which I now drink awake rather than half asleep.
""", photo="tea"),
    DemoStory("our-son", "bone", "demo-rachel", 200, Outcome(6, P, GEN, 0, 5, 1, NO, YES),
              "Our son's leg pain at night, and how it stopped", """\
I am writing this for our son, who was 16 at the time. He said I could.

For months he had a deep ache in his thigh, worst at night. Ibuprofen helped, which turned out
to be a clue. After some scans, the doctors found a tiny growth in the bone called an osteoid
osteoma. It is not cancer, but it can be very painful.

They treated it with a needle while he was under a general anaesthetic. At our hospital they
used freezing. Other places use heat.

He came home the same evening. The next morning he said his leg felt "weird but good". Within
five days he was back at school, and two weeks later he played football.

The night pain has not come back. As a parent, seeing him sleep through the night again was
the best part.
"""),
    DemoStory("rib", "bone", "demo-nadia", 360, Outcome(4, P, SED, 0, 14, 6, NO, YES),
              "Worse before it got better", """\
I had a painful tumour in one of my ribs. It hurt to breathe deeply, to laugh, or to turn over
in bed.

The freezing was done as a day case under sedation, and I went home that evening.

The first week was rough. The pain flared up, and I needed stronger painkillers for a few days.
I scored it a 6 at one week, and I started to wonder if I had made a mistake.

Then, in the second week, it began to settle. By week three the pain was much less than before
the treatment. I could laugh at the telly again without holding my side.

If you had asked me on day four, I would have said no. Ask me now and it is a yes.
""", show_name=False),
    DemoStory("pelvis", "bone", "demo-joan", 160, Outcome(3, P, GEN, 1, 21, 5, NO, UNSURE),
              "It helped, but not as much as I hoped", """\
I had a tumour in my pelvis that hurt a lot when I walked. Freezing was offered to ease the
pain, not to cure the cancer. I understood that.

The procedure went as planned, and I stayed one night. The doctor was kind and explained every
step.

My pain went from about 8 out of 10 down to about 5. That is better, and I can walk further
now. But I had pictured being nearly pain-free, and that did not happen.

I think my hopes were too high. The team never promised it would take the pain away. I still
take painkillers every day, and I see the pain team every few months.
"""),
    DemoStory("radiotherapy", "bone", "demo-marcus", 500, Outcome(8, P, GEN, 1, 10, 3, NO, YES),
              "Freezing and radiotherapy for the pain in my arm", """\
I have myeloma, and one spot in my upper arm bone was very painful. My team planned freezing
first, then a short course of radiotherapy a couple of weeks later.

## The freezing

I was put to sleep and stayed one night. My arm was bruised and sore for a week, and I kept it
in a sling when I went out.

## The radiotherapy

Five short sessions. They were quick and did not hurt, but they made me more tired than the
freezing did.

## Now

The pain in my arm is much better, about a 2 on most days. I can lift a kettle again, which
sounds small but is not. I cannot say which treatment did the most. I am just glad the two of
them together worked for me.
"""),
    DemoStory("fracture", "bone", "demo-ellen", 260, Outcome(5, P, GEN, 2, 60, 7, YES, NO),
              "My thigh bone broke five weeks after the freezing", """\
I am sharing this because it is the part of my story I wish I had heard from someone else.

I had a tumour in my thigh bone that was causing pain. It was frozen to ease the pain. The
procedure went well, and I stayed two nights. One week on, my pain was still a 7.

About five weeks later, I felt a crack as I got out of the car. The bone had broken where the
tumour was. My surgeon said the bone was already weak from the tumour, and the treatment can
sometimes weaken it more. I needed an operation to put a metal rod in.

## Where I am now

It took two months before I could walk without a frame. I never got the relief I hoped for
before the break.

I would not recommend it, from my own experience. I know that is one person's story. My team
has been kind and honest with me all the way through.
"""),
    # Nerve pain
    DemoStory("dog-walks", "nerve-pain", "demo-barry", 20, Outcome(1, P, LOC, 0, 1, 2, NO, YES),
              "Walking the dog again after the nerves in my knee were frozen", """\
I have arthritis in my left knee. I am on the list for a knee replacement, but the wait is
long, and the pain was stopping me walking the dog.

My pain doctor offered to freeze some of the small nerves around the knee. It does not fix the
joint. It just stops some of the pain signals for a while.

It was done in a clinic room with a local anaesthetic. The numbing injections stung. After
that I felt pressure and cold, but no pain. It took about 45 minutes, and I walked out with a
plaster on my knee. The skin at the front of my knee felt numb for a few weeks, as I had been
told it might.

Within a week my pain had dropped from 7 to about 2. I am walking the dog twice a day again.
"""),
    DemoStory("crept-back", "nerve-pain", "demo-kate", 230, Outcome(6, P, LOC, 0, 2, 3, NO, UNSURE),
              "Three good months, then the ache crept back", """\
The freezing gave me about three good months. I went on holiday and walked around a city for
days, which I could not have done before.

Then, bit by bit, the ache came back. My doctor had said that nerves grow back over time, so it
was not a surprise. It was still a let-down.

Now I am thinking about whether to have it again. It is not a cure. For me, it was a break from
the pain, and that is worth something. I am just not sure yet if it is worth doing every few
months.
"""),
    DemoStory("toes", "nerve-pain", "demo-lucy", 180, Outcome(7, P, LOC, 0, 3, 2, NO, YES),
              "Freezing the nerve between my toes", """\
I had a sharp, burning pain in the ball of my foot, between my third and fourth toes. It felt
like walking on a pebble. It was a Morton's neuroma, which is a thickened nerve.

Insoles and an injection did not help for long. The next step was surgery or freezing the
nerve. I went for freezing first.

It was done with a local anaesthetic, using an ultrasound scan to find the nerve. The needle
into my foot was the worst bit. I hobbled for a couple of days in my widest trainers.

Six months later, the burning has mostly gone. Two of my toes feel a bit numb, which I can live
with.
"""),
    DemoStory("no-help", "nerve-pain", "demo-stephen", 140, Outcome(3, P, LOC, 0, 1, 6, NO, NO),
              "It did nothing for my pain", """\
I had an operation on my chest years ago, and the scar has hurt ever since. It is a burning
pain along my ribs, and I have tried most things.

Freezing the nerves under my ribs was the latest idea. It was quick, with a local anaesthetic,
and I went home an hour later.

I waited for the pain to ease. It did not. A week later it was the same, about a 6. A month
later, still the same. My pain doctor thinks the pain may come from more than those nerves, and
we are trying other things now.

I would not recommend it, from how it went for me. I know it helps other people, and I am glad
for them.
"""),
    DemoStory("phantom", "nerve-pain", "demo-lee", 410, Outcome(6, P, SED, 0, 2, 2, NO, YES),
              "Phantom pain in a foot I no longer have", """\
I lost my right leg below the knee after an accident. The stump healed well. But I kept feeling
pain in a foot that was not there: sharp, electric pain, mostly at night.

My pain team found a sore lump on one of the nerves in my stump, and they offered to freeze it.
I had light sedation, because I was nervous about the needle.

It did not work straight away. It took about two weeks for the shocks to calm down. Now I get
them once or twice a week instead of every night. I still wear my artificial leg every day, and
it is more comfortable now, because the stump is less sore.
"""),
    DemoStory("bruise", "nerve-pain", "demo-ann", 10, Outcome(1, P, LOC, 0, 3, 3, YES, YES),
              "A bruise that went every colour, but the relief was worth it", """\
The freezing on my knee went well, but I got a big bruise afterwards. It spread down my shin
and went purple, then green, then yellow. I take a blood thinner, and I had been told a bruise
was more likely.

I ticked "yes" for a complication because I was surprised how big it got. It did not hurt much,
and it was gone in about two weeks.

The pain relief has been good so far. I am sleeping through the night, which I had not done for
a long time.
"""),
    DemoStory("rash", "nerve-pain", "demo-val", 290, Outcome(5, P, LOC, 0, 1, 4, UNSURE, UNSURE),
              "Shingles pain that would not go away", """\
I had shingles on my left side two years ago. The rash went, but the pain stayed. It is a band
of burning and itching around my ribs, and even clothes brushing against it can be hard.

After tablets and creams, my pain clinic suggested freezing the nerves in that area. It took
about half an hour, with a local anaesthetic.

For a month it felt a little better: maybe a 4 instead of a 6. Then it crept back up. I also had
some tingling for a while, and I am not sure if that was the treatment or the shingles.

It was worth a try for me. But I cannot say it worked, and I am still looking for what does.
""", show_name=False),
]

INSIGHTS = [
    Insight("kidney-choice", "doctor", ("kidney",), 430,
            "Choosing between freezing and surgery for a small kidney tumour", """\
People often ask me if freezing is as good as surgery for a small kidney tumour. There is no
single answer. It depends on the person and on the tumour.

## What I look at

- **Size.** Freezing works best for small tumours, usually under 4 cm.
- **Position.** A tumour at the back or side of the kidney is easier to reach with needles.
- **Other health problems.** For someone with a weak heart or lungs, a smaller procedure can
  be safer.
- **Kidney function.** Freezing keeps more of the kidney working.

## What I explain

Surgery has the longest track record. The research on freezing is good, but it does not go
back as far. After freezing, there is a small chance that some tumour is left, and it may need
a second treatment.

Scans after the treatment are part of the treatment, not an extra. I make sure people know that
before we start. In the end the choice is shared. My job is to explain the options clearly, so
each person can choose what fits their life.
"""),
    Insight("the-day", "doctor", ("kidney", "liver", "lung", "bone"), 250,
            "What happens on the day of a cryoablation", """\
Many people tell me the not knowing is the worst part. So this is what usually happens on the
day in our unit. Every hospital does things a little differently.

1. People arrive in the morning, after not eating for a few hours.
2. A nurse checks blood tests, blood pressure and medicines, especially blood thinners.
3. They meet the doctor doing the procedure and, if they are having one, the anaesthetist.
4. In the scanner room, we take pictures to plan the route.
5. After the numbing medicine or the anaesthetic, we place thin probes, with the scanner
   guiding us.
6. The probes freeze the area for a few minutes, let it thaw, then freeze it again.
7. People wake up or rest in a recovery area, then go to a ward or home.

Most procedures take one to three hours in all. How long someone stays depends on what was
treated and how they feel afterwards. Questions are welcome at every step.
"""),
    Insight("knee-nerves", "demo-dr-osei", ("nerve-pain",), 330,
            "What I explain before freezing a nerve for knee pain", """\
Cryoneurolysis means freezing a nerve so that it stops sending pain signals for a while. In my
clinic, I mostly use it for knee pain from arthritis.

## What it can do

It can ease pain for a few months. That may help someone walk more, sleep better, or get
through a wait for surgery.

## What it cannot do

It does not repair the joint. The nerve grows back, so the pain often returns, and some people
choose to have it again. Some people get little or no relief, and it is hard to know in
advance who they will be.

## What people notice afterwards

- A patch of numb skin near the knee, which fades as the nerve recovers.
- Some bruising or soreness where the needle went in.
- Rarely, an infection or numbness that lasts longer.

I describe it as one tool among several, alongside exercise, weight and medicines.
"""),
    Insight("bone-pain", "demo-dr-lennox", ("bone",), 190,
            "Freezing painful bone tumours: what I tell my patients", """\
When cancer spreads to a bone, the pain can be severe. Radiotherapy is usually the first
treatment I offer. Freezing is another option, often when radiotherapy has not helped enough or
cannot be given again.

I explain three things.

First, the aim is less pain, not a cure. Many people need fewer painkillers afterwards. Some get
only part of the relief they hoped for.

Second, the pain can flare for a few days after the freezing before it settles. Knowing this
helps people not to lose heart in the first week.

Third, a bone with a tumour in it can be weak. If it carries weight, like the hip or thigh
bone, we may also need to make it stronger, with bone cement or a metal rod.

Every decision is made with the whole team: the radiologist, the surgeon, the pain team and the
person themselves.
"""),
    Insight("bigger-plan", "demo-dr-lennox", ("liver", "lung"), 80,
            "How freezing fits with other cancer treatments", """\
Freezing is a local treatment. It treats the spot the probe reaches, and nothing else. So it is
often one part of a bigger plan.

For someone with a few small spots in the liver or lung, freezing can sometimes treat them
without a big operation. But cancer that has spread may show up again in new places. That is
not the freezing failing. It is the nature of the illness.

That is why I talk about the whole picture:

- medicines that work through the whole body, like chemotherapy
- radiotherapy, including very precise short courses
- surgery, where it is possible
- freezing or heat treatments for small spots

The right mix is different for each person, and it can change over time. I would rather people
hear this at the start than be surprised later.
"""),
]
# fmt: on
