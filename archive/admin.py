"""Topics in Django admin, for organisers."""

from __future__ import annotations

from django.contrib import admin

from archive.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
