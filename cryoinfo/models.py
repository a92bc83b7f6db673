import re

from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import TagBase, TaggedItemBase

from .markdown import render_markdown


class Indication(TagBase):
    """
    What cryoablation is used for: the curated taxonomy that tags articles and posts.

    Admins add to it; nothing a visitor types ever creates one (see CuratedTagManager).
    """

    description = models.CharField(
        max_length=200,
        help_text="One sentence shown on indication cards, e.g. on the home page.",
    )
    overview = models.TextField(
        blank=True,
        help_text="A few paragraphs of Markdown at the top of the indication's page.",
    )
    # The overview rendered once, when it is saved (as Article.body_html), not per page view.
    overview_html = models.TextField(editable=False, default="")
    display_order = models.PositiveSmallIntegerField(
        default=100, help_text="Lower numbers are listed first."
    )

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="indication_slug_not_empty"),
        ]

    def save(self, *args, **kwargs):
        self.render_overview()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "overview" in update_fields:
            kwargs["update_fields"] = {*update_fields, "overview_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("indication", args=[self.slug])

    def render_overview(self) -> None:
        """Render `overview` to sanitised HTML in `overview_html`, for the indication's page."""
        self.overview_html = render_markdown(self.overview).html


SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


def all_indications() -> list[Indication]:
    """Every indication, in display order."""
    return list(Indication.objects.all())


def indication_from_query(
    value: str | None, among: "list[Indication] | None" = None
) -> "Indication | None":
    """
    The indication a `?indication=` parameter names: None when there is none, 404 when it
    names nothing. Text that cannot be a slug (a NUL byte, say, which PostgreSQL refuses)
    never reaches the database. A page that has every indication loaded passes them as
    `among`, and it is found there without a query.
    """
    if not value:
        return None
    if not SLUG.match(value):
        raise Http404("No such indication.")
    if among is None:
        return get_object_or_404(Indication, slug=value)
    found = next((indication for indication in among if indication.slug == value), None)
    if found is None:
        raise Http404("No such indication.")
    return found


def existing_indications(tags) -> list["Indication"]:
    """
    These tags as Indication rows: rows as they are, strings (a slug or a name) looked up.
    A string that names no indication is refused, so nothing can grow the taxonomy.
    """
    instances = [tag for tag in tags if isinstance(tag, Indication)]
    names = {tag for tag in tags if isinstance(tag, str)}
    if names:
        found = list(Indication.objects.filter(Q(slug__in=names) | Q(name__in=names)))
        unknown = names - {t.slug for t in found} - {t.name for t in found}
        if unknown:
            raise ValueError(f"Unknown indication(s): {', '.join(sorted(unknown))}")
        instances.extend(found)
    return list(dict.fromkeys(instances))


class CuratedTagManager(_TaggableManager):
    """
    Taggit's manager, except that add() and set() take only existing indications (a string
    names one by slug or name): no code path can grow the taxonomy from user input.
    Through taggit's public methods only.
    """

    def add(self, *tags, **kwargs):
        return super().add(*existing_indications(tags), **kwargs)

    def set(self, tags, **kwargs):
        return super().set(existing_indications(tags), **kwargs)


class IndicationTaggedItem(TaggedItemBase):
    """
    One indication on one object: the through model of an IndicationsField. Each app
    subclasses it and adds `content_object`, a foreign key to its own model.
    """

    # Deleting an indication that still tags something is refused, not cascaded. Taggit
    # needs a related name; this is the one its own TaggedItemBase gives.
    tag = models.ForeignKey(
        Indication, on_delete=models.PROTECT, related_name="%(app_label)s_%(class)s_items"
    )

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="%(app_label)s_%(class)s_unique"
            ),
        ]


class IndicationsField(TaggableManager):
    """
    Tags a model with indications. Its form field is a list of checkboxes over the curated
    indications, never taggit's free-text box.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", "indications")
        kwargs.setdefault("help_text", "Tick every indication this is about.")
        kwargs["manager"] = CuratedTagManager
        super().__init__(**kwargs)

    def formfield(self, **kwargs):
        return forms.ModelMultipleChoiceField(
            queryset=Indication.objects.all(),
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )


def _indication_pairs(throughs: tuple, id_lists: list[list[int]]):
    """(which list, row id, indication name, its display order) for rows of several models."""
    parts = [
        through.objects.filter(content_object_id__in=ids)
        .order_by()
        .values_list(Value(n), "content_object_id", "tag__name", "tag__display_order")
        for n, (through, ids) in enumerate(zip(throughs, id_lists, strict=True))
    ]
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def attach_indication_names(*groups: list) -> None:
    """
    Give every row of these lists `.indication_names`: the names of its indications, in
    display order, for the chips on cards, in one query for all the lists (a page of
    article cards and story cards asks once). Each list holds rows of one tagged model.
    Cheaper than prefetch_related(Prefetch(..., to_attr=...)), which builds a model
    instance per tag for what cards show as plain text.
    """
    groups = [group for group in groups if group]
    if not groups:
        return
    throughs = tuple(type(group[0])._meta.get_field("indications").through for group in groups)
    names: list[dict[int, list]] = [{row.pk: [] for row in group} for group in groups]
    found = _indication_pairs(throughs, [list(by_pk) for by_pk in names])
    for n, pk, name, _order in sorted(found, key=lambda pair: (pair[3], pair[2])):
        names[n][pk].append(name)
    for group, by_pk in zip(groups, names, strict=True):
        for row in group:
            row.indication_names = by_pk[row.pk]


class IndicationTaggedQuerySet(models.QuerySet):
    """Queries shared by everything tagged with an IndicationsField named `indications`."""

    def _through(self):
        return self.model._meta.get_field("indications").through

    def about(self, indications):
        """Those tagged with any of these indications, each once."""
        # EXISTS rather than IN: the database walks the list in its order and checks
        # each row's tags (one index probe), instead of first gathering every row
        # tagged with them, which grows with the table.
        through = self._through()
        return self.filter(
            Exists(through.objects.filter(content_object=OuterRef("pk"), tag__in=indications))
        )
