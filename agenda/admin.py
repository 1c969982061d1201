"""The UIT-agenda in Django admin, for organisers: campaigns and partner calendars are made here;
events are looked up and corrected here (submitting, approving and refusing have their own pages)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from agenda import services, sources
from agenda.fetching import FetchError, feed_url
from agenda.models import Campaign, Event, Source
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
            obj.edited_locally = obj.is_imported
        super().save_model(request, obj, form, change)


class SourceForm(forms.ModelForm):
    website = forms.URLField(
        label=capfirst(_("the partner's website")), max_length=300, required=False, assume_scheme="https"
    )

    class Meta:
        model = Source
        fields = [
            "name", "url", "website", "municipality", "kern", "disciplines", "free", "publish_at_once", "active",
        ]  # fmt: skip

    def clean_url(self) -> str:
        try:
            return feed_url(self.cleaned_data["url"])
        except FetchError as error:
            raise ValidationError(error.message) from None

    def clean(self):
        data = super().clean()
        kern, municipality = data.get("kern"), data.get("municipality")
        if kern is not None and municipality is not None and kern.municipality_id != municipality.pk:
            self.add_error("kern", _("This village is not in the chosen municipality."))
        return data


@admin.register(Source)
class SourceAdmin(OrganiserAdmin):
    """A partner's calendar: adding it fetches it at once; its status says how the last fetch went."""

    form = SourceForm
    change_form_template = "admin/agenda/source/change_form.html"
    list_display = ["name", "active", "fetched_at", "result", "outcome"]
    list_filter = ["active", "result", "municipality"]
    search_fields = ["name", "url"]
    filter_horizontal = ["disciplines"]
    readonly_fields = ["status"]
    actions = ["fetch_now"]
    fieldsets = [
        (None, {"fields": SourceForm.Meta.fields}),
        (_("Last fetch"), {"fields": ["status"]}),
    ]

    @admin.display(description=_("outcome"))
    def outcome(self, obj: Source) -> str:
        """What the last fetch did, or why it failed, in a sentence."""
        return render_to_string(
            "admin/agenda/source/outcome.html", {"source": obj, "problem": sources.source_problem(obj)}
        )

    @admin.display(description=_("status"))
    def status(self, obj: Source) -> str:
        return render_to_string(
            "admin/agenda/source/status.html",
            {
                "source": obj,
                "problem": sources.source_problem(obj),
                "skips": sources.source_skips(obj),
                "cap": settings.CMIJ_AGENDA_SOURCE_MAX_EVENTS,
            },
        )

    def save_model(self, request, obj: Source, form, change) -> None:
        super().save_model(request, obj, form, change)
        sources.source_fetch_soon(obj)

    @admin.action(description=_("Fetch now"))
    def fetch_now(self, request, queryset) -> None:
        for source in queryset:
            sources.source_fetch_soon(source)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d calendar will be fetched now.", "%(count)d calendars will be fetched now.", count
            )
            % {"count": count},
        )

    def get_urls(self):
        fetch_view = self.admin_site.admin_view(require_POST(self.fetch_view))
        return [path("<int:source_id>/fetch/", fetch_view, name="agenda_source_fetch"), *super().get_urls()]

    def fetch_view(self, request, source_id: int):
        """The "fetch now" button of a source's page."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        source = get_object_or_404(Source, pk=source_id)
        sources.source_fetch_soon(source)
        messages.success(
            request, gettext("“%(name)s” will be fetched now; reload in a moment.") % {"name": source.name}
        )
        return redirect("admin:agenda_source_change", source.pk)
