import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from cryoinfo.markdown import render_markdown
from cryoinfo.models import (
    IndicationsField,
    IndicationTaggedItem,
    IndicationTaggedQuerySet,
)

from .references import doi_url, pubmed_url

WORDS_PER_MINUTE = 200
REVIEW_INTERVAL = datetime.timedelta(days=365)


# The columns an article card reads: link, title, summary and reading time.
ARTICLE_CARD_FIELDS = ("title", "slug", "summary", "word_count", "updated_at")


class ArticleQuerySet(IndicationTaggedQuerySet):
    def published(self):
        """What the public may see. Every public view starts here."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_cards(self):
        """
        What an article card (posts/includes/article_cards.html) shows and no more: its
        link, title, summary and reading time (from the word count); never the text, its
        HTML or contents, which are most of a row. The chips come from
        attach_indication_names() on the loaded list: one query for a page of cards.
        """
        return self.only(*ARTICLE_CARD_FIELDS)

    def review_overdue(self, today: datetime.date | None = None):
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def review_due_soon(self, today: datetime.date | None = None, days: int = 30):
        """Published articles whose review is overdue or due within `days`."""
        today = today or timezone.localdate()
        return self.filter(
            status=Article.Status.PUBLISHED,
            next_review_due__lte=today + datetime.timedelta(days=days),
        ).order_by("next_review_due", "title")


class TaggedArticle(IndicationTaggedItem):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The end of the page address. Keep it short."
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two plain sentences shown under the title and in lists.",
    )
    body = MarkdownxField(
        help_text="Markdown. Start sections with '## Heading'; they make the table of "
        "contents. Cite a reference by its number in square brackets, like [1]."
    )
    hero_image = models.ImageField(
        upload_to="articles/",
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
        help_text="Optional picture at the top of the page: JPEG, PNG or WebP, up to 10 MB.",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "hero image description",
        max_length=250,
        blank=True,
        help_text="What the picture shows, for people who cannot see it. Required with a picture.",
    )
    indications = IndicationsField(through=TaggedArticle, blank=True)
    # Names for the chips on cards, set by attach_indication_names(); none else.
    indication_names: tuple[str, ...] | list[str] = ()

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the article is first published. A future time schedules it.",
    )

    byline = models.CharField(
        "written by",
        max_length=200,
        default="CryoInfo editorial team",
        help_text="The author(s) as readers see them, e.g. 'Dr Ana Ruiz, radiologist'.",
    )
    reviewer_name = models.CharField(
        "medical reviewer",
        max_length=200,
        blank=True,
        help_text="The clinician who checked the medical content. Leave blank until reviewed: "
        "the page then says that medical review is pending.",
    )
    reviewer_credentials = models.CharField(
        max_length=200,
        blank=True,
        help_text="Qualifications and role, e.g. 'MD, consultant interventional radiologist'.",
    )
    reviewer_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        limit_choices_to={"clinician_profile__status": "verified"},
        verbose_name="reviewer's CryoInfo account",
        help_text="Optional: the reviewer's verified clinician account, shown as verified.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the content was last checked against the evidence."
    )
    next_review_due = models.DateField(
        null=True, blank=True, help_text="Leave blank for 12 months after the last review."
    )

    body_html = models.TextField(editable=False, default="")
    # The references as <li> items (posts.references), written when the article or one
    # of its references is saved.
    toc = models.JSONField(editable=False, default=list)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    content_updated_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the title, summary or text last changed after publication.",
    )

    # The changes readers are told about (ArticleChange), newest first, as
    # [{"on": "2026-12-06", "what": "..."}]: written whenever one is saved or deleted, so
    # the page shows them without a query of its own.
    change_log = models.JSONField(editable=False, default=list)

    objects = ArticleQuerySet.as_manager()
    # Every save keeps a version: who, when and what, restorable from the admin.
    history = HistoricalRecords(
        excluded_fields=["body_html", "toc", "word_count", "change_log"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["next_review_due"], name="article_review_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""),
                name="article_hero_image_has_alt",
            ),
            models.CheckConstraint(
                condition=Q(last_reviewed__isnull=True)
                | Q(next_review_due__isnull=True)
                | Q(next_review_due__gt=models.F("last_reviewed")),
                name="article_review_due_after_review",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.fill_defaults()
        self.note_content_update()
        self.render_body()
        if self.pk:  # a copy loaded before a change was logged must not put the old log back
            self.change_log = change_log_of(self.pk)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields, "body_html", "toc", "word_count",
                "content_updated_at", "change_log",
            }  # fmt: skip
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("posts:detail", args=[self.slug])

    def clean(self):
        self.fill_defaults()
        errors = {}
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = "Describe the picture for people who cannot see it."
        if self.status == self.Status.PUBLISHED and not self.last_reviewed:
            errors["last_reviewed"] = (
                "Give the date the content was last checked before publishing."
            )
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            errors["next_review_due"] = "The next review must come after the last one."
        if errors:
            raise ValidationError(errors)

    def fill_defaults(self) -> None:
        """Publishing stamps the time; a review date implies the next one a year later."""
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = self.last_reviewed + REVIEW_INTERVAL

    def note_content_update(self) -> None:
        """Stamp `content_updated_at` when a published article's words change."""
        if not self.pk or not self.published_at or self.published_at > timezone.now():
            return
        before = Article.objects.filter(pk=self.pk).values("title", "summary", "body").first()
        if before and before != {"title": self.title, "summary": self.summary, "body": self.body}:
            self.content_updated_at = timezone.now()

    @property
    def shows_updated(self) -> bool:
        return bool(
            self.content_updated_at
            and self.published_at
            and self.content_updated_at.date() > self.published_at.date()
        )

    def render_body(self) -> None:
        references = self.references.count() if self.pk else 0
        rendered = render_markdown(self.body, references=references)
        self.body_html = rendered.html
        self.toc = rendered.toc
        self.word_count = len(re.findall(r"\w+", self.body))

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_PER_MINUTE))

    @property
    def changes_shown(self) -> list[dict]:
        """The change log with real dates, for the templates."""
        return [
            {"on": datetime.date.fromisoformat(entry["on"]), "what": entry["what"]}
            for entry in self.change_log
        ]

    @property
    def review_overdue(self) -> bool:
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())


def related_articles(indication_ids: list[int], excluding_ids: list[int] = ()):
    """
    Up to three published articles about any of these indications, newest first, for the
    related cards of an article page (without itself: `excluding_ids`) or a story page
    (nothing excluded), with the card's columns only.
    """
    articles = Article.objects.published().about(indication_ids)
    if excluding_ids:
        articles = articles.exclude(pk__in=excluding_ids)
    return articles.only(*ARTICLE_CARD_FIELDS)[:3]


doi_validator = RegexValidator(
    r"^10\.\d{4,9}/\S+$", "A DOI looks like 10.1000/xyz123 (without https://doi.org/)."
)
pmid_validator = RegexValidator(r"^\d{1,9}$", "A PubMed ID is a number, like 31234567.")


class Reference(models.Model):
    """A source an article cites, numbered on the page in `position` order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order on the page; [1] in the text is the first."
    )
    authors = models.CharField(max_length=500, help_text="e.g. 'Smith AB, Jones CD, et al.'")
    title = models.CharField(max_length=500)
    source = models.CharField(
        "journal or publisher", max_length=300, help_text="e.g. 'Journal of Urology' or 'NICE'."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True, validators=[doi_validator])
    pmid = models.CharField("PubMed ID", max_length=12, blank=True, validators=[pmid_validator])
    url = models.URLField("web address", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["article", "position"], name="reference_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1800, year__lte=2200),
                name="reference_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authors} ({self.year or 'n.d.'}). {self.title}"

    @property
    def doi_url(self) -> str:
        return doi_url(self.doi)

    @property
    def pubmed_url(self) -> str:
        return pubmed_url(self.pmid)


class ArticleChange(models.Model):
    """A change of meaning readers are told about, dated, at the foot of the article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="changes")
    changed_on = models.DateField("date", default=timezone.localdate)
    description = models.CharField(
        "what changed",
        max_length=300,
        help_text="In a sentence a reader understands, e.g. 'Updated the numbers on kidney "
        "function after the 2026 guideline.' Not for typing fixes.",
    )

    class Meta:
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.changed_on}: {self.description}"


def change_log_of(article_id: int) -> list[dict]:
    entries = ArticleChange.objects.filter(article_id=article_id).order_by("-changed_on", "-id")
    return [{"on": e.changed_on.isoformat(), "what": e.description} for e in entries]


def write_change_log(article_id: int) -> None:
    """Copy the article's changes onto it (Article.change_log), and move its `updated_at`."""
    Article.objects.filter(pk=article_id).update(
        change_log=change_log_of(article_id), updated_at=timezone.now()
    )


class ReviewReminder(models.Model):
    """That the editors were reminded of an article's review due on `due_date`: once each."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "due_date"], name="one_reminder_per_review")
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.article} (due {self.due_date})"
