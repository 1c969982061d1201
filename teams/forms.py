"""Forms for action teams, their tasks, updates and report-backs. The services validate again."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models import Topic
from boards.models import Meeting
from cmij.forms import MultiLineField, SingleLineField
from profiles.models import validate_plain_text
from teams.models import ActionTeam, ReportBack, TeamTask, TeamUpdate


class MemberChoiceField(forms.ModelChoiceField):
    """Members by their display name."""

    def label_from_instance(self, obj) -> str:
        profile = getattr(obj, "profile", None)
        return profile.display_name if profile else obj.email


def active_members() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__isnull=False)
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )


def members_of(team: ActionTeam) -> QuerySet:
    return active_members().filter(pk__in=team.memberships.values("member_id"))


class TeamForm(forms.Form):
    """Start a team, or ask for one: the same fields."""

    name = SingleLineField(
        label=_("Name of the team"),
        max_length=120,
        validators=[validate_plain_text],
        error_messages={"required": _("Give the team a name.")},
    )
    goal = MultiLineField(
        label=_("Goal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What does the team want to have achieved, and by when?"),
        error_messages={"required": _("Say what the team wants to achieve.")},
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False, empty_label=_("No topic")
    )


class TeamStartForm(TeamForm):
    """A facilitator starting a team also chooses its coordinator (by default themselves)."""

    coordinator = MemberChoiceField(
        label=_("Coordinator"),
        queryset=active_members(),
        required=False,
        empty_label=_("Me"),
        help_text=_("Writes the report-back to the next session."),
    )


class TeamEditForm(TeamForm):
    coordinator = MemberChoiceField(
        label=_("Coordinator"),
        queryset=active_members(),
        error_messages={
            "required": _("A team needs a coordinator."),
            "invalid_choice": _("Choose a member of this team as the coordinator."),
        },
    )

    def __init__(self, *args, team: ActionTeam, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = members_of(team)


class TaskForm(forms.Form):
    title = SingleLineField(
        label=_("Task"),
        max_length=TeamTask._meta.get_field("title").max_length,
        validators=[validate_plain_text],
        error_messages={"required": _("Say what needs doing.")},
    )
    owner = MemberChoiceField(
        label=_("Who does it?"),
        queryset=active_members(),
        required=False,
        empty_label=_("Nobody yet"),
        error_messages={"invalid_choice": _("A task's owner must be a member of the team.")},
    )
    due_on = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, team: ActionTeam, **kwargs) -> None:
        super().__init__(*args, prefix="task", **kwargs)
        self.fields["owner"].queryset = members_of(team)

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        if due_on is not None and due_on < timezone.localdate():
            raise forms.ValidationError(_("The due date has passed; choose today or a later day."))
        return due_on


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TeamTask.Status.choices)


class TaskAssignForm(forms.Form):
    owner = MemberChoiceField(
        label=_("Who does it?"),
        queryset=active_members(),
        required=False,
        empty_label=_("Nobody yet"),
        error_messages={"invalid_choice": _("A task's owner must be a member of the team.")},
    )

    def __init__(self, *args, team: ActionTeam, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(team)


class UpdateForm(forms.Form):
    text = MultiLineField(
        label=_("Your update"),
        max_length=TeamUpdate._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your update first.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="update", **kwargs)


class ReportBackForm(forms.Form):
    # The field keeps the name the page has always posted ("session"); the service takes a `meeting`.
    session = forms.ModelChoiceField(
        label=_("For the session"),
        queryset=Meeting.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose the session this report-back is for."),
            "invalid_choice": _(
                "Choose a coming session: a report-back is for a session that has not started."
            ),
        },
    )
    text = MultiLineField(
        label=_("Report-back"),
        max_length=ReportBack._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "What did the team do, what is next, what does it need? Markdown: *italic*, **bold**, lists."
        ),
        error_messages={"required": _("Write the report-back first.")},
    )

    def __init__(self, *args, meetings: QuerySet[Meeting], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = meetings
