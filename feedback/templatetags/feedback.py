from functools import cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from feedback import services
from feedback.forms import HelpfulVoteForm, ProblemReportForm
from feedback.views import TAG, voter_token

register = template.Library()


def blank_fields_html(language: str | None = None) -> dict[str, SafeString]:
    """
    The fields of the two blank forms in the box, as HTML. The box never shows a filled-in
    form (a refused answer comes back on its own page, with its errors), so this is the
    same for every reader and article (in one language: the labels are the active one's).
    """
    vote, report = HelpfulVoteForm(), ProblemReportForm()

    def field(bound) -> str:
        return render_to_string("includes/field.html", {"field": bound})

    return {
        "vote": mark_safe(field(vote["comment"])),
        "report": mark_safe(
            render_to_string("includes/honeypot.html", {"form": report})
            + field(report["message"])
            + field(report["email"])
        ),
    }


# Written once per process and language: on an article page they took a tenth of its
# time. A function of the code alone (forms and templates), never of data or of the
# reader; with DEBUG on, written afresh each time, so template edits show at once.
_blank_fields_html_once = cache(blank_fields_html)


@register.simple_tag(takes_context=True)
def article_feedback(context, article) -> dict:
    """What the feedback box on an article needs: blank forms, and this browser's answer.

    Costs one query, and only for browsers that have answered on some article before.
    """
    request = context.get("request")
    token = voter_token(request) if request is not None else None
    return {
        "answer": services.previous_answer(article, token),
        "fields": (
            blank_fields_html() if settings.DEBUG else _blank_fields_html_once(get_language())
        ),
        "messages": [m for m in context.get("messages", ()) if TAG in m.tags.split()],
    }
