"""Render Django form fields with GOV.UK Frontend markup (label, hint, error message, input)."""

from django import forms, template

register = template.Library()

_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
}


def _kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    # Before RadioSelect: Django's CheckboxSelectMultiple is a subclass of it.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.filter
def field_kind(bound_field) -> str:
    return _kind(bound_field)


@register.simple_tag
def govuk_widget(bound_field):
    """The field's widget with GOV.UK classes, error state and hint/error descriptions."""
    widget = bound_field.field.widget
    css = next(
        (cls for widget_type, cls in _WIDGET_CLASSES.items() if isinstance(widget, widget_type)),
        "govuk-input",
    )
    if bound_field.errors and css:
        css += f" {css}--error"
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
    attrs = {"class": " ".join(filter(None, [widget.attrs.get("class", ""), css]))}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def editor_errors(form) -> list[tuple[str, str]]:
    """Every problem in a Wagtail editor form, inline rows included, as (field id, message);
    the id is empty for problems that belong to no single field."""
    if form is None:
        return []
    problems = [("", str(error)) for error in form.non_field_errors()]
    problems += [
        (field.auto_id, f"{field.label}: {error}") for field in form for error in field.errors
    ]
    for formset in getattr(form, "formsets", {}).values():
        problems += [("", str(error)) for error in formset.non_form_errors()]
        for number, row in enumerate(formset.forms, start=1):
            problems += [
                (field.auto_id, f"{field.label} (row {number}): {error}")
                for field in row
                for error in field.errors
            ]
    return problems


# A form reveals fields under a radio option by naming them in `conditional_fields`:
# {"visibility": {"private": ["reason"]}}. They are drawn inside GOV.UK's conditional reveal,
# which GOV.UK Frontend's script hides until the option is chosen; without JavaScript they show.
def _conditional(form) -> dict:
    return getattr(form, "conditional_fields", {})


@register.simple_tag
def revealed_by(field, value) -> list:
    names = _conditional(field.form).get(field.name, {}).get(str(value), [])
    return [field.form[name] for name in names]


@register.filter
def is_revealed(field) -> bool:
    return any(
        field.name in names
        for by_value in _conditional(field.form).values()
        for names in by_value.values()
    )
