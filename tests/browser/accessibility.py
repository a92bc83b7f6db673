"""
Shared by the accessibility tests (and the crisis-help browser tests): a small site with
every kind of page filled in, signing in through the real form, and an axe-core check of a
list of pages that also reports console errors.
"""

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cryoinfo.models import Indication
from stories import services
from stories.models import StoryRevision
from tests.factories import ArticleFactory, ReferenceFactory, UserFactory, make_story, totp_code

PASSWORD = "a-long-password-for-tests-1"
ARTICLE_BODY = """\
Cryoablation freezes a small kidney tumour through a thin needle [1].

## Before the day

You stop eating six hours before. Your team checks your blood [2].

## On the day

| Step | How long |
| --- | --- |
| Scan to find the tumour | 20 minutes |
| Freezing, two cycles | 30 minutes |
| Rest on the ward | 4 hours |

### If you are awake

You may feel pressure but not pain.

## Afterwards

Most people go home the next day.
"""


def small_site():
    """A small site: an article with references, contents and a table; enough patient
    stories for the kidney charts; a member with a post in each state; a moderator.
    Returns the article, a published story and Alice's post waiting for review."""
    kidney = Indication.objects.get(slug="kidney")
    article = ArticleFactory(
        title="Freezing small kidney tumours",
        slug="freezing-small-kidney-tumours",
        summary="What happens before, on and after the day.",
        body=ARTICLE_BODY,
        indications=[kidney],
    )
    ReferenceFactory(article=article, position=1, title="A kidney study")
    ReferenceFactory(article=article, position=2, title="A second kidney study", doi="")
    article.save()  # renders the citations now that the references exist
    ArticleFactory(title="Recovery at home after kidney cryoablation", indications=[kidney])

    stories = []
    for n, days in enumerate((2, 5, 7, 10, 21, 35), start=1):
        author = UserFactory(username=f"patient{n}")
        stories.append(
            make_story(
                author,
                title=f"Back to work after {days} days",
                body=f"My kidney tumour was frozen. I was back to my usual self after {days} days.",
                indications=("kidney",),
                days_to_usual_activities=days,
                nights_in_hospital=1,
                pain_after_one_week=2,
                complication="no",
                would_recommend="yes",
            )
        )

    alice = UserFactory(username="alice", password=PASSWORD, display_name="Alice")
    published = make_story(alice, title="Alice: published", indications=("kidney",))
    pending = make_story(alice, title="Alice: waiting for review", status="pending")
    make_story(alice, title="Alice: changes asked", status="changes_requested")
    make_story(alice, title="Alice: not published", status="rejected")
    make_story(alice, title="Alice: taken down", status="withdrawn")

    mo = UserFactory(username="mo", password=PASSWORD, two_factor=True)
    mo.groups.add(Group.objects.get(name="Moderators"))
    add_answers(stories[0], UserFactory(username="reader", display_name="Sam"), mo)
    edited = stories[1]
    services.submit(edited, StoryRevision(title=edited.title, body="Words changed since."), [])
    return {"article": article, "story": stories[0], "pending": pending,
            "published": published, "edited": edited}  # fmt: skip


def add_answers(story, reader, moderator):
    """A clinician's response and a reader's reply under `story`, both published."""
    from django.utils import timezone

    from accounts.models import ClinicianProfile
    from stories import community, services

    doctor = UserFactory(username="drdee", display_name="Dr Dee")
    ClinicianProfile.objects.create(
        user=doctor, specialty="Interventional radiology", registration_number="GMC-1",
        institution="St Elsewhere", conflicts_of_interest="None",
        status=ClinicianProfile.Status.VERIFIED, decided_at=timezone.now(),
    )  # fmt: skip
    for author, kind, body in [
        (doctor, "response", "Feeling tired for a week or two is common after this treatment, "
         "and it usually passes by itself."),
        (reader, "reply", "Thank you for sharing this. Did you need help at home afterwards?"),
    ]:  # fmt: skip
        answer = community.submit_answer(story, author, kind, body)
        services.approve(answer, answer.version, moderator)


def sign_in(page, live_server, username):
    """Through the real sign-in form, as a person does."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail or user name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    signed_in = page.get_by_role("button", name="Sign out")
    code = page.get_by_label("Code", exact=True)
    expect(signed_in.or_(code)).to_be_visible()
    if code.is_visible():  # staff: the second step, a code from their authenticator app
        code.fill(totp_code())
        page.get_by_role("button", name="Sign in").click()
    expect(signed_in).to_be_visible()


# ---------------------------------------------------------------- axe

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    }
}
# axe files landmarks, heading order and the like under "best-practice", not under a WCAG
# tag; they are what a screen reader user navigates by, so they are checked too.
AXE_BEST_PRACTICE = {"runOnly": {"type": "tag", "values": ["best-practice"]}}


def axe_violations(page, axe_source):
    """
    Run axe on the page as it is, then again with every <details> open (the chart tables,
    the report forms), and return the violations of either run, each rule once.

    The site's Content-Security-Policy (script-src 'self') blocks `page.add_script_tag`,
    which inserts the source as an inline <script>. `page.evaluate` runs it through the
    DevTools protocol, which the page's CSP does not govern, so the policy stays on and a
    violation by the site itself still shows in the console.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    found = {}
    for opened in (False, True):
        if opened and not page.evaluate(
            "() => { const closed = document.querySelectorAll('details:not([open])');"
            " closed.forEach(d => { d.open = true; }); return closed.length; }"
        ):
            break
        for options in (AXE_OPTIONS, AXE_BEST_PRACTICE):
            result = page.evaluate("options => axe.run(document, options)", options)
            for violation in result["violations"]:
                found.setdefault(violation["id"], violation)
    return list(found.values())


def summary(url, violations):
    lines = [f"{url}:"]
    for v in violations:
        targets = [" ".join(node["target"]) for node in v["nodes"][:3]]
        more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
        lines.append(f"  {v['id']} [{v['impact']}] {v['help']}: {targets}{more}")
    return "\n".join(lines)


def check_pages(page, live_server, axe_source, visits):
    """
    Visit each page; return a readable report of what axe and the console found there.
    A visit is a path, or a function that takes the page somewhere (a form sent empty).
    """
    problems = []
    for visit in visits:
        if callable(visit):
            visit(page)
        else:
            page.goto(f"{live_server.url}{visit}")
        page.wait_for_load_state("load")
        where = page.url.removeprefix(live_server.url)
        violations = axe_violations(page, axe_source)
        if violations:
            problems.append(summary(where, violations))
        if page.console_errors:
            problems.append(f"{where}: console errors {page.console_errors}")
            page.console_errors.clear()
    return problems
