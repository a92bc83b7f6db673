"""
The editorial desk in the article admin: the steps of medical review (submit, review,
fix, restore), comparing versions and the live preview, each a page of its own.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from cryoinfo.pagination import row_id
from cryoinfo.views import PREVIEW_MAX_LENGTH

from .. import compare as comparing
from .. import workflow
from ..models import Article, ArticleVersion
from ..readability import readability_widget
from ..references import frozen_reference, public_reference
from .forms import FixForm, ReviewForm, SubmitForm


class EditorialDesk:
    """The article admin's pages beyond the change form (mixed into ArticleAdmin)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The editor and its preview need the width: no list of every model beside them.
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Where the article's review stands, above its fields (article/change_form.html).
        if obj is not None and obj.pk:
            context.update(self.workflow_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

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
            "may_fix": editor
            and waiting is None
            and article.live_version_id is not None
            and not workflow.sent_back(article),
            "may_review": bool(waiting) and workflow.may_sign_off(request.user),
            "waiting_version": waiting,
        }

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
        form = ReviewForm(
            request.POST or None,
            initial={"credentials": _credentials_of(reviewer)},
            first=article.live_version_id is None,
            sending_back="_send_back" in request.POST,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if form.sending_back:
                    version = workflow.send_back(version, reviewer, comments=data["comments"])
                else:
                    version = workflow.sign_off(
                        version,
                        reviewer,
                        credentials=data["credentials"],
                        comments=data["comments"],
                        change_note=data.get("change_note", ""),
                        next_review_due=data["next_review_due"],
                    )
            except workflow.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                return self._done(request, article, _decided(version))
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


def _decided(version: ArticleVersion) -> str:
    """What the reviewer is told once their decision is recorded."""
    if version.state == ArticleVersion.State.SENT_BACK:
        return f"Version {version.number} went back to the editors with your comments."
    live = Article.objects.filter(pk=version.article_id, live_version=version).exists()
    return f"You signed off version {version.number}. " + (
        "Readers see it now." if live else "An editor can now publish it."
    )


def _saved(record) -> str:
    """When a history record was saved, and by whom."""
    when = date_format(timezone.localtime(record.history_date), "j M Y, H:i")
    return f"{when}, {record.history_user or 'not recorded'}"


def _credentials_of(user) -> str:
    profile = getattr(user, "clinician_profile", None)
    return profile.specialty if profile else ""
