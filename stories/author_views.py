"""What authors do with their own posts: send, edit, add an update, withdraw, restore, list."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from accounts.emails import NOT_CONFIRMED, has_confirmed_email

from . import services
from .forms import StoryForm
from .models import RESTORE_DAYS, Kind, Story, StoryRevision

RESENT_CHANGED = (
    "This form was already sent once, and its words have changed since (perhaps you went "
    "back a page). Your changes are below: send them again to make them a new version."
)


EDIT_RATE = "20/h"  # edits and follow-up updates together, each with up to three photos


def get_own_story(request: HttpRequest, pk: int) -> Story:
    """A post the signed-in person wrote; anyone else's is 'not found', not 'forbidden'."""
    return get_object_or_404(
        Story.objects.select_related("current"), pk=pk, author_id=request.user.id
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@ratelimit(key="user", rate="10/h", method="POST", block=False)
def story_submit(request: HttpRequest) -> HttpResponse:
    form = StoryForm(request.POST or None, request.FILES or None, author=request.user)
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.add_error(None, "You have sent a lot of posts in the last hour. Please try "
                           "again later; your text is still here.")  # fmt: skip
            return _form_page(request, form, status=429)
        if _may_send(request, form) and form.is_valid():
            return _submit(request, form) or _form_page(request, form)
    return _form_page(request, form)


def _over_the_limit(request: HttpRequest, form: StoryForm) -> bool:
    """Edits and updates, with their photos, are limited per person; the text stays."""
    if request.method != "POST" or not getattr(request, "limited", False):
        return False
    form.add_error(None, "You have changed your posts many times in the last hour. Please "
                   "try again later; your text is still here.")  # fmt: skip
    return True


def _may_send(request: HttpRequest, form: StoryForm) -> bool:
    """Posts go to moderators only from confirmed addresses; the text stays in the form."""
    if has_confirmed_email(request.user):
        return True
    form.is_valid()  # so the form shows what else needs fixing, too
    form.add_error(None, NOT_CONFIRMED)
    return False


def _form_page(request: HttpRequest, form: StoryForm, status: int = 200, **context):
    context.update(form=form, email_confirmed=has_confirmed_email(request.user))
    return render(request, "stories/story_form.html", context, status=status)


def _sent_before(request: HttpRequest, key) -> bool:
    return (
        key is not None
        and StoryRevision.objects.filter(submission_key=key, story__author=request.user).exists()
    )


def _already_sent(request: HttpRequest) -> HttpResponse:
    messages.info(request, "That was already sent, once: here it is, waiting for review.")
    return redirect("stories:mine")


def _earlier_version(request: HttpRequest, key) -> StoryRevision | None:
    if key is None:
        return None
    return StoryRevision.objects.filter(submission_key=key, story__author=request.user).first()


def _submit(request: HttpRequest, form: StoryForm) -> HttpResponse | None:
    """
    Save a valid form as a new post or version, and tell the author what happens next.
    None when the form must be shown again (sent before, since changed).
    """
    key = form.cleaned_data.get("submission_key")
    earlier = _earlier_version(request, key)
    if earlier is not None:
        data = form.cleaned_data
        if (earlier.title, earlier.body) == (data["title"], data["body"]):
            return _already_sent(request)  # a double click, or the same request sent again
        # A form sent before, changed since (the Back button): keep the words, ask again.
        form.data = form.data.copy()
        form.data["submission_key"] = str(uuid.uuid4())
        form.add_error(None, RESENT_CHANGED)
        return None
    story, revision = form.save_story()
    try:
        services.submit(
            story,
            revision,
            form.cleaned_data["indications"],
            kept_photos=form.kept_photos,
            new_photos=form.new_photos,
        )
    except IntegrityError:
        if _sent_before(request, key):  # the same form, sent twice at the same moment
            return _already_sent(request)
        raise
    if revision.flagged_for_safety:
        # Straight to help that works from a phone; the page says what happens to the post.
        return redirect(reverse("stories:help") + "?sent=1")
    messages.success(
        request,
        "Thank you. Your post is waiting for a moderator to review it. "
        "We will e-mail you when it has been checked.",
    )
    return redirect("stories:mine")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@ratelimit(key="user", rate=EDIT_RATE, method="POST", block=False, group="stories.changes")
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_own_story(request, pk)
    if story.is_answer:
        return redirect("stories:edit_answer", pk)
    if not story.editable:
        messages.error(request, "This post can no longer be edited.")
        return redirect("stories:mine")
    form = StoryForm(
        request.POST or None,
        request.FILES or None,
        instance=story.current,
        author=request.user,
        story=story,
    )
    if _over_the_limit(request, form):
        return _form_page(request, form, status=429, story=story)
    if request.method == "POST" and _may_send(request, form) and form.is_valid():
        return _submit(request, form) or _form_page(request, form, story=story)
    return _form_page(request, form, story=story)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@ratelimit(key="user", rate=EDIT_RATE, method="POST", block=False, group="stories.changes")
def story_update(request: HttpRequest, pk: int) -> HttpResponse:
    """A follow-up: the author tells readers how they are doing now."""
    parent = get_own_story(request, pk)
    if not parent.is_public or parent.parent_id is not None or parent.kind != Kind.PATIENT:
        raise Http404
    form = StoryForm(request.POST or None, request.FILES or None, author=request.user,
                     parent=parent)  # fmt: skip
    if _over_the_limit(request, form):
        return _form_page(request, form, status=429, parent=parent)
    if request.method == "POST" and _may_send(request, form) and form.is_valid():
        return _submit(request, form) or _form_page(request, form, parent=parent)
    return _form_page(request, form, parent=parent)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def story_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first; withdrawing takes the post off the site at once."""
    story = get_own_story(request, pk)
    if request.method != "POST":
        if story.status == Story.Status.WITHDRAWN:
            return redirect("stories:mine")
        return render(request, "stories/withdraw_confirm.html",
                      {"story": story, "restore_days": RESTORE_DAYS})  # fmt: skip
    try:
        services.withdraw(story)
    except services.NotWithdrawable:
        messages.info(request, "That post was already withdrawn.")
    else:
        messages.success(
            request,
            f"“{story.current.title}” has been withdrawn from CryoInfo. You can restore it "
            f"from this page for {RESTORE_DAYS} days.",
        )
    return redirect("stories:mine")


@login_required
@require_POST
def story_restore(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_own_story(request, pk)
    try:
        services.restore(story)
    except services.NotRestorable:
        messages.error(
            request,
            f"“{story.current.title}” can no longer be restored: posts can be restored for "
            f"{RESTORE_DAYS} days after they are withdrawn. You can share it again "
            "as a new post.",
        )
    else:
        messages.success(
            request,
            f"“{story.current.title}” is back with our moderators. It will be public again "
            "once they have approved it; we will e-mail you.",
        )
    return redirect("stories:mine")


@require_safe
@login_required
def my_stories(request: HttpRequest) -> HttpResponse:
    stories = (
        Story.objects.filter(author=request.user)
        .select_related("current", "live")
        .order_by("-created_at")
    )
    return render(request, "stories/my_stories.html", {"stories": stories})
