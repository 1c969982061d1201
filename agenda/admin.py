"""The UIT-agenda in Django admin, for organisers: campaigns are made here; events are looked up and
corrected here (submitting, approving and refusing have their own pages)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agenda import services
from agenda.models import Campaign, Event
from cmij.text import markdown_html
from profiles.admin import OrganiserAdmin


@admin.register(Campaign)
class CampaignAdmin(OrganiserAdmin):
    list_display = ["name", "slug", "starts_on", "ends_on"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "starts_on", "ends_on", "text"]

    def save_model(self, request, obj: Campaign, form, change) -> None:
        services.campaign_render(obj)
        super().save_model(request, obj, form, change)


@admin.register(Event)
class EventAdmin(OrganiserAdmin):
    list_display = ["title", "starts_at", "municipality", "status", "cancelled", "submitted_by"]
    list_filter = ["status", "municipality", "campaigns"]
    search_fields = ["title", "venue", "maker_names"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["disciplines", "campaigns", "topics", "makers"]
    readonly_fields = ["uid", "submitted_by", "sequence", "created_at", "updated_at", "cancelled_at"]
    fields = [
        "title", "description", "starts_at", "ends_at", "venue", "address", "municipality", "kern",
        "disciplines", "free", "price", "link", "makers", "maker_names", "campaigns", "topics",
        "status", "refused_reason", "uid", "sequence", "submitted_by", "cancelled_at", "created_at",
        "updated_at",
    ]  # fmt: skip

    @admin.display(boolean=True, description=_("cancelled"))
    def cancelled(self, obj: Event) -> bool:
        return obj.is_cancelled

    def has_add_permission(self, request) -> bool:
        """Events come in through the agenda's own form, which checks the image and notifies."""
        return False

    def save_model(self, request, obj: Event, form, change) -> None:
        """An edit here is an edit like any other: the rendered text follows, calendars update."""
        obj.description_html = markdown_html(obj.description)
        if change:
            obj.sequence += 1
        super().save_model(request, obj, form, change)
