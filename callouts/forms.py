"""Forms for callouts, used by the views (and the feed filters by the live socket too)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from callouts.filters import FeedQuery
from callouts.models import Callout, Follow, Report, Response
from cmij.forms import MultiLineField, SingleLineField
from profiles.forms import slug_filter
from profiles.models import Discipline, Municipality

WANTED = "wanted"


class CalloutForm(forms.ModelForm):
    class Meta:
        model = Callout
        fields = [
            "kind", "title", "body", "disciplines", "reach_reason", "municipality", "happens_on", "place", "expires_on",
        ]  # fmt: skip
        widgets = {
            "kind": forms.RadioSelect,
            "disciplines": forms.CheckboxSelectMultiple,
            "happens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 8}),
            "reach_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Callout.Kind.choices  # a radio list has no blank "---------"
        self.fields["municipality"].empty_label = _("All of IJmond")
        self.fields["disciplines"].help_text = _("The people it concerns hear of it.")
        self.fields["reach_reason"].help_text = _(
            "Only for more than 3 disciplines: why the callout concerns them all. Organisers see it."
        )


class FeedFilterForm(forms.Form):
    """The feed's filters, as they stand in the URL: ?soort=&discipline=&gemeente=&mijn=&zoek="""

    soort = forms.MultipleChoiceField(
        label=_("Kind"),
        required=False,
        choices=[(WANTED, _("Wanted (all)")), *Callout.Kind.choices],
        widget=forms.CheckboxSelectMultiple,
    )
    discipline = slug_filter(_("Discipline"), Discipline)
    gemeente = slug_filter(_("Municipality"), Municipality)
    mijn = forms.BooleanField(label=_("Matches my profile"), required=False)
    zoek = SingleLineField(label=_("Search"), required=False, max_length=100)

    def feed_query(self, user) -> FeedQuery:
        """The reader's query; call after is_valid()."""
        data = self.cleaned_data
        kinds = set(data["soort"])
        if WANTED in kinds:
            kinds = (kinds - {WANTED}) | set(Callout.WANTED)
        profile = getattr(user, "profile", None)
        return FeedQuery(
            kinds=frozenset(kinds),
            discipline_ids=frozenset(d.pk for d in data["discipline"]),
            municipality_ids=frozenset(m.pk for m in data["gemeente"]),
            search=data["zoek"].strip(),
            mine=data["mijn"],
            my_discipline_ids=frozenset(profile.disciplines.values_list("pk", flat=True))
            if data["mijn"] and profile
            else frozenset(),
            my_municipality_id=profile.municipality_id if data["mijn"] and profile else None,
        )


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Response
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        labels = {"body": _("Your message")}


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason"]


class HideForm(forms.Form):
    reason = MultiLineField(label=_("Reason, shown to the author"), max_length=500)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "id_hide_%s")  # its own ids beside the report form's "reason"
        super().__init__(*args, **kwargs)


class FollowForm(forms.Form):
    discipline = forms.ModelChoiceField(
        label=_("Discipline"), queryset=Discipline.objects.all(), to_field_name="slug", required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), to_field_name="slug", required=False
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("discipline")) == bool(data.get("municipality")):
            raise forms.ValidationError(_("Choose one discipline or one municipality."))
        return data


class FollowChoiceForm(forms.Form):
    follow = forms.ModelChoiceField(queryset=Follow.objects.none())

    def __init__(self, *args, member, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow"].queryset = Follow.objects.filter(member=member)
