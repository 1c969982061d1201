"""The UIT-agenda in Django admin, for organisers: campaigns are made here; events are looked up and
corrected here (submitting, approving and refusing have their own pages)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agenda import services
from agenda.models import Campaign, Event
from cmij.images import add_image_fields, image_argument
from cmij.text import markdown_html
from profiles.admin import OrganiserAdmin


class CampaignForm(forms.ModelForm):
    """A campaign with its optional image: the upload checked here (every error by its field) and
    again, stored, by the service."""

    class Meta:
        model = Campaign
        fields = ["name", "slug", "starts_on", "ends_on", "text", "image_alt"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        add_image_fields(self)

    def clean(self):
        data = super().clean()
        probe = Campaign(image=self.instance.image, image_alt=data.get("image_alt") or "")
        try:
            services.campaign_check(campaign=probe, image=image_argument(dict(data)))
        except ValidationError as error:
            self.add_error(None, error)
        return data


@admin.register(Campaign)
class CampaignAdmin(OrganiserAdmin):
    form = CampaignForm
    list_display = ["name", "slug", "starts_on", "ends_on"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "starts_on", "ends_on", "text", "image", "image_alt", "image_remove"]

    def get_fields(self, request, obj=None):
        """'Remove the image' only once there is one."""
        return [name for name in self.fields if name != "image_remove" or obj is not None and obj.image]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The model's own fields only: the upload and its removal are the form's (add_image_fields),
        so the model's file field never takes the raw upload; the service stores it."""
        kwargs["fields"] = CampaignForm.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj: Campaign, form, change) -> None:
        services.campaign_save(campaign=obj, image=image_argument(dict(form.cleaned_data)))


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
