from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from accounts.emails import has_confirmed_email
from accounts.two_factor import has_two_factor, set_up_two_factor
from cryoinfo.models import (
    Indication,
    all_indications,
    attach_indication_names,
    indication_from_query,
)
from cryoinfo.pagecache import cache_anonymous_page
from cryoinfo.pagination import newest_first_page
from cryoinfo.shared import lazy
from posts.models import related_articles

from . import community, safety, services
from .forms import AnswerForm, ReportForm
from .helplines import EMERGENCY_NUMBERS, HELPLINES
from .models import POST_KINDS, Kind, Story, StoryPhoto, StoryRevision
from .permissions import is_moderator

PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}

STORIES_PER_PAGE = 12
REPORT_NOT_CONFIRMED = (
    "Please confirm your e-mail address before reporting a post: use the link we e-mailed "
    "you, or ask for a new one on your e-mail address page. Nothing was sent."
)


def get_story_for(request: HttpRequest, pk: int) -> Story:
    """A post the person may read: public ones for all, others for their author and moderators."""
    # The version shown to the public comes with it; the latest submitted one, which only
    # its author and moderators see before approval, is read when asked for.
    # get(), not first(): one row by its key needs no ORDER BY, which costs the ORM time.
    try:
        story = Story.objects.select_related("author__clinician_profile", "live").get(pk=pk)
    except Story.DoesNotExist:
        raise Http404("No such post.") from None
    if story.is_public or story.author_id == request.user.id:
        return story
    # Moderators reach unpublished posts from the queue, which has them set up a second
    # factor first; without one, an unpublished post is not there for them either.
    if is_moderator(request.user) and has_two_factor(request.user):
        return story
    raise Http404


def _revision_indications(revision_id):
    chosen = StoryRevision.indications.through.objects.filter(storyrevision_id=revision_id)
    return Indication.objects.filter(pk__in=chosen.values("indication_id"))


def _public_updates(story_id):
    """The author's follow-ups (responses and replies show in their own sections)."""
    return (
        Story.objects.filter(parent=story_id)
        .public()
        .posts()
        .select_related("live")
        .order_by("published_at")
    )


def _listed_stories(indication: Indication | None, kind: str | None, responded: bool):
    """
    The story list, optionally of one indication and one kind, or only stories with a
    clinician response.
    """
    # Follow-ups and answers appear under their story, not in the list.
    stories = Story.objects.public().originals()
    if indication:
        stories = stories.about([indication.pk])
    if kind:
        stories = stories.filter(kind=kind)
    if responded:
        stories = stories.filter(response_count__gt=0)
    return stories.for_cards()


@require_safe
@cache_anonymous_page
def story_list(request: HttpRequest) -> HttpResponse:
    # Read only when the list's parts are not kept (cryoinfo.shared).
    names = ("page", "indication", "kind", "filters", "extra_query")
    return render(
        request, "stories/story_list.html", lazy(partial(_story_list, request.GET), *names)
    )


def _story_list(query) -> dict:
    indications = all_indications()
    indication = indication_from_query(query.get("indication"), indications)
    kind = query.get("kind")
    if kind not in POST_KINDS:
        kind = None
    responded = query.get("responded") == "1"
    page = newest_first_page(
        _listed_stories(indication, kind, responded),
        before=query.get("before"),
        after=query.get("after"),
        per_page=STORIES_PER_PAGE,
    )
    attach_indication_names(page.object_list)
    chosen = {"indication": indication and indication.slug, "kind": kind,
              "responded": "1" if responded else None}  # fmt: skip
    return {
        "page": page,
        "indication": indication,
        "kind": kind,
        "filters": _story_filters(indications, chosen),
        "extra_query": urlencode({k: v for k, v in chosen.items() if v}),
    }


def _story_filters(indications, chosen: dict) -> list[tuple[str, list]]:
    """
    The list's filter groups, each a label and its chips: (text, address, current). A chip
    changes its own filter and keeps the others.
    """

    def chip(text: str, name: str, value):
        query = urlencode({k: v for k, v in {**chosen, name: value}.items() if v})
        return text, f"?{query}", chosen[name] == value

    return [
        ("Condition", [chip("All conditions", "indication", None)]
         + [chip(item.name, "indication", item.slug) for item in indications]),
        ("Written by", [chip("Everyone", "kind", None), chip("Patients", "kind", Kind.PATIENT),
                        chip("Clinicians", "kind", Kind.DOCTOR)]),
        ("Responses", [chip("Any", "responded", None),
                       chip("Has a clinician response", "responded", "1")]),
    ]  # fmt: skip


@require_safe
@cache_anonymous_page
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return story_page(request, pk)


def story_page(request: HttpRequest, pk: int, report_form: ReportForm | None = None,
               reply_form: AnswerForm | None = None,
               response_form: AnswerForm | None = None):  # fmt: skip
    """A post's page; with a form, that form sent back with its errors."""
    story = get_story_for(request, pk)
    if story.is_answer and story.is_public:
        return redirect(story)  # its place under the post it answers
    shown = story.live if story.is_public else story.current
    already_reported = (
        request.user.is_authenticated and story.reports.filter(reporter=request.user).exists()
    )
    return render(
        request,
        "stories/story_detail.html",
        {
            "story": story,
            "revision": shown,
            # Read only when the page's shared parts are not kept (cryoinfo.shared).
            **lazy(partial(_shared_parts, story, shown), *SHARED_PARTS),
            "clinician": _clinician(story),
            "report_form": report_form or ReportForm(),
            "already_reported": already_reported,
            "may_quote": story.is_public
            and story.kind == Kind.PATIENT
            and story.parent_id is None
            and is_moderator(request.user),
            **_answers(request, story, reply_form, response_form),
        },
    )


SHARED_PARTS = ("photos", "indications", "related_articles", "updates")


def _shared_parts(story: Story, shown: StoryRevision | None) -> dict:
    """What every reader of the post sees alike: its photos, indications and updates."""
    indications = list(_revision_indications(shown.pk)) if shown else []
    return {
        "photos": list(StoryPhoto.objects.filter(revisions=shown.pk)) if shown else [],
        "indications": indications,
        "related_articles": related_articles([indication.pk for indication in indications]),
        "updates": _public_updates(story.pk) if story.parent_id is None else [],
    }


def _answers(request: HttpRequest, story: Story, reply_form, response_form) -> dict:
    """The responses, replies and thanks under a public post, and their forms."""
    if story.is_answer or not story.is_public:
        return {}
    context = community.page_context(story, request.user)
    context["reply_form"] = reply_form or AnswerForm(kind=Kind.REPLY)
    context["response_form"] = response_form or AnswerForm(
        kind=Kind.RESPONSE, for_team_allowed=context["for_team_allowed"]
    )
    context["signs_for_team"] = community.signs_for_team(request.user, asked=False)
    return context


def _clinician(story: Story):
    if story.kind != Kind.DOCTOR:
        return None
    profile = getattr(story.author, "clinician_profile", None)
    return profile if getattr(story.author, "is_verified_clinician", False) else None


@require_safe
@cache_anonymous_page
def help_now(request: HttpRequest) -> HttpResponse:
    """Where to get help now if you are thinking of suicide or of harming yourself."""
    return render(
        request,
        "stories/help.html",
        {
            "emergency_numbers": EMERGENCY_NUMBERS,
            "helplines": HELPLINES,
            "just_sent": request.GET.get("sent") == "1" and request.user.is_authenticated,
        },
    )


@require_safe
def story_photo(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """
    A photo, sent only to those who may see a post that shows it: anyone for a published
    post's approved version, otherwise its author and moderators.
    """
    photo = get_object_or_404(StoryPhoto.objects.select_related("story"), pk=pk)
    public = photo.revisions.filter(pk__in=Story.objects.public().values("live_id")).exists()
    if not public and photo.story.author_id != request.user.id:
        if not is_moderator(request.user):
            raise Http404
        if not has_two_factor(request.user):
            return set_up_two_factor(request)
    field = photo.thumbnail if size == "thumb" else photo.image
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = field.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(handle, content_type=PHOTO_TYPES.get(extension, "image/jpeg"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    # Public photos may be cached briefly; a withdrawn post's photos must vanish soon.
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


@login_required
@require_POST
@ratelimit(key="user", rate="20/h", method="POST", block=False)
def story_report(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(Story.objects.public(), pk=pk)
    if story.author_id == request.user.id:
        messages.info(request, "You cannot report your own post. You can edit or withdraw it.")
        return redirect(story)
    form = ReportForm(request.POST)
    if getattr(request, "limited", False):
        messages.error(request, "You have sent many reports recently. Please try again later.")
    elif not form.is_valid():
        response = story_page(request, pk, report_form=form)
        response.status_code = 400
        return response
    elif not has_confirmed_email(request.user):
        # Reports can hide a post, so they count only from confirmed addresses.
        messages.error(request, REPORT_NOT_CONFIRMED)
        if safety.find_concerns(form.cleaned_data["reason"]):
            return redirect(reverse("stories:help"))
    else:
        try:
            services.report(story, request.user, form.cleaned_data["reason"])
        except services.AlreadyReported:
            messages.info(request, "You have already reported this post. Thank you.")
        else:
            messages.success(request, "Thank you. A moderator will look at this post.")
        if safety.find_concerns(form.cleaned_data["reason"]):
            return redirect(reverse("stories:help"))
    story.refresh_from_db()
    return redirect(story if story.is_public else "stories:list")
