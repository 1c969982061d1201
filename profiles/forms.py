from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from profiles import services


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form; allauth calls `signup` once the user is saved."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("How other makers see you, e.g. Sanne de Vries."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user) -> None:
        language = (get_language() or "nl")[:2]
        services.profile_create(user=user, display_name=self.cleaned_data["display_name"], language=language)
