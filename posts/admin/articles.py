"""The article admin: the list, the change form, saving and publishing."""

from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from simple_history.admin import SimpleHistoryAdmin

from cryoinfo.widgets import AdminEditorWidget

from .. import services, workflow
from ..models import Article, ArticleVersion
from .desk import EditorialDesk
from .filters import IndicationFilter, ReviewerFilter, ReviewFilter
from .forms import ArticleAdminForm
from .inlines import ArticleChangeInline, ReferenceInline


@admin.register(Article)
class ArticleAdmin(EditorialDesk, SimpleHistoryAdmin):
    form = ArticleAdminForm
    inlines = [ReferenceInline, ArticleChangeInline]
    # Five short columns, so the list fits a laptop's 1280 px without cutting a heading.
    list_display = ["draft_title", "state", "published", "reviewer_name", "review_due"]
    list_filter = ["review_state", "status", ReviewFilter, ReviewerFilter, IndicationFilter]
    search_fields = ["draft_title", "draft_summary", "draft_body", "title"]
    prepopulated_fields = {"slug": ["draft_title"]}
    date_hierarchy = "published_at"
    readonly_fields = [
        "sign_off_record", "created_by", "created_at", "updated_at", "content_updated_at",
    ]  # fmt: skip
    actions = ["publish", "unpublish"]
    save_on_top = True
    formfield_overrides = {MarkdownxField: {"widget": AdminEditorWidget}}

    class Media:
        css = {"all": ["css/admin-editor.css"]}

    fieldsets = [
        (None, {"fields": ["draft_title", "slug", "draft_summary", "indications", "draft_body"]}),
        ("Picture", {"fields": ["hero_image", "hero_alt"]}),
        ("Trust and review", {"fields": ["byline", "sign_off_record", "next_review_due"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
        (
            "History",
            {
                "classes": ["collapse"],
                "fields": ["created_by", "created_at", "updated_at", "content_updated_at"],
            },
        ),
    ]

    @admin.display(description="title", ordering="draft_title")
    def draft_title(self, article: Article) -> str:
        return article.draft_title

    @admin.display(description="state", ordering="status")
    def state(self, article: Article) -> str:
        """Whether readers see it, and where its medical review stands, in one column."""
        review = article.get_review_state_display()
        if article.review_state == Article.ReviewState.APPROVED:
            return article.get_status_display() if article.live_version_id else review
        if article.status == Article.Status.PUBLISHED:
            return format_html('Published<br><span class="state-note">{}</span>', review)
        return review

    @admin.display(description="medical sign-off of what readers see")
    def sign_off_record(self, article: Article) -> str:
        version = article.live_version
        if version is None:
            return "Not signed off yet: readers see nothing until a medical reviewer signs off."
        sign = version.sign_off
        fix = (
            format_html(
                "<br>Version {} is a fix with no change of meaning, marked by {}: {}",
                version.number,
                version.decided_by or "a former editor",
                version.note,
            )
            if version.state == ArticleVersion.State.FIX
            else ""
        )
        return format_html(
            "Version {}, signed off by {}<br>{}<br>on {}{}",
            sign.number,
            sign.reviewer_name or "not recorded",
            sign.reviewer_credentials or "",
            date_format(timezone.localtime(sign.decided_at), "j F Y"),
            fix,
        )

    @admin.display(description="published", ordering="published_at")
    def published(self, article: Article) -> str:
        if not article.published_at:
            return "–"
        return date_format(timezone.localtime(article.published_at), "j M Y")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("live_version__basis", "live_version__decided_by")
        )

    def revert_disabled(self, request, obj=None):
        # django-simple-history's revert would save every column of an old record, the
        # publishing ones too; restoring goes through restore_view instead.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":  # it saves a POST even with revert disabled
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The preview beside the editor is the article's own page, with its references.
        if "draft_body" in form.base_fields:  # not for people who may only look
            url = reverse("admin:posts_article_preview")
            form.base_fields["draft_body"].widget = AdminEditorWidget(
                preview_url=f"{url}?article={obj.pk}" if obj else url
            )
        return form

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

    def save_related(self, request, form, formsets, change):
        """
        After the references and indications are saved: publish the signed-off version if
        the editor chose to (which renders and indexes it), or else render the article
        again so [n] links match its references, and index it with its indications. The
        history already has this save (save_model): the rendering is not a second change.
        """
        super().save_related(request, form, formsets, change)
        article = form.instance
        workflow.note_edit(article)
        if "status" in form.changed_data and article.status == Article.Status.PUBLISHED:
            version = workflow.publish(article)  # the form checked there is one
            self.message_user(request, f"Published version {version.number}, as signed off.")
            return
        article.skip_history_when_saving = True
        try:
            services.save_article(article, update_fields=["updated_at"])
        finally:
            del article.skip_history_when_saving
        if article.live_version_id and article.review_state == Article.ReviewState.DRAFT:
            self.message_user(
                request,
                "Readers still see the signed-off version. Submit your changes for medical "
                "review, or mark a small fix as one with no change of meaning.",
                messages.WARNING,
            )

    @admin.action(description="Publish the selected articles", permissions=["change"])
    def publish(self, request, queryset):
        published, skipped = 0, []
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            try:
                workflow.publish(article)
            except workflow.WorkflowError:
                skipped.append(str(article))
                continue
            published += 1
        self.message_user(request, f"Published {published} article(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                "Not published, as no version is signed off by a medical reviewer: "
                + "; ".join(skipped),
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
