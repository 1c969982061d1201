"""How every Django form in the project renders: one field template and one form template.

`{{ form }}` draws an error summary at the top (role="alert", focusable, a link to each field in
error), then each field as label, help text, its errors and the widget. Django ties them together:
a field in error gets aria-invalid="true" and aria-describedby naming its help text
(`<id>_helptext`) and its errors (`<id>_error`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms.renderers import TemplatesSetting
from django.http import QueryDict
from django.utils.formats import date_format

from cmij.text import single_line, unstorable_shown, validate_storable


class FormRenderer(TemplatesSetting):
    """The project's templates first (templates/components/forms/), Django's own widgets after."""

    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"


# --- user text: one line, or lines ----------------------------------------------------------------


class SingleLineField(forms.CharField):
    """A name, title or place: one line (cmij.text.single_line), stripped, storable. The model field
    of the same name stores it the same way, so a crafted POST ends as the browser's would."""

    default_validators = [validate_storable]

    def to_python(self, value):
        return super().to_python(single_line(value) if isinstance(value, str) else value)

    def prepare_value(self, value):
        return unstorable_shown(value) if isinstance(value, str) else super().prepare_value(value)


class MultiLineField(forms.CharField):
    """A description, body or reason: its lines kept; storable."""

    default_validators = [validate_storable]

    def prepare_value(self, value):
        return unstorable_shown(value) if isinstance(value, str) else super().prepare_value(value)


# --- a list's filters as chips ----------------------------------------------------------------------


@dataclass(frozen=True)
class Chip:
    """One filter that is set, as shown above a list's results: its text ("Gemeente: Velsen") and the
    query string of the same list without it (a link that works without JavaScript)."""

    text: str
    without: str


def filter_chips(form: forms.Form, params: QueryDict) -> list[Chip]:
    """The filters a valid, bound filter form has set, one chip per value (a choice of several, one
    each). `params`: the list's query string without its page. Reads what validating the form found;
    a choice of several reference rows (disciplines) costs one query to name them."""
    if not form.is_bound or not form.is_valid():
        return []
    chips = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", False) or value == []:
            continue
        for raw, shown in _chosen(field, value):
            rest = params.copy()
            rest.setlist(name, [given for given in params.getlist(name) if raw is not None and given != raw])
            text = field.label if shown is None else f"{field.label}: {shown}"
            chips.append(Chip(text=str(text), without=rest.urlencode()))
    return chips


def _chosen(field: forms.Field, value) -> list[tuple[str | None, str | None]]:
    """Each value a filter field holds: (as the URL gives it, for a choice of several; None for a
    filter of one value), (as a person reads it; None for a checked box, whose label says it)."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        key = field.to_field_name or "pk"
        return [(str(getattr(item, key)), str(item)) for item in value]
    if isinstance(field, forms.ModelChoiceField):
        return [(None, str(value))]
    if isinstance(field, forms.MultipleChoiceField):
        names = dict(field.choices)
        return [(item, str(names.get(item, item))) for item in value]
    if isinstance(field, forms.ChoiceField):
        names = {str(choice): label for choice, label in field.choices}
        return [(None, str(names.get(str(value), value)))]
    if isinstance(field, forms.BooleanField):
        return [(None, None)]
    if isinstance(field, forms.DateField):
        return [(None, date_format(value, "j F Y"))]
    return [(None, f"“{value}”")]
