from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import Count
from django.utils import timezone
from markdownx.models import MarkdownxField
from simple_history.admin import SimpleHistoryAdmin

from cryoinfo.admin import indication_filter
from cryoinfo.images import clean_image
from cryoinfo.widgets import AdminEditorWidget

from . import services
from .indexing import sync_article
from .models import Article, Reference
from .readability import readability_widget


class ArticleAdminForm(forms.ModelForm):
    # The admin builds the field list from ArticleAdmin.fieldsets.
    def clean_hero_image(self):
        image = self.cleaned_data.get("hero_image")
        if isinstance(image, UploadedFile):
            return clean_image(image)
        return image


IndicationFilter = indication_filter("indications__slug")


class ReviewFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("due30", "Due in the next 30 days"),
            ("pending", "No medical reviewer yet"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.review_overdue(today)
        if self.value() == "due30":
            return queryset.filter(
                next_review_due__gte=today,
                next_review_due__lte=today + timezone.timedelta(days=30),
            )
        if self.value() == "pending":
            return queryset.filter(reviewer_name="")
        return queryset


class ReferenceInline(admin.StackedInline):
    model = Reference
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [("position", "year"), "authors", "title", "source", ("doi", "pmid"), "url"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    inlines = [ReferenceInline]
    list_display = [
        "title",
        "status",
        "published_at",
        "reviewer_name",
        "next_review_due",
        "is_review_overdue",
        "reference_count",
    ]
    list_filter = ["status", IndicationFilter, ReviewFilter]
    raw_id_fields = ["reviewer_account"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    readonly_fields = [
        "readability", "created_by", "created_at", "updated_at", "content_updated_at",
    ]  # fmt: skip
    actions = ["publish", "unpublish"]
    save_on_top = True
    formfield_overrides = {MarkdownxField: {"widget": AdminEditorWidget}}

    class Media:
        css = {"all": ["css/admin-editor.css"]}

    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "indications", "body", "readability"]}),
        ("Picture", {"fields": ["hero_image", "hero_alt"]}),
        (
            "Trust and review",
            {
                "fields": [
                    "byline",
                    ("reviewer_name", "reviewer_credentials"),
                    "reviewer_account",
                    ("last_reviewed", "next_review_due"),
                ]
            },
        ),
        ("Publishing", {"fields": ["status", "published_at"]}),
        (
            "History",
            {
                "classes": ["collapse"],
                "fields": ["created_by", "created_at", "updated_at", "content_updated_at"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(reference_total=Count("references"))

    @admin.display(description="references", ordering="reference_total")
    def reference_count(self, article: Article) -> int:
        return article.reference_total

    @admin.display(description="readability (as last saved)")
    def readability(self, article: Article) -> str:
        return readability_widget(article.body or "")

    @admin.display(description="review overdue", boolean=True)
    def is_review_overdue(self, article: Article) -> bool:
        return article.review_overdue

    def save_model(self, request, obj, form, change):
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        # Restoring an earlier version from History saves here but never calls
        # save_related(): index now, and again with the indications in save_related().
        sync_article(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # References are saved after the article; render again so [n] links match them,
        # and index it with the indications just saved.
        services.save_article(form.instance, update_fields=["updated_at"])

    @admin.action(description="Publish the selected articles", permissions=["change"])
    def publish(self, request, queryset):
        published, skipped = 0, []
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            if not article.last_reviewed:
                skipped.append(article.title)
                continue
            article.status = Article.Status.PUBLISHED
            services.save_article(article)
            published += 1
        self.message_user(request, f"Published {published} article(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                "Not published, as they have no 'last reviewed' date: " + "; ".join(skipped),
                messages.WARNING,
            )

    @admin.action(description="Return the selected articles to draft", permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            services.save_article(article)  # also takes it out of the search index
            count += 1
        self.message_user(request, f"{count} article(s) returned to draft.", messages.SUCCESS)
