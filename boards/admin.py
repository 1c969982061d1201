"""Meetings in Django admin, for organisers."""

from __future__ import annotations

from django.contrib import admin

from boards import services
from boards.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "municipality", "join_open"]
    search_fields = ["title", "theme"]
    readonly_fields = ["join_code", "slug"]
    filter_horizontal = ["facilitators"]

    def save_model(self, request, obj, form, change):
        if not obj.join_code:
            obj.join_code = services.join_code_new()
        if not obj.slug:
            obj.slug = services.meeting_slug_new(obj.title, obj.starts_at)
        super().save_model(request, obj, form, change)
