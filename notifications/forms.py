"""How a member wants to hear of notifications by email."""

from __future__ import annotations

from django import forms

from notifications.models import NotificationSettings


class EmailSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["email"]
        widgets = {"email": forms.RadioSelect}
