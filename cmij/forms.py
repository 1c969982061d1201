"""How every Django form in the project renders: one field template and one form template.

`{{ form }}` draws an error summary at the top (role="alert", focusable, a link to each field in
error), then each field as label, help text, its errors and the widget. Django ties them together:
a field in error gets aria-invalid="true" and aria-describedby naming its help text
(`<id>_helptext`) and its errors (`<id>_error`).
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """The project's templates first (templates/components/forms/), Django's own widgets after."""

    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
