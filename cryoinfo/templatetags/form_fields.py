from django import template

register = template.Library()


@register.simple_tag
def widget(field):
    """
    Render a field's widget tied to its help text and its errors with aria-describedby,
    so a screen reader announces the error with the field.
    """
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
