"""Model fields for user text: what may enter the database is decided by the field, so a form, a
socket message, a service and an admin all store the same (cmij.text says what each kind allows).

- `SingleLineField`: a name, title or place. Stored as one line, stripped (`single_line`, applied
  when it is saved, updated or validated), and its form field (cmij.forms.SingleLineField) does the same.
- `MultiLineField`: a description or body that keeps its lines; `MultiLineCharField` the same with a
  length the database holds to (a reason).
All refuse text the database cannot store (`validate_storable`) when validated.
"""

from __future__ import annotations

from django.db import models

from cmij import forms
from cmij.text import single_line, validate_storable


class SingleLineField(models.CharField):
    default_validators = [validate_storable]

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value).strip() if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        # The instance holds what was stored, so what is shown right after saving equals a reload.
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.SingleLineField, **kwargs})


class MultiLineField(models.TextField):
    default_validators = [validate_storable]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.MultiLineField, **kwargs})


class MultiLineCharField(models.CharField):
    default_validators = [validate_storable]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.MultiLineField, **kwargs})
