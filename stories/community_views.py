"""The two-way parts of a post's page: responses, replies, thanks and the author's choices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from accounts.emails import has_confirmed_email

from . import community
from .author_views import get_own_story
from .forms import AnswerForm
from .models import Kind, Story, StoryRevision
from .views import story_page

ANSWER_RATE = "20/h"  # replies and responses together, per person
NOT_CONFIRMED = (
    "Please confirm your e-mail address before sending a {what}: use the link we e-mailed "
    "you, or ask for a new one on your e-mail address page. Your words are still here."
)
TOO_MANY = (
    "You have sent many replies in the last hour. Please try again later; your words are "
    "still here."
)
WAITING = (
    "Thank you. Your {what} is waiting for a moderator to read it. We will e-mail you when "
    "it has been checked."
)


def _public_post(pk: int) -> Story:
    return get_object_or_404(
        Story.objects.public().posts().select_related("author__clinician_profile"), pk=pk
    )


@require_POST
@login_required
@ratelimit(key="user", rate=ANSWER_RATE, method="POST", block=False, group="stories.answers")
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, _public_post(pk), Kind.REPLY)


@require_POST
@login_required
@ratelimit(key="user", rate=ANSWER_RATE, method="POST", block=False, group="stories.answers")
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, _public_post(pk), Kind.RESPONSE)


def _answer(request: HttpRequest, post: Story, kind: str) -> HttpResponse:
    allowed = community.may_respond if kind == Kind.RESPONSE else community.may_reply
    if not allowed(request.user, post):
        messages.error(request, _refusal(post, kind))
        return redirect(post)
    form = AnswerForm(
        request.POST,
        kind=kind,
        for_team_allowed=community.for_team_allowed(request.user),
    )
    what = form.fields["body"].label.removeprefix("Your ")
    if getattr(request, "limited", False):
        form.is_valid()
        form.add_error(None, TOO_MANY)
    elif not has_confirmed_email(request.user):
        form.is_valid()
        form.add_error(None, NOT_CONFIRMED.format(what=what))
    elif form.is_valid():
        return _send(request, post, kind, form, what)
    return _page_with(
        request, post, form, status=429 if getattr(request, "limited", False) else 200
    )


def _send(request, post: Story, kind: str, form: AnswerForm, what: str) -> HttpResponse:
    key = form.cleaned_data.get("submission_key")
    if (
        key
        and StoryRevision.objects.filter(submission_key=key, story__author=request.user).exists()
    ):
        messages.info(request, "That was already sent, once: it is waiting for review.")
        return redirect(post)
    try:
        answer = community.submit_answer(
            post,
            request.user,
            kind,
            form.cleaned_data["body"],
            show_name=form.cleaned_data.get("show_name", True),
            for_team=form.cleaned_data.get("for_team", False),
            key=key,
        )
    except IntegrityError:  # the same form sent twice at the same moment
        messages.info(request, "That was already sent, once: it is waiting for review.")
        return redirect(post)
    if answer.current.flagged_for_safety:
        return redirect(reverse("stories:help") + "?sent=1")
    messages.success(request, WAITING.format(what=what))
    return redirect(
        f"{post.get_absolute_url()}#{'responses' if kind == Kind.RESPONSE else 'replies'}"
    )


def _refusal(post: Story, kind: str) -> str:
    if kind == Kind.REPLY and not post.replies_open:
        return "The author has turned replies to this post off. Nothing was sent."
    if kind == Kind.RESPONSE:
        return "Only verified clinicians and the editorial team can respond to a story."
    return "You cannot reply to this post."


def _page_with(request, post: Story, form: AnswerForm, status: int) -> HttpResponse:
    """The post's page again, with the form and what needs fixing next to its field."""
    name = "response_form" if form.kind == Kind.RESPONSE else "reply_form"
    response = story_page(request, post.pk, **{name: form})
    response.status_code = status
    return response


@require_POST
@login_required
def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    """'This helped me', and taking it back ('undo')."""
    post = _public_post(pk)
    if request.POST.get("undo"):
        community.unthank(post, request.user)
        return redirect(f"{post.get_absolute_url()}#thanks")
    try:
        community.thank(post, request.user)
    except community.NotAllowed:
        messages.info(request, "You cannot thank your own post.")
    return redirect(f"{post.get_absolute_url()}#thanks")


@require_POST
@login_required
def helped(request: HttpRequest, pk: int) -> HttpResponse:
    """The story's author says a response helped them, or takes that back."""
    response = get_object_or_404(Story.objects.select_related("parent"), pk=pk, kind=Kind.RESPONSE)
    try:
        community.mark_helped(response, request.user, helped=not request.POST.get("undo"))
    except community.NotAllowed:
        raise Http404 from None
    return redirect(response)


@require_POST
@login_required
def replies_setting(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_own_story(request, pk)
    is_open = request.POST.get("replies") == "on"
    try:
        community.set_replies_open(post, request.user, is_open)
    except community.NotAllowed:
        raise Http404 from None
    messages.success(
        request,
        "Replies are on: readers can reply to your post again."
        if is_open
        else "Replies are off: no new replies can be sent. Published replies stay.",
    )
    return redirect(f"{post.get_absolute_url()}#replies-setting")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@ratelimit(key="user", rate=ANSWER_RATE, method="POST", block=False, group="stories.answers")
def edit_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version of the person's own response or reply, e.g. after changes were asked."""
    answer = get_own_story(request, pk)
    if not answer.is_answer:
        return redirect("stories:edit", pk)
    if not answer.editable:
        messages.error(request, "This can no longer be edited.")
        return redirect("stories:mine")
    form = AnswerForm(
        request.POST or None,
        kind=answer.kind,
        initial={"body": answer.current.body, "show_name": answer.show_name},
    )
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.add_error(None, TOO_MANY)
        elif form.is_valid():
            community.edit_answer(
                answer, form.cleaned_data["body"], key=form.cleaned_data.get("submission_key")
            )
            messages.success(request, WAITING.format(what=form.fields["body"].label[5:]))
            return redirect("stories:mine")
    return render(request, "stories/answer_form.html", {"form": form, "answer": answer})
