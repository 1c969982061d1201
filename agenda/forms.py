"""Forms of the UIT-agenda: its filters (shared by the page and its calendar feed), submitting and
editing an event, and the organisers' approve and refuse."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from agenda import permissions
from agenda.models import Campaign, Event
from agenda.selectors import AgendaQuery
from cmij.forms import MultiLineField
from cmij.images import add_image_fields, image_argument
from profiles.forms import slug_filter
from profiles.models import Discipline, Kern, Municipality


class AgendaFilterForm(forms.Form):
    """The agenda's filters, as they stand in the URL: ?gemeente=&discipline=&van=&tot=&gratis="""

    gemeente = slug_filter(_("Municipality"), Municipality)
    discipline = slug_filter(_("Discipline"), Discipline)
    van = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tot = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    gratis = forms.BooleanField(label=_("Free entry"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data

    def agenda_query(self) -> AgendaQuery:
        """The query these filters ask for; call after is_valid()."""
        data = self.cleaned_data
        return AgendaQuery(
            municipality_ids=frozenset(m.pk for m in data["gemeente"]),
            discipline_ids=frozenset(d.pk for d in data["discipline"]),
            starts_on=data["van"],
            ends_on=data["tot"],
            free=data["gratis"],
        )


class MakersField(forms.ModelMultipleChoiceField):
    """Members with a profile, by their name."""

    def label_from_instance(self, obj) -> str:
        return obj.profile.display_name


class EventForm(forms.ModelForm):
    """Submit or edit an event. Campaign tags only for organisers; the image is checked and resized
    by the service, which also validates everything else again."""

    link = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("A web page with more about it, or where to get tickets."),
    )
    makers = MakersField(
        label=_("Makers with a profile"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )

    class Meta:
        model = Event
        fields = [
            "title", "description", "starts_at", "ends_at", "venue", "address", "municipality", "kern",
            "disciplines", "free", "price", "link", "makers", "maker_names", "topics", "image_alt",
        ]  # fmt: skip
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 8}),
            "disciplines": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "starts_at": _("Date and time in the Netherlands."),
            "maker_names": _("Others involved who have no profile here, separated by commas."),
            "price": _("For example: €12.50, €8 with a CJP pass."),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["makers"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, profile__isnull=False)
            .select_related("profile")
            .order_by("profile__display_name")
        )
        self.fields["kern"].queryset = Kern.objects.select_related("municipality")
        self.fields["kern"].label_from_instance = lambda kern: f"{kern.name} ({kern.municipality.name})"
        add_image_fields(self)
        if permissions.can_set_campaigns(user):
            self.fields["campaigns"] = forms.ModelMultipleChoiceField(
                label=_("Campaigns"),
                queryset=Campaign.objects.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=list(self.instance.campaigns.all()) if self.instance.pk else [],
            )

    def clean_link(self) -> str:
        link = self.cleaned_data["link"]
        if link and urlsplit(link).scheme not in ("http", "https"):
            raise forms.ValidationError(_("Give a web address that starts with https:// or http://."))
        return link

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        return data

    def service_arguments(self) -> dict[str, object]:
        """The cleaned data as event_submit / event_update take it."""
        data = dict(self.cleaned_data)
        data["image"] = image_argument(data)
        return data


class ApproveForm(forms.Form):
    campaigns = forms.ModelMultipleChoiceField(
        label=_("Campaigns"),
        queryset=Campaign.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RefuseForm(forms.Form):
    reason = MultiLineField(
        label=_("Reason, shown to the submitter"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
