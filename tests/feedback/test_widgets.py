"""The feedback forms' widgets write, without a template, what Django's templates write."""

import pytest
from django import forms
from django.template.loader import render_to_string

from feedback.forms import EmailInput, HelpfulVoteForm, ProblemReportForm, Textarea

HOSTILE = "<script>alert(\"x\")</script> & 'quotes'\r\nsecond line"
ATTRS = [
    {},
    {"id": "id_x", "maxlength": 1000, "aria-describedby": "id_x_helptext id_x_error"},
    {"required": True, "disabled": False, "aria-invalid": "true", "data-note": HOSTILE},
    {"placeholder": None},
]


@pytest.mark.parametrize("value", [None, "", "Hello", HOSTILE, 42])
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize(
    ("ours", "django"),
    [
        (Textarea(attrs={"rows": 3}), forms.Textarea(attrs={"rows": 3})),
        (EmailInput(attrs={"autocomplete": "email"}), forms.EmailInput({"autocomplete": "email"})),
    ],
)
def test_a_widget_writes_what_djangos_template_writes(ours, django, attrs, value):
    assert ours.render("comment", value, attrs) == django.render("comment", value, attrs)


def with_djangos_widgets(form: forms.Form) -> forms.Form:
    """The same form, its fields rendered through Django's own widget templates."""
    for field in form.fields.values():
        stock = {Textarea: forms.Textarea, EmailInput: forms.EmailInput}.get(type(field.widget))
        if stock:
            widget = stock()
            widget.attrs = field.widget.attrs
            widget.is_required = field.widget.is_required
            field.widget = widget
    return form


@pytest.mark.parametrize(
    ("form_class", "data"),
    [
        (HelpfulVoteForm, None),
        (HelpfulVoteForm, {"helpful": "maybe", "comment": "x" * 1001}),
        (ProblemReportForm, None),
        (ProblemReportForm, {"message": "", "email": "not an address"}),
        (ProblemReportForm, {"message": HOSTILE, "email": "jo@example.org"}),
    ],
)
def test_a_field_with_its_label_help_and_errors_is_the_same_as_before(form_class, data):
    ours, theirs = form_class(data), with_djangos_widgets(form_class(data))
    for name in ("comment",) if form_class is HelpfulVoteForm else ("message", "email"):
        html = render_to_string("includes/field.html", {"field": ours[name]})

        assert html == render_to_string("includes/field.html", {"field": theirs[name]})
        if ours[name].errors:
            field_id = ours[name].auto_id
            assert f'aria-describedby="{field_id}_helptext {field_id}_error"' in html
            assert 'aria-invalid="true"' in html
            assert f'<div class="field-error" id="{field_id}_error"><p>' in html
