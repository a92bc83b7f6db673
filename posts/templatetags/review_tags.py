from django import template
from django.utils import timezone

from posts.models import Article

register = template.Library()


@register.inclusion_tag("admin/posts/review_due_panel.html")
def review_due_panel():
    """The admin index's list of articles due for review in the next 30 days."""
    return {
        "articles": list(Article.objects.review_due_soon()[:20]),
        "today": timezone.localdate(),
    }
