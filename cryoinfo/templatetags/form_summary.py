from django import template

register = template.Library()


@register.filter
def problem_count(form) -> int:
    """How many problems a form was sent back with: every message, not every field."""
    return sum(len(errors) for errors in form.errors.values())
