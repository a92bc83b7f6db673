"""
The demo community for `manage.py seed_demo`, so a newcomer sees the site in use: patient
stories for every indication whose outcome answers vary enough to draw the charts, doctor
insights from three verified clinicians, clinician responses, replies, thanks, a few
photos, and posts in every state of the moderation queue. The words are in `demo_content`
and `demo_answers`; the authors are demo accounts named below.

Every post ends with DEMO_MARK: it tells readers the post is invented, and tells
`create_demo_stories` that the demo is there already.
"""

import datetime
import io
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import ClinicianProfile
from cryoinfo.images import clean_image
from cryoinfo.models import Indication
from cryoinfo.pagecache import content_changed

from . import community, services
from .demo_answers import INSIGHTS, MORE_STORIES
from .demo_content import STORIES, Outcome
from .demo_replies import PENDING_REPLY, QUEUE, REPLIES, RESPONSES
from .indexing import sync_story
from .models import Kind, ModerationDecision, Story, StoryRevision

DEMO_MARK = (
    "*This is a demo post written for CryoInfo's sample data; "
    "it is not a real person's experience.*"
)
DAY = datetime.timedelta(days=1)
EDITORIAL_TEAM = "Editorial team"  # the group migration stories 0016 makes

# The demo posts' other authors (user name: display name), beside the sign-ins "patient"
# and "doctor" that seed_demo makes.
PEOPLE = {
    "demo-alan": "Alan M.", "demo-ann": "Ann", "demo-ayesha": "Ayesha K.", "demo-barry": "Barry",
    "demo-bev": "Bev", "demo-carol": "Carol W.", "demo-chris": "Chris D.", "demo-dev": "Dev",
    "demo-dougie": "Dougie M.", "demo-eileen": "Eileen", "demo-ellen": "Ellen F.",
    "demo-frank": "Frank L.", "demo-gareth": "Gareth", "demo-grace": "Grace O.",
    "demo-helen": "Helen J.", "demo-ian": "Ian R.", "demo-jim": "Jim", "demo-joan": "Joan",
    "demo-kate": "Kate S.", "demo-kwame": "Kwame A.", "demo-lee": "Lee", "demo-lin": "Lin C.",
    "demo-lucy": "Lucy", "demo-marcus": "Marcus", "demo-margaret": "Margaret H.",
    "demo-maureen": "Maureen P.", "demo-nadia": "Nadia", "demo-pete": "Pete",
    "demo-priya": "Priya S.", "demo-rachel": "Rachel B.", "demo-rob": "Rob T.",
    "demo-sian": "Siân E.", "demo-stephen": "Stephen", "demo-sunita": "Sunita",
    "demo-tom": "Tom B.", "demo-val": "Val",
    "demo-editor": "Jo Reed",  # in the editorial team: signs a response for it
}  # fmt: skip
# Verified clinicians beside "doctor" (interventional radiology): name, specialty, number.
CLINICIANS = {
    "demo-dr-osei": ("Dr Amara Osei (demo)", "Pain medicine", "DEMO-0001"),
    "demo-dr-lennox": ("Dr Hugh Lennox (demo)", "Clinical oncology", "DEMO-0002"),
}


@transaction.atomic
def create_demo_stories(*, patient, doctor, moderator, verifier, password: str = "") -> int:
    """
    Create the demo community once; returns how many posts it made (0 if already there).
    The other demo authors get `password` (or none they can sign in with); `verifier`
    verifies the demo clinicians.
    """
    if Story.objects.filter(revisions__body__contains=DEMO_MARK).exists():
        return 0
    now = timezone.now()
    people = {"patient": patient, "doctor": doctor, **_demo_people(verifier, password)}
    tags = {tag.slug: tag for tag in Indication.objects.all()}
    posts, dates = {}, {}  # posts by their key in the texts; when each was published, by id

    def publish(item, story, revision, indications, photos=()):
        services.submit(story, revision, indications, new_photos=photos)
        services.approve(story, story.version, moderator)
        posts[item.key] = story
        dates[story.pk] = now - item.days_ago * DAY - datetime.timedelta(hours=item.days_ago % 9)

    for item in [*STORIES, *MORE_STORIES]:
        revision = StoryRevision(title=item.title, body=_marked(item.body),
                                 **_outcome(item.outcome, now - item.days_ago * DAY))  # fmt: skip
        story = Story(author=people[item.author], kind=Kind.PATIENT, show_name=item.show_name)
        publish(item, story, revision, [tags[item.indication]],
                [_photo(item.photo)] if item.photo else [])  # fmt: skip
    for item in INSIGHTS:
        story = Story(author=people[item.author], kind=Kind.DOCTOR)
        revision = StoryRevision(title=item.title, body=_marked(item.body))
        publish(item, story, revision, [tags[slug] for slug in item.indications])

    answers = [(item, Kind.RESPONSE) for item in RESPONSES] + [
        (item, Kind.REPLY) for item in REPLIES
    ]
    for item, kind in answers:
        post = posts[item.post]
        answer = community.submit_answer(post, people[item.author], kind, _marked(item.body),
                                         show_name=item.show_name,
                                         for_team=item.author == "demo-editor")  # fmt: skip
        services.approve(answer, answer.version, moderator)
        if item.helped:
            community.mark_helped(answer, post.author)
        latest = now - datetime.timedelta(hours=2)
        dates[answer.pk] = min(dates[post.pk] + item.days_after * DAY, latest)
    _thank(posts.values(), list(people.values()))

    # For the moderation queue: a reply and two stories waiting, one sent back, one refused.
    waiting = [community.submit_answer(posts[PENDING_REPLY.post], people[PENDING_REPLY.author],
                                       Kind.REPLY, _marked(PENDING_REPLY.body))]  # fmt: skip
    for item in QUEUE:
        story = Story(author=people[item.author], kind=Kind.PATIENT)
        revision = StoryRevision(title=item.title, body=_marked(item.body))
        waiting.append(services.submit(story, revision, [tags[item.indication]]))
        if item.decision == "changes":
            services.request_changes(story, story.version, moderator, item.message)
        elif item.decision:
            services.reject(story, story.version, moderator, item.decision, item.message)
    for hours, post in enumerate(waiting, start=1):  # sent over the last day or two
        sent = now - datetime.timedelta(hours=hours * 7)
        Story.objects.filter(pk=post.pk).update(created_at=sent, submitted_at=sent)

    _spread_dates(dates, now)
    return len(dates) + len(waiting)


def _marked(body: str) -> str:
    return f"{body.strip()}\n\n{DEMO_MARK}"


def _outcome(outcome: Outcome, published: datetime.datetime) -> dict:
    """The outcome answers, with the year the procedure took place before the story."""
    done = published - round(outcome.months_before * 30.4) * DAY
    return {
        "procedure_year": done.year,
        "approach": outcome.approach,
        "anaesthesia": outcome.anaesthesia,
        "nights_in_hospital": outcome.nights,
        "days_to_usual_activities": outcome.days,
        "pain_after_one_week": outcome.pain,
        "complication": outcome.complication,
        "would_recommend": outcome.recommend,
    }


def _demo_people(verifier, password: str) -> dict:
    """The demo authors, the two other verified clinicians and the editorial team's writer."""
    hashed = make_password(password or None)  # once: hashing is slow on purpose
    user_model = get_user_model()
    names = PEOPLE | {username: details[0] for username, details in CLINICIANS.items()}
    people = {}
    for username, name in names.items():
        people[username], _ = user_model.objects.update_or_create(
            username=username, defaults={"display_name": name, "password": hashed}
        )
    for username, (_, specialty, number) in CLINICIANS.items():
        profile, _ = ClinicianProfile.objects.update_or_create(user=people[username], defaults={
            "specialty": specialty, "registration_number": number,
            "institution": "Demo Hospital (fictional)",
            "conflicts_of_interest": "None (demo account)",
        })  # fmt: skip
        if profile.status != ClinicianProfile.Status.VERIFIED:
            profile.verify(by=verifier)
    people["demo-editor"].groups.add(Group.objects.get(name=EDITORIAL_TEAM))
    return people


def _thank(posts, readers) -> None:
    """Some thanks on most posts, from readers other than the author: the same every time."""
    rng = random.Random(2026)
    for post in posts:
        others = [reader for reader in readers if reader.pk != post.author_id]
        for reader in rng.sample(others, rng.choice([0, 1, 2, 2, 3, 4, 5, 8])):
            community.thank(post, reader)


def _spread_dates(dates: dict, now: datetime.datetime) -> None:
    """
    Move each public post back to the day it is meant to have been written (`dates`, by
    id), over the last eighteen months; then index the posts again with their dates.
    """
    for pk, when in dates.items():
        sent = when - datetime.timedelta(hours=20)
        Story.objects.filter(pk=pk).update(
            created_at=sent, submitted_at=sent, consented_at=sent, published_at=when
        )
        Story.objects.filter(pk=pk, helped_at__isnull=False).update(helped_at=min(when + DAY, now))
        StoryRevision.objects.filter(story=pk).update(created_at=sent)
        ModerationDecision.objects.filter(story=pk).update(decided_at=when)
    for post in Story.objects.public().posts().filter(pk__in=dates).select_related("live"):
        sync_story(post)
    content_changed()


# The photos: calm drawings made here, with what they show for people who cannot see them.
# Each goes through `clean_image`, as an upload does.


def _photo(name: str):
    draw, description = PHOTOS[name]
    image = Image.new("RGB", (960, 640), (214, 232, 244))
    draw(ImageDraw.Draw(image))
    data = io.BytesIO()
    image.save(data, format="JPEG", quality=85)
    upload = SimpleUploadedFile(f"{name}.jpg", data.getvalue(), content_type="image/jpeg")
    return clean_image(upload), description


def _garden(draw: ImageDraw.ImageDraw) -> None:
    draw.ellipse((780, 50, 880, 150), fill=(250, 222, 130))
    draw.rectangle((0, 260, 960, 640), fill=(126, 174, 96))
    draw.rectangle((430, 180, 530, 265), fill=(150, 110, 80))
    draw.polygon([(418, 188), (480, 140), (542, 188)], fill=(110, 80, 60))
    draw.polygon([(395, 640), (565, 640), (500, 265), (460, 265)], fill=(196, 160, 118))
    for row, y in enumerate(range(295, 620, 58)):
        for x in range(20 + row * 4, 380 - row * 10, 52):
            draw.ellipse((x, y, x + 36, y + 28), fill=(66, 136, 70))
            draw.ellipse((960 - x - 36, y, 960 - x, y + 28), fill=(78, 148, 74))


def _boots(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, 0, 960, 440), fill=(236, 226, 210))
    draw.rectangle((0, 440, 960, 640), fill=(168, 128, 92))
    draw.rectangle((70, 50, 350, 440), fill=(86, 118, 150))
    draw.ellipse((300, 240, 324, 264), fill=(220, 196, 120))
    draw.rectangle((380, 470, 880, 570), fill=(150, 122, 72))
    for x in (450, 650):
        draw.rounded_rectangle((x, 270, x + 110, 480), 22, fill=(122, 78, 44))
        draw.rounded_rectangle((x, 420, x + 190, 505), 34, fill=(122, 78, 44))
        draw.rectangle((x - 6, 500, x + 196, 520), fill=(60, 44, 34))
        for y in range(295, 420, 26):
            draw.line((x + 22, y, x + 88, y + 10), fill=(232, 212, 160), width=5)


def _wristband(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, 0, 960, 640), fill=(146, 182, 220))
    for x in range(-400, 960, 160):
        draw.line((x, 640, x + 400, 0), fill=(166, 198, 230), width=14)
    draw.ellipse((250, 190, 710, 450), outline=(250, 250, 248), width=42)
    draw.rounded_rectangle((390, 170, 570, 232), 12, fill=(250, 250, 248))
    draw.rectangle((460, 424, 500, 462), fill=(110, 132, 196))


def _tea(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, 0, 960, 640), fill=(232, 234, 246))
    draw.ellipse((60, 300, 560, 620), fill=(118, 168, 108))
    draw.ellipse((380, 320, 920, 640), fill=(92, 148, 96))
    for wall in ((0, 0, 170, 640), (790, 0, 960, 640), (0, 0, 960, 60), (0, 450, 960, 640)):
        draw.rectangle(wall, fill=(214, 194, 170))
    draw.rectangle((170, 60, 790, 450), outline=(246, 246, 246), width=24)
    draw.line((480, 60, 480, 450), fill=(246, 246, 246), width=16)
    draw.rectangle((100, 440, 860, 492), fill=(242, 238, 230))
    draw.rounded_rectangle((420, 330, 520, 442), 14, fill=(198, 84, 72))
    draw.ellipse((500, 356, 560, 420), outline=(198, 84, 72), width=14)
    for x in (440, 470):
        draw.arc((x, 250, x + 30, 320), 100, 260, fill=(255, 255, 255), width=5)


PHOTOS = {
    "garden": (_garden, "A simple drawing of an allotment on a sunny day: a brown path runs "
               "between rows of green vegetables towards a small wooden shed."),
    "boots": (_boots, "A simple drawing of a pair of brown walking boots standing on a doormat "
              "beside a blue front door."),
    "wristband": (_wristband, "A simple drawing of a plain white hospital wristband lying on a "
                  "folded blue blanket."),
    "tea": (_tea, "A simple drawing of a red mug of steaming tea on a windowsill, with green "
            "hills and a pale morning sky outside."),
}  # fmt: skip
