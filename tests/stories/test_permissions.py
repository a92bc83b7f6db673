"""Who may do what with a post: one table for every community view."""

import pytest
from django.urls import reverse

from tests.factories import make_story

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "author", "bob", "mo", "dr_dee", "editor", "admin"]


def sign_in(client, request, who, author):
    if who == "author":
        client.force_login(author)
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))


# Expected status codes, person by person, in PEOPLE order.
MATRIX = {
    # which page: (method, codes)
    "stories:list": ("get", [200, 200, 200, 200, 200, 200, 200]),
    "stories:submit": ("get", [302, 200, 200, 200, 200, 200, 200]),
    "stories:mine": ("get", [302, 200, 200, 200, 200, 200, 200]),
    "pending:detail": ("get", [404, 200, 404, 200, 404, 404, 200]),
    "approved:detail": ("get", [200, 200, 200, 200, 200, 200, 200]),
    "pending:edit": ("get", [302, 200, 404, 404, 404, 404, 404]),
    "pending:withdraw": ("post", [302, 302, 404, 404, 404, 404, 404]),
    "moderation:queue": ("get", [302, 403, 403, 200, 403, 403, 200]),
    "pending:review": ("get", [302, 403, 403, 200, 403, 403, 200]),
}


@pytest.mark.parametrize("view", MATRIX)
@pytest.mark.parametrize("index", range(len(PEOPLE)), ids=PEOPLE)
def test_permission_matrix(client, request, alice, view, index):
    who = PEOPLE[index]
    method, codes = MATRIX[view]
    pending = make_story(alice, status="pending", title="Pending post")
    approved = make_story(alice, title="Approved post")
    urls = {
        "stories:list": reverse("stories:list"),
        "stories:submit": reverse("stories:submit"),
        "stories:mine": reverse("stories:mine"),
        "moderation:queue": reverse("moderation:queue"),
        "pending:detail": reverse("stories:detail", args=[pending.pk]),
        "approved:detail": reverse("stories:detail", args=[approved.pk]),
        "pending:edit": reverse("stories:edit", args=[pending.pk]),
        "pending:withdraw": reverse("stories:withdraw", args=[pending.pk]),
        "pending:review": reverse("moderation:review", args=[pending.pk]),
    }
    sign_in(client, request, who, alice)

    response = getattr(client, method)(urls[view])

    assert response.status_code == codes[index], f"{who} {view}"
    pending.refresh_from_db()
    if view == "pending:withdraw":
        assert (pending.status == "withdrawn") == (who == "author")
