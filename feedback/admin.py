from django.contrib import admin, messages
from django.db.models import Count, F, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce, NullIf
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from . import services
from .models import ArticleFeedback, HelpfulVote, ProblemReport


class ForEditors:
    """Reader feedback is for the editors: anyone who may change articles may read it.

    Tying it to `posts.change_article` means nobody has to grant a second set of
    permissions, and the admin shows it to the same people who receive the e-mails.
    """

    def is_editor(self, request) -> bool:
        return request.user.is_active and request.user.has_perm(services.EDITOR_PERMISSION)

    def has_module_permission(self, request):
        return self.is_editor(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.is_editor(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return False  # Readers write these, never staff.


def short(text: str, length: int = 80) -> str:
    # Plain text: the admin escapes it like any other value.
    return Truncator(" ".join(text.split())).chars(length)


@admin.register(HelpfulVote)
class HelpfulVoteAdmin(ForEditors, admin.ModelAdmin):
    list_display = ["article", "helpful", "short_comment", "created_at"]
    list_filter = ["helpful", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["comment"]
    list_select_related = ["article"]
    date_hierarchy = "created_at"
    # The browser hash is never shown: it means nothing to a person.
    fields = ["article", "helpful", "comment", "created_at"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False  # An answer is what the reader said; nobody edits it.

    @admin.display(description="comment", ordering="comment")
    def short_comment(self, vote: HelpfulVote) -> str:
        return short(vote.comment)


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(ForEditors, admin.ModelAdmin):
    list_display = ["title", "status", "yes", "no", "percent_helpful", "comments", "problems"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_display_links = None
    actions = None

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # Not "Select answers per article to view": nothing here is chosen.
        return super().changelist_view(
            request, {"title": "Answers per article", **(extra_context or {})}
        )

    def get_queryset(self, request):
        votes = "helpful_votes"
        open_problems = (
            ProblemReport.objects.filter(article=OuterRef("pk"), status=ProblemReport.Status.OPEN)
            .order_by()
            .values("article")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                yes_count=Count(votes, filter=Q(helpful_votes__helpful=True)),
                no_count=Count(votes, filter=Q(helpful_votes__helpful=False)),
                comment_count=Count(votes, filter=~Q(helpful_votes__comment="")),
                # A subquery, not a second join, so votes are not multiplied by reports.
                open_problems=Coalesce(Subquery(open_problems), 0),
            )
            .annotate(
                helpful_share=Cast(F("yes_count"), FloatField())
                * 100
                / NullIf(Cast(F("yes_count") + F("no_count"), FloatField()), 0.0)
            )
        )

    @admin.display(description="yes", ordering="yes_count")
    def yes(self, article) -> int:
        return article.yes_count

    @admin.display(description="no", ordering="no_count")
    def no(self, article) -> int:
        return article.no_count

    @admin.display(description="% helpful", ordering="helpful_share")
    def percent_helpful(self, article) -> str:
        if article.helpful_share is None:
            return "–"
        return f"{article.helpful_share:.0f}%"

    @admin.display(description="comments", ordering="comment_count")
    def comments(self, article):
        if not article.comment_count:
            return "0"
        url = reverse("admin:feedback_helpfulvote_changelist")
        return format_html(
            '<a href="{}?article__id__exact={}">{}</a>', url, article.pk, article.comment_count
        )

    @admin.display(description="open problems", ordering="open_problems")
    def problems(self, article):
        if not article.open_problems:
            return "0"
        url = reverse("admin:feedback_problemreport_changelist")
        return format_html(
            '<a href="{}?article__id__exact={}&amp;status__exact=open">{}</a>',
            url,
            article.pk,
            article.open_problems,
        )


@admin.register(ProblemReport)
class ProblemReportAdmin(ForEditors, admin.ModelAdmin):
    list_display = ["article", "short_message", "has_email", "status", "created_at"]
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["message"]
    list_select_related = ["article"]
    date_hierarchy = "created_at"
    fields = ["article", "message", "email", "status", "created_at", "resolved_at", "resolved_by"]
    readonly_fields = fields
    actions = ["mark_resolved"]

    def has_resolve_permission(self, request) -> bool:
        # Editors only view reports (nothing in one is theirs to edit) but may resolve them.
        return self.is_editor(request) or self.has_change_permission(request)

    @admin.display(description="what is wrong", ordering="message")
    def short_message(self, report: ProblemReport) -> str:
        return short(report.message)

    @admin.display(description="wants a reply", boolean=True)
    def has_email(self, report: ProblemReport) -> bool:
        return bool(report.email)

    @admin.action(description="Mark the selected reports resolved", permissions=["resolve"])
    def mark_resolved(self, request, queryset):
        done = services.resolve_reports(queryset, by=request.user)
        self.message_user(request, f"Marked {done} report(s) resolved.", messages.SUCCESS)
