from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from simple_history.admin import SimpleHistoryAdmin

from cryoinfo.admin import indication_filter
from cryoinfo.images import clean_image
from cryoinfo.pagination import row_id
from cryoinfo.views import PREVIEW_MAX_LENGTH
from cryoinfo.widgets import AdminEditorWidget

from . import compare as comparing
from . import services
from .indexing import sync_article
from .models import Article, ArticleChange, Reference
from .readability import readability_widget
from .tasks import schedule_publication


class ArticleAdminForm(forms.ModelForm):
    # The admin builds the field list from ArticleAdmin.fieldsets; these are wide enough
    # to show a whole title, summary or reviewer's name.
    class Meta:
        widgets = {
            "title": forms.TextInput(attrs={"class": "vTextField wide-input"}),
            "summary": forms.Textarea(attrs={"class": "wide-input", "rows": 3}),
            "byline": forms.TextInput(attrs={"class": "vTextField wide-input"}),
            "reviewer_name": forms.TextInput(attrs={"class": "vTextField wide-input"}),
            "reviewer_credentials": forms.TextInput(attrs={"class": "vTextField wide-input"}),
            "hero_alt": forms.TextInput(attrs={"class": "vTextField wide-input"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published_at = self.fields.get("published_at")
        if published_at is not None and hasattr(published_at.widget, "widgets"):
            # The admin's date and time boxes have no labels of their own.
            date, time = published_at.widget.widgets
            date.attrs["aria-label"] = "Publication date"
            time.attrs["aria-label"] = "Publication time"

    def clean_hero_image(self):
        image = self.cleaned_data.get("hero_image")
        if isinstance(image, UploadedFile):
            return clean_image(image)
        return image

    def clean_published_at(self):
        """
        The form shows whole seconds: the same second as saved means the time was left
        alone, so it keeps its microseconds and the history records no change.
        """
        value = self.cleaned_data.get("published_at")
        kept = self.instance.published_at
        if value and kept and value == kept.replace(microsecond=0):
            return kept
        return value


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


class ReviewerFilter(admin.SimpleListFilter):
    title = "medical reviewer"
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        names = (
            Article.objects.exclude(reviewer_name="")
            .order_by("reviewer_name")
            .values_list("reviewer_name", flat=True)
            .distinct()
        )
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(reviewer_name=self.value())
        return queryset


WIDE = {"class": "vTextField wide-input"}


class ReferenceInline(admin.StackedInline):
    model = Reference
    extra = 0
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https", "widget": AdminURLFieldWidget(attrs=WIDE)}
    }
    fields = [("position", "year"), "authors", "title", "source", ("doi", "pmid"), "url"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("authors", "title", "source"):  # whole names and titles show
            kwargs["widget"] = forms.TextInput(attrs=WIDE)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ArticleChangeInline(admin.StackedInline):
    model = ArticleChange
    extra = 0
    fields = [("changed_on", "description")]
    verbose_name = "change readers are told about"
    verbose_name_plural = "Changes readers are told about (shown at the foot of the article)"
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs=WIDE)}}

    # Part of the article: whoever may write the article may write its change log.
    def _may_write(self, request) -> bool:
        return request.user.has_perm("posts.change_article") or request.user.has_perm(
            "posts.add_article"
        )

    def has_add_permission(self, request, obj=None):
        return self._may_write(request)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request)

    def has_view_permission(self, request, obj=None):
        return self._may_write(request) or request.user.has_perm("posts.view_article")


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    inlines = [ReferenceInline, ArticleChangeInline]
    # Five short columns, so the list fits a laptop's 1280 px without cutting a heading.
    list_display = ["title", "status", "published", "reviewer_name", "review_due"]
    list_filter = ["status", ReviewFilter, ReviewerFilter, IndicationFilter]
    raw_id_fields = ["reviewer_account"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    readonly_fields = [
        "created_by", "created_at", "updated_at", "content_updated_at",
    ]  # fmt: skip
    actions = ["publish", "unpublish"]
    save_on_top = True
    formfield_overrides = {MarkdownxField: {"widget": AdminEditorWidget}}

    class Media:
        css = {"all": ["css/admin-editor.css"]}

    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "indications", "body"]}),
        ("Picture", {"fields": ["hero_image", "hero_alt"]}),
        (
            "Trust and review",
            {
                "fields": [
                    "byline",
                    "reviewer_name",
                    "reviewer_credentials",
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

    @admin.display(description="published", ordering="published_at")
    def published(self, article: Article) -> str:
        if not article.published_at:
            return "–"
        return date_format(timezone.localtime(article.published_at), "j M Y")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The editor and its preview need the width: no list of every model beside them.
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The preview beside the editor is the article's own page, with its references.
        if "body" in form.base_fields:  # not for people who may only look
            url = reverse("admin:posts_article_preview")
            form.base_fields["body"].widget = AdminEditorWidget(
                preview_url=f"{url}?article={obj.pk}" if obj else url
            )
        return form

    def get_urls(self):
        preview = path(
            "preview/",
            self.admin_site.admin_view(self.preview_view),
            name="posts_article_preview",
        )
        compare = path(
            "<path:object_id>/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="posts_article_compare",
        )
        return [preview, compare, *super().get_urls()]

    def compare_view(self, request, object_id):
        """
        Two saved versions side by side, word by word (by default the latest and the one
        before it); the earlier one can be restored from here.
        """
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        records = list(comparing.versions(article))
        if not records:  # saved before versions were kept
            self.message_user(request, "This article has no saved versions to compare yet.")
            return redirect(reverse("admin:posts_article_change", args=[article.pk]))
        by_id = {record.history_id: record for record in records}
        chosen = [by_id.get(row_id(request.GET.get(name))) for name in ("from", "to")]
        new = chosen[1] or records[0]
        older = [record for record in records if record.history_date < new.history_date]
        old = chosen[0] or (older[0] if older else new)
        if old.history_date > new.history_date:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Compare versions of “{article}”",
            "records": records,
            "comparison": comparing.compare(article, old, new),
            "is_nav_sidebar_enabled": False,
            "may_restore": self.has_change_permission(request, article),
            "only_one": len(records) == 1,
        }
        return TemplateResponse(request, "admin/posts/article_compare.html", context)

    def preview_view(self, request):
        """
        The editor's text as readers will see it: the article page's own templates
        (heading, contents, citations linked to the references, who checked it), with its
        reading age, the sections over the target and the longest sentences. Citations
        link to the references saved with the article; new ones count once saved.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        text = request.POST.get("content", "")
        if len(text) > PREVIEW_MAX_LENGTH:
            return HttpResponse("This text is too long to preview.", status=413)
        pk = row_id(request.GET.get("article"))
        article = Article.objects.filter(pk=pk).first() if pk else None
        if article is not None and not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        article = article or Article(title="", summary="")
        article.body = text
        article.render_body()  # not saved: the preview changes nothing
        return TemplateResponse(
            request,
            "admin/posts/article_preview.html",
            {
                "article": article,
                "references": list(article.references.all()) if article.pk else [],
                "indications": list(article.indications.all()) if article.pk else [],
                "readability": readability_widget(text, detail=True),
            },
        )

    @admin.display(description="next review", ordering="next_review_due")
    def review_due(self, article: Article) -> str:
        """The date, and "Overdue" in words once it has passed (a tick would read as fine)."""
        if not article.next_review_due:
            return "–"
        when = date_format(article.next_review_due, "j M Y")
        if article.review_overdue:
            return format_html('<strong class="review-overdue">Overdue</strong> since {}', when)
        return when

    def save_model(self, request, obj, form, change):
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        # Restoring an earlier version from History saves here but never calls
        # save_related(): index now, and again with the indications in save_related().
        sync_article(obj)
        schedule_publication(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # References are saved after the article; render again so [n] links match them,
        # and index it with the indications just saved. The history already has this
        # save (save_model): the rendering is not a second change.
        form.instance.skip_history_when_saving = True
        try:
            services.save_article(form.instance, update_fields=["updated_at"])
        finally:
            del form.instance.skip_history_when_saving

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
