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
from . import services, workflow
from .indexing import sync_article
from .models import Article, ArticleChange, ArticleVersion, Reference
from .readability import readability_widget
from .references import frozen_reference, public_reference
from .tasks import schedule_publication


class ArticleAdminForm(forms.ModelForm):
    # The admin builds the field list from ArticleAdmin.fieldsets; these are wide enough
    # to show a whole title, summary or reviewer's name.
    class Meta:
        widgets = {
            "draft_title": forms.TextInput(attrs={"class": "vTextField wide-input"}),
            "draft_summary": forms.Textarea(attrs={"class": "wide-input", "rows": 3}),
            "byline": forms.TextInput(attrs={"class": "vTextField wide-input"}),
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

    def clean(self):
        """
        Publishing needs a version a medical reviewer signed off: that version, not the
        working copy, is what goes out (posts.workflow.publish).
        """
        cleaned = super().clean()
        article = self.instance
        if cleaned.get("status") == Article.Status.PUBLISHED and "status" in self.changed_data:
            approved = workflow.approved_version(article) if article.pk else None
            if approved is None:
                self.add_error(
                    "status",
                    "Only a version a medical reviewer has signed off can be published. "
                    "Save it as a draft and submit it for medical review first.",
                )
            else:
                article.last_reviewed = timezone.localdate(approved.sign_off.decided_at)
        return cleaned

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
    title = "review dates"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("due30", "Due in the next 30 days"),
            ("pending", "Never signed off"),
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
            return queryset.filter(live_version__isnull=True)
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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The editor and its preview need the width: no list of every model beside them.
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        if object_id:
            article = self.get_object(request, unquote(object_id))
            if article is not None:
                extra_context.update(self.workflow_context(request, article))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def workflow_context(self, request, article: Article) -> dict:
        versions = list(
            article.versions.select_related("submitted_by", "decided_by").order_by("-number")[:10]
        )
        latest = versions[0] if versions else None
        editor = self.has_change_permission(request, article) and workflow.may_edit(request.user)
        waiting = latest if latest and latest.state == ArticleVersion.State.SUBMITTED else None
        return {
            "versions": versions,
            "latest_version": latest,
            "may_submit": editor and waiting is None,
            "may_fix": editor and waiting is None and article.live_version_id is not None,
            "may_review": bool(waiting) and workflow.may_sign_off(request.user),
            "waiting_version": waiting,
        }

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The preview beside the editor is the article's own page, with its references.
        if "draft_body" in form.base_fields:  # not for people who may only look
            url = reverse("admin:posts_article_preview")
            form.base_fields["draft_body"].widget = AdminEditorWidget(
                preview_url=f"{url}?article={obj.pk}" if obj else url
            )
        return form

    def get_urls(self):
        def view(route, function, name):
            return path(route, self.admin_site.admin_view(function), name=f"posts_article_{name}")

        return [
            view("preview/", self.preview_view, "preview"),
            view("<path:object_id>/compare/", self.compare_view, "compare"),
            view("<path:object_id>/submit/", self.submit_view, "submit"),
            view("<path:object_id>/review/", self.review_view, "review"),
            view("<path:object_id>/fix/", self.fix_view, "fix"),
            view("<path:object_id>/restore/", self.restore_view, "restore"),
            *super().get_urls(),
        ]

    def _article(self, request, object_id, *, editing: bool = False) -> Article:
        """The article of a step, for someone who may look at it (`editing`: change it)."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if editing:
            allowed = self.has_change_permission(request, article) and workflow.may_edit(
                request.user
            )
        else:
            allowed = self.has_view_or_change_permission(request, article)
        if not allowed:
            raise PermissionDenied
        return article

    def _step_page(self, request, article, step: str, form, comparison, **context):
        return TemplateResponse(
            request,
            "admin/posts/article_workflow.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "step": step,
                "form": form,
                "comparison": comparison,
                "is_nav_sidebar_enabled": False,
                **context,
            },
        )

    def _done(self, request, article, message, level=messages.SUCCESS):
        self.message_user(request, message, level)
        return redirect(reverse("admin:posts_article_change", args=[article.pk]))

    def submit_view(self, request, object_id):
        """An editor sends the working copy's words for medical review, seeing what changed."""
        article = self._article(request, object_id, editing=True)
        form = SubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                version = workflow.submit(article, request.user, note=form.cleaned_data["note"])
            except workflow.WorkflowError as error:
                return self._done(request, article, str(error), messages.ERROR)
            return self._done(
                request,
                article,
                f"Version {version.number} is waiting for medical review. Readers "
                + (
                    "still see the signed-off version."
                    if article.live_version_id
                    else "see nothing yet."
                ),
            )
        signed = workflow.last_signed_off(article)
        comparison = comparing.compare_words(
            workflow.words_of(signed) if signed else None, workflow.working_words(article)
        )
        return self._step_page(
            request,
            article,
            "submit",
            form,
            comparison,
            title=f"Submit “{article}” for medical review",
            old_label=f"Signed off: version {signed.number}"
            if signed
            else "Nothing signed off yet",
            new_label="Your working copy",
            pending=workflow.pending_version(article),
        )

    def review_view(self, request, object_id):
        """A medical reviewer reads what changed since the last sign-off and decides."""
        article = self._article(request, object_id)
        if not workflow.may_sign_off(request.user):
            raise PermissionDenied
        version = workflow.pending_version(article)
        if version is None:
            return self._done(
                request,
                article,
                "No version of this article is waiting for review.",
                messages.WARNING,
            )
        reviewer = request.user
        initial = {"credentials": _credentials_of(reviewer)}
        form = ReviewForm(
            request.POST or None, initial=initial, first=article.live_version_id is None
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if "_send_back" in request.POST:
                    if not data["comments"].strip():
                        form.add_error(
                            "comments", "Say what needs to change, so the editor can fix it."
                        )
                        raise workflow.WorkflowError("")
                    workflow.send_back(version, reviewer, comments=data["comments"])
                    return self._done(
                        request,
                        article,
                        f"Version {version.number} went back to the editors with your comments.",
                    )
                workflow.sign_off(
                    version,
                    reviewer,
                    credentials=data["credentials"],
                    comments=data["comments"],
                    change_note=data["change_note"],
                    next_review_due=data["next_review_due"],
                )
            except workflow.WorkflowError as error:
                if str(error):
                    form.add_error(None, str(error))
            else:
                article.refresh_from_db()
                live = article.live_version_id == version.pk
                return self._done(
                    request,
                    article,
                    f"You signed off version {version.number}. "
                    + ("Readers see it now." if live else "An editor can now publish it."),
                )
        signed = workflow.last_signed_off(article)
        return self._step_page(
            request,
            article,
            "review",
            form,
            comparing.compare_words(
                workflow.words_of(signed) if signed else None, workflow.words_of(version)
            ),
            title=f"Medical review of “{article}”",
            version=version,
            old_label=f"Signed off: version {signed.number}, {signed.reviewer_name}"
            if signed
            else "Nothing signed off yet",
            new_label=f"Version {version.number}, for review",
            own=version.submitted_by_id == reviewer.pk,
        )

    def fix_view(self, request, object_id):
        """An editor marks a small change to the live words as one with no change of meaning."""
        article = self._article(request, object_id, editing=True)
        form = FixForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                version = workflow.mark_fix(article, request.user, note=form.cleaned_data["note"])
            except workflow.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                article.refresh_from_db()
                live = article.live_version_id == version.pk
                return self._done(
                    request,
                    article,
                    f"Version {version.number} is recorded as a fix with no change of meaning. "
                    + (
                        "Readers see it now."
                        if live
                        else "It goes out when the article is published."
                    ),
                )
        approved = workflow.approved_version(article)
        return self._step_page(
            request,
            article,
            "fix",
            form,
            comparing.compare_words(
                workflow.words_of(approved) if approved else None, workflow.working_words(article)
            ),
            title=f"A fix with no change of meaning to “{article}”",
            old_label=f"Approved: version {approved.number}"
            if approved
            else "Nothing signed off yet",
            new_label="Your working copy",
            max_words=workflow.FIX_MAX_WORDS,
        )

    def restore_view(self, request, object_id):
        """An earlier saved version back in the working copy: a draft needing sign-off."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, object_id, editing=True)
        record = article.history.filter(history_id=row_id(request.POST.get("version"))).first()
        if record is None:
            raise Http404("No such version.")
        workflow.restore(article, record, request.user)
        return self._done(
            request,
            article,
            "The earlier version is back in the editor as a draft. Readers see no change "
            "until it is submitted and signed off.",
        )

    def compare_view(self, request, object_id):
        """
        Two saved versions side by side, word by word (by default the latest and the one
        before it); the earlier one can be restored from here.
        """
        article = self._article(request, object_id)
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
            "old_label": f"Earlier: {_saved(old)}",
            "new_label": f"Later: {_saved(new)}",
            "is_nav_sidebar_enabled": False,
            "may_restore": self.has_change_permission(request, article)
            and workflow.may_edit(request.user),
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
        # The working copy, not what readers see now; nothing is saved.
        article.title, article.summary, article.body = (
            article.draft_title,
            article.draft_summary,
            text,
        )
        references = list(article.references.all()) if article.pk else []
        article.published_references = [public_reference(frozen_reference(r)) for r in references]
        article.render_body()
        return TemplateResponse(
            request,
            "admin/posts/article_preview.html",
            {
                "article": article,
                "references": article.published_references,
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
        sync_article(obj)
        schedule_publication(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # References are saved after the article; render again so [n] links match them,
        # and index it with the indications just saved. The history already has this
        # save (save_model): the rendering is not a second change.
        article = form.instance
        article.skip_history_when_saving = True
        try:
            services.save_article(article, update_fields=["updated_at"])
        finally:
            del article.skip_history_when_saving
        workflow.note_edit(article)
        if "status" in form.changed_data and article.status == Article.Status.PUBLISHED:
            version = workflow.publish(article)  # the form checked there is one
            self.message_user(request, f"Published version {version.number}, as signed off.")
        elif article.live_version_id and article.review_state == Article.ReviewState.DRAFT:
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


def _saved(record) -> str:
    """When a history record was saved, and by whom."""
    when = date_format(timezone.localtime(record.history_date), "j M Y, H:i")
    return f"{when}, {record.history_user or 'not recorded'}"


def _credentials_of(user) -> str:
    profile = getattr(user, "clinician_profile", None)
    return profile.specialty if profile else ""


class SubmitForm(forms.Form):
    note = forms.CharField(
        label="Note to the reviewer",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "wide-input"}),
        help_text="Optional: what changed and why, and anything you want checked.",
    )


class FixForm(forms.Form):
    note = forms.CharField(
        label="What you fixed",
        max_length=300,
        widget=forms.TextInput(attrs=WIDE),
        help_text="e.g. 'Corrected a typing error in the recovery section.' "
        "Recorded with your name.",
    )


class ReviewForm(forms.Form):
    credentials = forms.CharField(
        label="Your credentials as readers will see them",
        max_length=200,
        widget=forms.TextInput(attrs=WIDE),
        help_text="Qualifications and role, e.g. 'MD, consultant interventional radiologist'.",
    )
    comments = forms.CharField(
        label="Comments for the editors",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "wide-input"}),
        help_text="Needed to send it back: say what must change and why.",
    )
    change_note = forms.CharField(
        label="What changed, for readers",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs=WIDE),
        help_text="Shown dated at the foot of the article, e.g. 'Updated the numbers on kidney "
        "function after the 2026 guideline.' Leave blank if the meaning did not change.",
    )
    next_review_due = forms.DateField(
        label="Next review due",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave blank for 12 months from today.",
    )

    def __init__(self, *args, first: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if first:  # nothing readers were told before: no change to tell them of
            del self.fields["change_note"]

    def clean_next_review_due(self):
        due = self.cleaned_data.get("next_review_due")
        if due and due <= timezone.localdate():
            raise forms.ValidationError("The next review must be after today.")
        return due

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("change_note", "")
        return cleaned
