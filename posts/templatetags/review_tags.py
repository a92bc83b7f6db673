from django import template
from django.utils import timezone

from posts.models import Article

register = template.Library()


@register.inclusion_tag("admin/posts/review_due_panel.html")
def review_due_panel():
    """
    The admin index's list of published articles whose review is overdue, then of those
    due in the next 30 days: each under its own heading.
    """
    today = timezone.localdate()
    due = list(Article.objects.review_due_soon(today)[:40])
    return {
        "overdue": [a for a in due if a.next_review_due < today],
        "due_soon": [a for a in due if a.next_review_due >= today],
    }
