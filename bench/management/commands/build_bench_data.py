"""
Fill a database for the benchmark: approved patient stories with outcome answers and
indications, published articles, users and the search index, in bulk.

    DJANGO_BENCH=1 manage.py build_bench_data --stories 100000

Rows go in with bulk_create in batches, never one save() each, so a million stories take
minutes, not hours. The text is generated from a small vocabulary; every story contains
the common word "recovery" and one in ten thousand the rare word "snowshoe".
"""

import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape

from bench.models import Fortune
from cryoinfo.models import Indication
from cryoinfo.progress import Progress
from posts.models import Article, TaggedArticle
from posts.services import save_article
from search.models import SearchEntry
from stories.models import Story, StoryRevision, TaggedStory, card_summary
from stories.outcomes import refresh_tallies

BATCH = 5000
WORDS = [
    "probe",
    "ice",
    "freeze",
    "scan",
    "kidney",
    "liver",
    "lung",
    "bone",
    "nerve",
    "pain",
    "nurse",
    "doctor",
    "team",
    "home",
    "day",
    "week",
    "month",
    "sore",
    "tired",
    "walk",
    "sleep",
    "dog",
    "garden",
    "work",
    "family",
    "question",
    "answer",
    "follow",
    "hospital",
    "needle",
    "cold",
    "small",
    "lump",
    "tumour",
    "treatment",
    "choice",
    "surgery",
    "heat",
    "option",
    "result",
    "calm",
    "worried",
    "hopeful",
    "thankful",
    "slowly",
    "quickly",
    "better",
]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 16))
    return " ".join(words).capitalize() + "."


def insert(model, objects: list) -> None:
    """
    INSERT `objects` in one executemany: bulk_create's per-value preparation costs more
    than the database's work at these sizes. Values here are plain: numbers, text, None,
    datetimes and JSON (the only ones the database needs adapted; `auto_now_add` filled).
    """
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and objects[0].pk is None)
    ]
    adapt = connection.ops.adapt_datetimefield_value
    datetimes = {f.attname for f in fields if f.get_internal_type() == "DateTimeField"}
    json = {f.attname for f in fields if f.get_internal_type() == "JSONField"}

    def value(f, obj):
        if f.attname in datetimes:
            return adapt(f.pre_save(obj, True))
        if f.attname in json:
            return f.get_db_prep_save(getattr(obj, f.attname), connection)
        return getattr(obj, f.attname)

    rows = [tuple(value(f, obj) for f in fields) for obj in objects]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class Command(BaseCommand):
    help = "Build the benchmark database (bulk inserts, with a progress bar)."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=100_000)
        parser.add_argument("--articles", type=int, default=200)
        parser.add_argument("--users", type=int, default=10_000)

    def handle(self, *args, stories: int, articles: int, users: int, **options):
        if Story.objects.exists():
            self.stdout.write("The benchmark database already has stories; keeping it.")
            self.count_outcomes()  # it may have been built before the tallies were stored
            return
        rng = random.Random(7)
        indications = list(Indication.objects.all())
        with transaction.atomic():
            Fortune.objects.bulk_create(
                [
                    Fortune(message=f"Fortune number {n}: <script>alert({n})</script> & more")
                    for n in range(1, 101)
                ]
            )
            authors = self.build_users(users)
            self.build_articles(articles, indications, rng)
        self.build_stories(stories, authors, indications, rng)
        self.count_outcomes()
        self.stdout.write(self.style.SUCCESS("Benchmark data ready."))

    def count_outcomes(self) -> None:
        """
        Bulk inserts skip the services that keep the charts' stored tallies up to date, so
        count them once here, as pages will read them.
        """
        self.stdout.write("  counting the outcome tallies…")
        started = time.monotonic()
        refresh_tallies()
        self.stdout.write(f"  counted in {time.monotonic() - started:.2f} s")

    def build_users(self, count: int) -> list[int]:
        user_model = get_user_model()
        progress = Progress("users", count)
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            user_model.objects.bulk_create(
                [
                    user_model(
                        username=f"bench{n}",
                        email=f"bench{n}@example.org",
                        display_name=f"Reader {n}",
                        password="!",
                    )
                    for n in range(start, start + size)
                ]
            )
            progress.add(size)
        return list(
            user_model.objects.filter(username__startswith="bench").values_list("pk", flat=True)
        )

    def build_articles(self, count: int, indications, rng) -> None:
        progress = Progress("articles", count)
        now = timezone.now()
        for n in range(count):
            article = Article.objects.create(
                title=f"Benchmark article {n}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                slug=f"bench-article-{n}",
                summary=sentence(rng),
                body="\n\n".join(
                    f"## Part {p}\n\n" + " ".join(sentence(rng) for _ in range(6)) for p in range(4)
                ),
                status=Article.Status.PUBLISHED,
                published_at=now - timezone.timedelta(minutes=n),
                last_reviewed=now.date(),
                reviewer_name="Dr Bench",
            )
            TaggedArticle.objects.create(content_object=article, tag=rng.choice(indications))
            save_article(article)  # index it, with its indication
            progress.add(1)

    def build_stories(self, count: int, authors: list[int], indications, rng) -> None:
        progress = Progress("stories", count)
        now = timezone.now()
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            with transaction.atomic():
                self.build_story_batch(start, size, authors, indications, rng, now)
            progress.add(size)
        with connection.cursor() as cursor:  # ids were given: new rows continue after them
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Story, StoryRevision, SearchEntry]
            ):
                cursor.execute(sql)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def build_story_batch(self, start, size, authors, indications, rng, now) -> None:
        # A story points at its approved version and the version at its story. Their ids
        # are given here, so each table takes one INSERT per batch and nothing is updated
        # afterwards (both databases check these foreign keys at commit).
        story_id = (Story.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        revision_id = (StoryRevision.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        stories, revisions = [], []
        for n in range(size):
            text = " ".join(sentence(rng) for _ in range(rng.randint(4, 10))) + " My recovery"
            if rng.random() < 0.0001:
                text += " felt like walking in snowshoe tracks."
            else:
                text += " went well."
            title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} story"
            # What render_markdown makes of these plain sentences (a test checks),
            # without its millisecond a story.
            html = f"<p>{escape(text)}</p>"
            stories.append(
                Story(
                    id=story_id + n,
                    author_id=rng.choice(authors),
                    kind="patient",
                    status=Story.Status.APPROVED,
                    published_at=now - timezone.timedelta(seconds=start + n),
                    submitted_at=now,
                    version=2,
                    title=title,
                    summary=card_summary(html),
                    current_id=revision_id + n,
                    live_id=revision_id + n,
                )
            )
            revisions.append(
                StoryRevision(
                    id=revision_id + n,
                    story_id=story_id + n,
                    number=1,
                    title=title,
                    body=text,
                    body_html=html,
                    days_to_usual_activities=rng.randint(0, 40),
                    nights_in_hospital=rng.choice([0, 0, 1, 1, 2, 3]),
                    pain_after_one_week=rng.randint(0, 8),
                    complication=rng.choice(["no", "no", "no", "yes", "unsure"]),
                    would_recommend=rng.choice(["yes", "yes", "yes", "no", "unsure"]),
                )
            )
        tags = {story.pk: rng.choice(indications).pk for story in stories}
        entry_id = (SearchEntry.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        entries = [
            SearchEntry(
                id=entry_id + n,
                kind=SearchEntry.Kind.STORY,
                object_id=story.pk,
                title=revision.title,
                body=revision.body,
                url=f"/stories/{story.pk}/",
                published_at=story.published_at,
                label="Patient story",
            )
            for n, (story, revision) in enumerate(zip(stories, revisions, strict=True))
        ]
        insert(Story, stories)
        insert(StoryRevision, revisions)
        insert(
            TaggedStory, [TaggedStory(content_object_id=s.pk, tag_id=tags[s.pk]) for s in stories]
        )
        through = StoryRevision.indications.through
        insert(through, [through(storyrevision_id=r.pk, indication_id=tags[r.story_id])
                         for r in revisions])  # fmt: skip
        insert(SearchEntry, entries)
        entry_through = SearchEntry.indications.through
        insert(entry_through, [entry_through(searchentry_id=e.pk, indication_id=tags[e.object_id])
                               for e in entries])  # fmt: skip
