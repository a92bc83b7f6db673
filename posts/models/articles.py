"""The reference article: what editors write, and what readers see of it."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
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

from ..references import frozen_reference, public_reference

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


# What readers see of an article once it has gone live: written only by
# posts.workflow.make_live() from a version a medical reviewer signed off.
PUBLIC_FIELDS = (
    "title", "summary", "body", "published_references", "reviewer_name",
    "reviewer_credentials", "reviewer_account", "last_reviewed", "live_version",
)  # fmt: skip


class Article(models.Model):
    """
    A reference article. Its `title`, `summary`, `body` and `published_references` are
    what readers see: the words of the version a medical reviewer signed off (see
    posts.workflow). Editors write in the `draft_*` fields and the Reference rows, the
    working copy, and readers see none of it until it is signed off.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class ReviewState(models.TextChoices):
        DRAFT = "draft", "Being edited"
        IN_REVIEW = "in_review", "Waiting for medical review"
        SENT_BACK = "sent_back", "Sent back by the reviewer"
        APPROVED = "approved", "Signed off"

    title = models.CharField(max_length=200, editable=False)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The end of the page address. Keep it short."
    )
    summary = models.CharField(max_length=300, editable=False)
    body = models.TextField(editable=False)
    # The references readers see, as posts.references.public_reference() makes them.
    published_references = models.JSONField(editable=False, default=list)

    draft_title = models.CharField("title", max_length=200, default="")
    draft_summary = models.CharField(
        "summary",
        max_length=300,
        default="",
        help_text="One or two plain sentences shown under the title and in lists.",
    )
    draft_body = MarkdownxField(
        "text",
        default="",
        help_text="Markdown. Start sections with '## Heading'; they make the table of "
        "contents. Cite a reference by its number in square brackets, like [1].",
    )
    review_state = models.CharField(
        "sign-off",
        max_length=10,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        editable=False,
    )
    live_version = models.ForeignKey(
        "ArticleVersion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version readers see.",
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
    # Who signed off the words readers see, and when: from the sign-off record.
    reviewer_name = models.CharField("medical reviewer", max_length=200, blank=True, editable=False)
    reviewer_credentials = models.CharField(max_length=200, blank=True, editable=False)
    reviewer_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        verbose_name="reviewer's CryoInfo account",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, editable=False, help_text="The date of the medical sign-off."
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="The reviewer sets it when they sign off (12 months on unless they say "
        "otherwise); bring it forward if the evidence is moving.",
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
        excluded_fields=["body_html", "toc", "word_count", "change_log", "published_references"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("sign_off_article", "Can sign off the medical content of an article"),
        ]
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
        return self.draft_title or self.title

    def save(self, *args, **kwargs):
        # The row as stored, read once: what readers see now, for both checks below.
        stored = (
            Article.objects.filter(pk=self.pk).values(*PUBLIC_COLUMNS).first() if self.pk else None
        )
        self.keep_public_words(stored)
        self.fill_defaults()
        self.note_content_update(stored)
        self.render_body()
        if self.pk:  # a copy loaded before a change was logged must not put the old log back
            self.change_log = log_entries(self.changes.all())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields, "body_html", "toc", "word_count",
                "content_updated_at", "change_log", *PUBLIC_FIELDS,
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
            errors["status"] = (
                "Only a version a medical reviewer has signed off can be published. "
                "Submit it for medical review first."
            )
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            errors["next_review_due"] = "The next review must come after the last one."
        if errors:
            raise ValidationError(errors)

    def keep_public_words(self, stored: dict | None) -> None:
        """
        Once an article has gone live, what readers see changes only with a signed-off
        version (posts.workflow.make_live, which sets `going_live`): a save of the working
        copy, a restored history record or a stray assignment leaves it as it was. Before
        that (a draft; nothing can be published without going live), the public fields
        follow the working copy, so an editor's preview of the page is the draft. A new
        article made in code with only the public words gets them as its working copy.
        """
        if getattr(self, "going_live", False):
            return
        if not self.draft_title and not self.draft_body and self.title:
            self.draft_title, self.draft_summary, self.draft_body = (
                self.title, self.summary, self.body,
            )  # fmt: skip
        if stored and stored["live_version_id"]:
            for name, value in stored.items():
                setattr(self, name, value)
        elif not self.live_version_id:
            self.title, self.summary, self.body = (
                self.draft_title, self.draft_summary, self.draft_body,
            )  # fmt: skip
            self.published_references = (
                [public_reference(frozen_reference(r)) for r in self.references.all()]
                if self.pk
                else []
            )

    def fill_defaults(self) -> None:
        """Publishing stamps the time; a review date implies the next one a year later."""
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = self.last_reviewed + REVIEW_INTERVAL

    def note_content_update(self, stored: dict | None) -> None:
        """Stamp `content_updated_at` when a published article's words change."""
        if not stored or not self.published_at or self.published_at > timezone.now():
            return
        words = ("title", "summary", "body")
        if any(stored[name] != getattr(self, name) for name in words):
            self.content_updated_at = timezone.now()

    @property
    def shows_updated(self) -> bool:
        return bool(
            self.content_updated_at
            and self.published_at
            and self.content_updated_at.date() > self.published_at.date()
        )

    def render_body(self) -> None:
        rendered = render_markdown(self.body, references=len(self.published_references))
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


# PUBLIC_FIELDS as stored (the foreign keys by their ids), for Article.save().
PUBLIC_COLUMNS = [Article._meta.get_field(name).attname for name in PUBLIC_FIELDS]


def log_entries(changes) -> list[dict]:
    """ArticleChange rows as Article.change_log keeps them."""
    return [{"on": c.changed_on.isoformat(), "what": c.description} for c in changes]
