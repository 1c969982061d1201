"""Forms for boards: the same form validates an HTMX POST and a WebSocket message."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from boards import services
from boards.models import Board, Meeting, Prompt
from cmij.forms import MultiLineField, SingleLineField
from cmij.images import add_image_fields

CLIENT_MSG_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class IdeaForm(forms.Form):
    text = MultiLineField(
        label=_("Your idea"),
        max_length=1000,
        strip=True,
        error_messages={"required": _("Write your idea first.")},
    )
    prompt = forms.IntegerField(min_value=1, error_messages={"required": _("Choose a column.")})
    client_msg_id = SingleLineField(max_length=64, required=False)

    def clean_client_msg_id(self) -> str:
        value = self.cleaned_data.get("client_msg_id") or ""
        if value and not CLIENT_MSG_ID.match(value):
            raise forms.ValidationError(_("The form was damaged; reload the page."))
        return value

    def submit(self, *, board, participant) -> bool:
        """Validate and store the idea (the same for an HTMX POST and a socket message); a refusal
        becomes an error of this form, so the text stays in the field with the reason."""
        if not self.is_valid():
            return False
        prompt = Prompt.objects.filter(board=board, pk=self.cleaned_data["prompt"]).first()
        try:
            if prompt is None:
                raise ValidationError(_("That column is not on this board."))
            services.idea_create(
                board=board,
                participant=participant,
                prompt=prompt,
                text=self.cleaned_data["text"],
                client_msg_id=self.cleaned_data["client_msg_id"] or services.client_msg_id_new(),
            )
        except ValidationError as error:
            self.add_error("text", error)
            return False
        except PermissionDenied:
            self.add_error(None, _("You may not do that."))
            return False
        return True


class IdeaTextForm(forms.Form):
    text = MultiLineField(
        label=_("Your idea"),
        max_length=1000,
        strip=True,
        error_messages={"required": _("Write your idea first.")},
    )


class IdeaRefForm(forms.Form):
    """A WebSocket message about one idea: {"action": "vote", "idea": 12}."""

    idea = forms.IntegerField(min_value=1)


class MergeForm(forms.Form):
    target = forms.IntegerField(label=_("Merge into idea number"), min_value=1)


class TimerForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=180, initial=5)


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(choices=Board.Phase.choices)


class JoinPanelForm(forms.Form):
    size = forms.ChoiceField(choices=Board.JoinPanel.choices)


class ResumeForm(forms.Form):
    seq = forms.IntegerField(min_value=0)


class JoinForm(forms.Form):
    code = SingleLineField(
        label=_("Join code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    display_name = SingleLineField(
        label=_("Your name"),
        max_length=60,
        help_text=_("Shown with your ideas, unless the board is anonymous."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


class BoardSettingsForm(forms.ModelForm):
    class Meta:
        model = Board
        fields = ["title", "theme", "anonymous", "moderated", "votes_per_participant", "idea_max_length"]


class PromptForm(forms.Form):
    title = SingleLineField(label=_("New column"), max_length=80)

    def __init__(self, *args, **kwargs):
        # Its own ids: the facilitator's panel also holds the board settings' `title`.
        kwargs.setdefault("auto_id", "id_prompt_%s")
        super().__init__(*args, **kwargs)


class MeetingForm(forms.ModelForm):
    online_url = forms.URLField(label=_("online link"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "municipality",
            "theme",
            "description",
            "capacity",
            "facilitators",
            "image_alt",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "facilitators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["facilitators"].queryset = (
            get_user_model().objects.filter(is_active=True).select_related("profile")
        )
        self.fields["facilitators"].label_from_instance = lambda user: getattr(
            getattr(user, "profile", None), "display_name", user.email
        )
        add_image_fields(self)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        return cleaned


def member_choices():
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .select_related("profile")
        .order_by("profile__display_name")
    )


def member_label(user) -> str:
    return getattr(getattr(user, "profile", None), "display_name", "") or user.email


class BreakoutForm(forms.Form):
    """A breakout (deelsessie): its own title, theme and facilitators."""

    title = SingleLineField(label=_("Title"), max_length=140)
    theme = SingleLineField(label=_("Theme"), max_length=140, required=False)
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = member_choices()
        self.fields["facilitators"].label_from_instance = member_label
