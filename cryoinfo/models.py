import re

from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import TagBase

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


def indication_from_query(value: str | None) -> "Indication | None":
    """
    The indication a `?indication=` parameter names: None when there is none, 404 when it
    names nothing. Text that cannot be a slug (a NUL byte, say, which PostgreSQL refuses)
    never reaches the database.
    """
    if not value:
        return None
    if not SLUG.match(value):
        raise Http404("No such indication.")
    return get_object_or_404(Indication, slug=value)


class CuratedTagManager(_TaggableManager):
    """
    Taggit's manager, except that a string names an existing indication instead of creating
    a new tag, so no code path can grow the taxonomy from user input.
    """

    def _to_tag_model_instances(self, tags, tag_kwargs):
        tag_model = self.through.tag_model()
        instances = [tag for tag in tags if isinstance(tag, tag_model)]
        names = {tag for tag in tags if isinstance(tag, str)}
        if names:
            found = list(tag_model._default_manager.filter(Q(slug__in=names) | Q(name__in=names)))
            unknown = names - {t.slug for t in found} - {t.name for t in found}
            if unknown:
                raise ValueError(f"Unknown indication(s): {', '.join(sorted(unknown))}")
            instances.extend(found)
        return list(dict.fromkeys(instances))


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

    def with_indication_links(self):
        """Attach each row's indications, in display order, as `.indication_links`."""
        through = self._through()
        accessor = through._meta.get_field("content_object").remote_field.get_accessor_name()
        return self.prefetch_related(
            models.Prefetch(
                accessor,
                queryset=through.objects.select_related("tag")
                .only("content_object", "tag__name", "tag__slug")
                .order_by("tag__display_order"),
                to_attr="indication_links",
            )
        )
