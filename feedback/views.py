"""Reader feedback on articles. Both forms work without JavaScript and without an account."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from posts.models import Article

from . import services
from .forms import HelpfulVoteForm, ProblemReportForm

VOTE_RATE = "20/h"
REPORT_RATE = "5/h"
VOTE_LIMITED = (
    "We have had a lot of answers from your connection in the last hour, so we did not "
    "save this one. Please try again later."
)
REPORT_LIMITED = (
    "We have had several reports from your connection in the last hour, so we did not send "
    "this one. Please try again later; your text is still here."
)
THANKS_YES = "Thank you for your answer. We are glad the page helped."
THANKS_NO = "Thank you for your answer. It helps us decide which pages to improve."
ALREADY_ANSWERED = "Thanks, we already have your answer for this page."
THANKS_REPORT = "Thank you. The editors have your message and will look at the page."

# A random token identifies the browser, never the person; it is signed so that a
# forged cookie is simply replaced. SameSite=Lax: it is only needed on our own forms.
VOTER_COOKIE = "cryoinfo_voter"
VOTER_SALT = "feedback.voter"
VOTER_COOKIE_AGE = datetime.timedelta(days=365)
# Messages for the feedback box; the article page shows them next to the forms.
TAG = "feedback"


def get_article_for_feedback(article_id: int) -> Article:
    """Only published articles take answers and reports; anything else is 'not found'."""
    return get_object_or_404(Article.objects.published(), pk=article_id)


def voter_token(request: HttpRequest) -> str | None:
    try:
        return request.get_signed_cookie(VOTER_COOKIE, default=None, salt=VOTER_SALT)
    except BadSignature:
        return None


def back_to_feedback(article: Article) -> HttpResponse:
    return redirect(article.get_absolute_url() + "#feedback")


@require_POST
@ratelimit(key="ip", rate=VOTE_RATE, method="POST", block=False)
def vote(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_article_for_feedback(article_id)
    if request.limited:
        messages.error(request, VOTE_LIMITED, extra_tags=TAG)
        return back_to_feedback(article)
    form = HelpfulVoteForm(request.POST)
    if not form.is_valid():
        return render(
            request, "feedback/vote_form.html", {"article": article, "form": form}, status=400
        )
    token = voter_token(request) or services.new_voter_token()
    helpful = form.cleaned_data["helpful"]
    if not services.record_vote(
        article, token, helpful=helpful, comment=form.cleaned_data["comment"]
    ):
        messages.info(request, ALREADY_ANSWERED, extra_tags=TAG)
        return back_to_feedback(article)
    messages.success(request, THANKS_YES if helpful else THANKS_NO, extra_tags=TAG)
    response = back_to_feedback(article)
    response.set_signed_cookie(
        VOTER_COOKIE,
        token,
        salt=VOTER_SALT,
        max_age=VOTER_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@require_POST
@ratelimit(key="ip", rate=REPORT_RATE, method="POST", block=False)
def report(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_article_for_feedback(article_id)
    if request.limited:
        # Unchecked, so the page shows only the limit, with the text kept to send later.
        form = ProblemReportForm(
            initial={name: request.POST.get(name, "") for name in ("message", "email")}
        )
        context = {"article": article, "form": form, "rate_limit_error": REPORT_LIMITED}
        return render(request, "feedback/report_form.html", context, status=429)
    form = ProblemReportForm(request.POST)
    if not form.is_valid():
        return render(
            request, "feedback/report_form.html", {"article": article, "form": form}, status=400
        )
    services.report_problem(
        article, message=form.cleaned_data["message"], email=form.cleaned_data["email"]
    )
    messages.success(request, THANKS_REPORT, extra_tags=TAG)
    return back_to_feedback(article)
