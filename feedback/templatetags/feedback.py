from django import template

from feedback import services
from feedback.forms import HelpfulVoteForm, ProblemReportForm
from feedback.views import TAG, voter_token

register = template.Library()


@register.simple_tag(takes_context=True)
def article_feedback(context, article) -> dict:
    """
    What the feedback box on an article needs: the two blank forms (a refused answer comes
    back on its own page, with its errors, so the box never shows a filled-in one) and
    this browser's earlier answer. Costs one query, and only for browsers that have
    answered on some article before.
    """
    request = context.get("request")
    token = voter_token(request) if request is not None else None
    return {
        "answer": services.previous_answer(article, token),
        "vote_form": HelpfulVoteForm(),
        "report_form": ProblemReportForm(),
        "messages": [m for m in context.get("messages", ()) if TAG in m.tags.split()],
    }
