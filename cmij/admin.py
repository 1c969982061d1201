"""Emails that did not arrive, for organisers to read (cmij.emails records them): read-only, since a
row is what happened."""

from __future__ import annotations

from django.contrib import admin

from cmij.models import FailedEmail
from profiles.admin import OrganiserAdmin


@admin.register(FailedEmail)
class FailedEmailAdmin(OrganiserAdmin):
    list_display = ["created_at", "recipient", "subject", "reason", "attempts", "permanent"]
    list_filter = ["permanent", "created_at"]
    search_fields = ["recipient", "subject", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
