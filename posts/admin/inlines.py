"""What the article form edits with it: its references and its change log."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.db import models

from ..models import ArticleChange, Reference
from .forms import WIDE


class ReferenceInline(admin.StackedInline):
    model = Reference
    extra = 0
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https", "widget": AdminURLFieldWidget(attrs=WIDE)}
    }
    fields = [("position", "year"), "authors", "title", "source", ("doi", "pmid"), "url"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("authors", "title", "source"):  # whole names and titles show
            kwargs["widget"] = forms.TextInput(attrs=WIDE)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ArticleChangeInline(admin.StackedInline):
    model = ArticleChange
    extra = 0
    fields = [("changed_on", "description")]
    verbose_name = "change readers are told about"
    verbose_name_plural = "Changes readers are told about (shown at the foot of the article)"
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs=WIDE)}}

    # Part of the article: whoever may write the article may write its change log.
    def _may_write(self, request) -> bool:
        return request.user.has_perm("posts.change_article") or request.user.has_perm(
            "posts.add_article"
        )

    def has_add_permission(self, request, obj=None):
        return self._may_write(request)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request)

    def has_view_permission(self, request, obj=None):
        return self._may_write(request) or request.user.has_perm("posts.view_article")
