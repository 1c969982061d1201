"""Forms for summaries, the archive's filters and topic proposals."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.models import SUMMARY_MAX, Topic, TopicProposal
from archive.selectors import ArchiveQuery, archive_topics, archive_years
from boards.models import Meeting
from cmij.forms import MultiLineField, SingleLineField
from profiles.models import Municipality, validate_plain_text


class TopicNamesField(SingleLineField):
    """New topic names typed on one line, separated by commas; a list of names in Python."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("help_text", _("Separate with commas, e.g. rehearsal space, subsidies."))
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [" ".join(name.split()) for name in text.split(",") if name.strip()]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        for name in value:
            validate_plain_text(name)
            if len(name) > 80:
                raise forms.ValidationError(
                    _("A topic name has at most %(max)d characters: “%(name)s…”")
                    % {"max": 80, "name": name[:40]}
                )

    def run_validators(self, value) -> None:
        # The max_length validator counts the typed line, not the list.
        if isinstance(value, list):
            super().run_validators(", ".join(value))
        else:
            super().run_validators(value)


class SummaryForm(forms.Form):
    text = MultiLineField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_("Markdown: ### headings, *italic*, **bold**, lists, links."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_topics = TopicNamesField(label=_("New topics"))
    #: The version the editor saw last: the one they started from, or after a conflict the one shown
    #: beside their text. A save goes through only over that version (there is no flag that skips it).
    base_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ArchiveFilterForm(forms.Form):
    """The archive's filters, as they stand in the URL: ?q=&onderwerp=&gemeente=&jaar="""

    q = SingleLineField(label=_("Search"), required=False, max_length=100)
    onderwerp = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.none(), to_field_name="slug", required=False,
        empty_label=_("All topics"),
    )  # fmt: skip
    gemeente = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All municipalities"),
    )  # fmt: skip
    jaar = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["onderwerp"].queryset = archive_topics()
        self.fields["jaar"].choices = [("", _("All years")), *((y, str(y)) for y in archive_years())]

    def query(self) -> ArchiveQuery:
        """Call after is_valid()."""
        data = self.cleaned_data
        return ArchiveQuery(
            search=data["q"].strip(),
            topic=data["onderwerp"],
            municipality=data["gemeente"],
            year=data["jaar"],
        )


class ProposalForm(forms.ModelForm):
    class Meta:
        model = TopicProposal
        fields = ["reason"]
        labels = {"reason": _("Why should this topic come back?")}
        error_messages = {"reason": {"required": _("Say in one line why this topic should come back.")}}


class ScheduleForm(forms.Form):
    # The field keeps the name the page has always posted ("session").
    session = forms.ModelChoiceField(
        queryset=Meeting.objects.all(), error_messages={"required": _("Choose a session.")}
    )
