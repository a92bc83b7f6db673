"""The moderation queue and decisions, for the Moderators group only."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST, require_safe

from . import safety, services
from .compare import compare
from .desk import OPEN_REPORTS, QueueFilter
from .forms import DecisionForm, QuoteForm, SafetyVerdictForm
from .models import Kind, Story, StoryQuote
from .permissions import moderator_only
from .safety import concerns_from_dicts


@require_safe
@moderator_only
def queue(request: HttpRequest) -> HttpResponse:
    chosen = QueueFilter.from_query(request.GET)
    stories = list(chosen.items().select_related("author", "current", "parent"))
    for story in stories:
        story.concerns = (
            concerns_from_dicts(story.current.safety_concerns)
            if story.status == Story.Status.PENDING
            else []
        )
    return render(
        request,
        "stories/moderation_queue.html",
        {
            "stories": stories,
            "chosen": chosen,
            "filters": chosen.choices(),
            "other_order": chosen.query(newest_first=not chosen.newest_first),
        },
    )


@require_safe
@moderator_only
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return review_page(request, pk)


def review_page(
    request: HttpRequest,
    pk: int,
    form: DecisionForm | None = None,
    quote_form: QuoteForm | None = None,
    verdict_form: SafetyVerdictForm | None = None,
) -> HttpResponse:
    story = get_object_or_404(
        Story.objects.annotate(open_reports=OPEN_REPORTS).select_related(
            "author", "current", "live", "parent__author"
        ),
        pk=pk,
    )
    revision = (
        story.current if story.status == Story.Status.PENDING else story.live
    ) or story.current
    history = (
        Story.objects.filter(author=story.author)
        .exclude(pk=story.pk)
        .select_related("current")
        .order_by("-created_at")[:20]
    )
    edit = (
        compare(story.live, story.current)
        if story.status == Story.Status.PENDING and story.live_id and story.current_id
        and story.live_id != story.current_id
        else None
    )  # fmt: skip
    return render(
        request,
        "stories/moderation_review.html",
        {
            "story": story,
            "revision": revision,
            "concerns": concerns_from_dicts(revision.safety_concerns),
            "verdicts": revision.safety_verdicts.select_related("moderator"),
            "verdict_form": verdict_form or SafetyVerdictForm(initial={"version": revision.number}),
            "form": form or DecisionForm(initial={"version": story.version}),
            "decisions": story.decisions.select_related("moderator", "revision"),
            "reports": [
                (report, safety.find_concerns(report.reason))
                for report in story.reports.filter(resolved_at__isnull=True)
            ],
            "history": history,
            "edit": edit,
            "chosen": QueueFilter.from_query(request.GET),
            "quote_form": quote_form or QuoteForm(story=story),
            "quotes": story.quotes.select_related("indication"),
            "quotable": story.is_public and story.kind == Kind.PATIENT,
        },
        status=400 if form or quote_form or verdict_form else 200,
    )


@moderator_only
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(Story.objects.select_related("current", "live", "author"), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return review_page(request, pk, form=form)
    data = form.cleaned_data
    version, action = data["version"], data["action"]
    try:
        if action == "approve":
            services.approve(story, version, request.user)
        elif action == "request_changes":
            services.request_changes(story, version, request.user, data["message"])
        elif action == "reject":
            services.reject(story, version, request.user, data["reason"], data["message"])
        else:
            services.dismiss_reports(story, version, request.user)
    except services.AlreadyDecided:
        messages.warning(
            request,
            "Someone else decided on this post, or its author changed it, while you were "
            "reading. Nothing was changed; here is where it stands now.",
        )
        return redirect("moderation:review", pk=pk)
    messages.success(request, decided(story, action))
    chosen = QueueFilter.from_query(request.GET)
    following = chosen.next_after(story.pk)
    page = reverse("moderation:review", args=[following.pk]) if following else QUEUE_URL
    query = chosen.query()
    return redirect(f"{page}?{query}" if query else page)


QUEUE_URL = reverse_lazy("moderation:queue")


def decided(story: Story, action: str) -> str:
    """What was just done, in plain words, naming the post."""
    title = f"“{story.current.title}”"
    author = story.author.public_name
    return {
        "approve": f"Published: {title} is now on the site, and {author} has been told.",
        "request_changes": f"Sent back: {author} has been asked to change {title}.",
        "reject": f"Not published: {title}. {author} has been told why."
        if story.live_id is None
        else f"Not published: the edit of {title}; the published version stays. {author} "
        "has been told why.",
        "dismiss_reports": f"Kept: {title} stays on the site and its reports are closed.",
    }[action]


@moderator_only
@require_POST
def safety_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """Log whether a flagged version was a real crisis or a false alarm, or a missed one."""
    story = get_object_or_404(Story, pk=pk)
    form = SafetyVerdictForm(request.POST)
    if not form.is_valid():
        return review_page(request, pk, verdict_form=form)
    revision = get_object_or_404(story.revisions, number=form.cleaned_data["version"])
    verdict = services.record_safety_verdict(
        revision, request.user, form.cleaned_data["verdict"], form.cleaned_data["note"]
    )
    messages.success(request, f"Logged: {verdict.get_verdict_display().lower()}. Thank you.")
    return redirect("moderation:review", pk=pk)


@moderator_only
@require_POST
def quote(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose a passage of an approved patient story to show beside the articles."""
    story = get_object_or_404(
        Story.objects.public().filter(kind=Kind.PATIENT).select_related("live"), pk=pk
    )
    form = QuoteForm(request.POST, story=story)
    if not form.is_valid():
        return review_page(request, pk, quote_form=form)
    services.add_quote(story, form.cleaned_data["passage"], form.cleaned_data["indication"],
                       request.user)  # fmt: skip
    messages.success(request, "The passage will now appear with the articles.")
    return redirect("moderation:review", pk=pk)


@moderator_only
@require_POST
def unquote(request: HttpRequest, pk: int, quote_id: int) -> HttpResponse:
    get_object_or_404(StoryQuote, pk=quote_id, story_id=pk).delete()
    messages.success(request, "The passage no longer appears with the articles.")
    return redirect("moderation:review", pk=pk)
