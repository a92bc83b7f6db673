from django import template
from django.utils import timezone

from posts.models import Article, ArticleVersion

register = template.Library()
LISTED = 30  # of each; the article list's "medical review" filter shows them all


@register.inclusion_tag("admin/posts/review_due_panel.html")
def review_due_panel():
    """
    The admin index's list of published articles whose review is overdue, then of those
    due in the next 30 days: each under its own heading.
    """
    today = timezone.localdate()
    due = Article.objects.review_due_soon(today)
    return {
        "overdue": list(due.filter(next_review_due__lt=today)[:LISTED]),
        "due_soon": list(due.filter(next_review_due__gte=today)[:LISTED]),
    }


@register.inclusion_tag("admin/posts/waiting_panel.html", takes_context=True)
def waiting_for_review_panel(context):
    """
    The admin index's list of versions waiting for a medical reviewer, the longest waiting
    first: a reviewer's way in to each review, an editor's to each article.
    """
    waiting = (
        ArticleVersion.objects.filter(state=ArticleVersion.State.SUBMITTED)
        .select_related("article")
        .only("number", "submitted_at", "article__draft_title")
        .order_by("submitted_at")
    )
    return {"waiting": list(waiting[:LISTED]), "perms": context.get("perms")}
