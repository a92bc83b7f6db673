"""
The moderation desk's queue: what is waiting, filtered and counted, in a stable order, so
that after each decision the next item in the same filter can open.
"""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from cryoinfo.models import Indication, all_indications

from .models import Kind, Report, Story

_OPEN = Report.objects.filter(story=OuterRef("pk"), resolved_at__isnull=True)
REPORTED = Exists(_OPEN)
# A subquery, not a join and a GROUP BY, so that the queue's order can read the waiting
# version's columns without grouping by them.
OPEN_REPORTS = Coalesce(
    Subquery(_OPEN.order_by().values("story").annotate(n=Count("pk")).values("n")), 0
)
# A waiting version whose words may be a cry for help is read before anything else.
SAFETY_FIRST = Case(
    When(status=Story.Status.PENDING, current__flagged_for_safety=True, then=Value(0)),
    default=Value(1),
)
KINDS = {  # in the address: what moderators call them
    "story": (Kind.PATIENT, "Patient stories"),
    "insight": (Kind.DOCTOR, "Doctor insights"),
    "response": (Kind.RESPONSE, "Clinician responses"),
    "reply": (Kind.REPLY, "Replies"),
}
PENDING = Story.Status.PENDING
FLAGS = {
    "safety": ("Flagged for safety", Q(status=PENDING, current__flagged_for_safety=True)),
    "reported": ("Reported", Q(REPORTED)),
    "edit": ("Edit of a published post", Q(status=PENDING, live__isnull=False)),
    "update": ("Update to a story", Q(parent__isnull=False, kind=Kind.PATIENT)),
}
WAITING = Q(status=Story.Status.PENDING) | Q(
    REPORTED, live__isnull=False, withdrawn_at__isnull=True
)


@dataclass(frozen=True)
class QueueFilter:
    """What the moderator chose to see, read from and written back to the address."""

    kind: str = ""
    indication: str = ""
    flag: str = ""
    newest_first: bool = False
    approved: bool = False  # published patient stories, to quote from, instead of the queue

    @classmethod
    def from_query(cls, query) -> "QueueFilter":
        def pick(name, allowed):
            value = query.get(name, "")
            return value if value in allowed else ""

        return cls(
            kind=pick("kind", KINDS),
            indication=pick("indication", {i.slug for i in all_indications()}),
            flag=pick("flag", FLAGS),
            newest_first=query.get("order") == "newest",
            approved=query.get("show") == "approved",
        )

    def query(self, **changes) -> str:
        """This filter (with `changes`) as a query string, without defaults."""
        chosen = replace(self, **changes)
        values = {
            "show": "approved" if chosen.approved else "",
            "kind": chosen.kind,
            "indication": chosen.indication,
            "flag": chosen.flag,
            "order": "newest" if chosen.newest_first else "",
        }
        return urlencode({name: value for name, value in values.items() if value})

    def items(self) -> QuerySet:
        """The posts this filter shows, in the order the desk works through them."""
        posts = self._narrowed(_base(self.approved)).annotate(open_reports=OPEN_REPORTS)
        if self.approved:
            return posts.order_by("-published_at", "-id")
        direction = "-" if self.newest_first else ""
        return posts.order_by(SAFETY_FIRST, f"{direction}submitted_at", f"{direction}id")

    def _narrowed(self, posts: QuerySet) -> QuerySet:
        if self.kind:
            posts = posts.filter(kind=KINDS[self.kind][0])
        if self.indication:
            posts = posts.filter(pk__in=_about(self.indication))
        if self.flag:
            posts = posts.filter(FLAGS[self.flag][1])
        return posts

    def choices(self) -> list[tuple[str, list[tuple[str, str, int, bool]]]]:
        """
        The filter groups, each a label and its options: (text, query, count, chosen). A
        count is how many items choosing that option would show, with the other choices
        kept: two queries for all of them.
        """
        base = _base(self.approved)
        kinds = replace(self, kind="")._narrowed(base)
        by_kind = dict(kinds.order_by().values_list("kind").annotate(n=Count("pk")))
        others = replace(self, flag="", indication="")._narrowed(base)
        counted = others.aggregate(
            _all=Count("pk"),
            **{f"flag_{name}": Count("pk", filter=condition)
               for name, (_, condition) in FLAGS.items()},
            **{f"about_{item.slug}": Count("pk", filter=Q(pk__in=_about(item.slug)))
               for item in all_indications()},
        )  # fmt: skip
        return [
            ("Kind", [self._option("All kinds", kind="", count=sum(by_kind.values()))]
             + [self._option(label, kind=name, count=by_kind.get(kind, 0))
                for name, (kind, label) in KINDS.items()]),
            ("Needs", [self._option("Anything", flag="", count=counted["_all"])]
             + [self._option(label, flag=name, count=counted[f"flag_{name}"])
                for name, (label, _) in FLAGS.items()]),
            ("Indication", [self._option("All indications", indication="",
                                         count=counted["_all"])]
             + [self._option(item.name, indication=item.slug,
                             count=counted[f"about_{item.slug}"])
                for item in all_indications()]),
        ]  # fmt: skip

    def _option(self, text: str, count: int, **change) -> tuple[str, str, int, bool]:
        chosen = all(getattr(self, name) == value for name, value in change.items())
        return text, self.query(**change), count, chosen

    def next_after(self, pk: int) -> Story | None:
        """The first item this filter shows now, other than the one just decided."""
        return self.items().exclude(pk=pk).first()


def _base(approved: bool) -> QuerySet:
    if approved:
        return Story.objects.public().filter(kind=Kind.PATIENT)
    return Story.objects.filter(WAITING)


def _about(slug: str) -> QuerySet:
    """Posts whose waiting version is about the indication, and answers to such posts."""
    indication = Indication.objects.filter(slug=slug)
    return Story.objects.filter(
        Q(current__indications__in=indication) | Q(parent__live__indications__in=indication)
    ).values("pk")
