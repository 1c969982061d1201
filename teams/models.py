"""Action teams (actieteams): ideas made concrete, their members, tasks, updates and report-backs
(terugkoppelingen), and which report-back a board's projector shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.models import Topic
from boards.models import Board, Idea, Meeting
from cmij.fields import MultiLineField, SingleLineField
from profiles.models import validate_plain_text


class ActionTeam(models.Model):
    """An action team (actieteam): ideas made concrete, reporting back at the next meeting.

    `ideas` keeps the lineage: the idea, or the merged group of ideas, the team was born from.
    """

    name = SingleLineField(_("name"), max_length=120, validators=[validate_plain_text])
    goal = MultiLineField(_("goal"), max_length=2000)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.SET_NULL, null=True, blank=True, related_name="teams"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="coordinated_teams",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="action_teams", blank=True
    )
    ideas = models.ManyToManyField(Idea, blank=True, related_name="teams")
    #: The meeting the team was started at (its ideas' board's meeting).
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="teams_started"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("action team")
        verbose_name_plural = _("action teams")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:team", kwargs={"team_id": self.pk})


class TeamMembership(models.Model):
    team = models.ForeignKey(ActionTeam, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "member"], name="team_member_once")]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.team_id}"


class TeamRequest(models.Model):
    """A member asks the board's facilitator to turn an idea into an action team."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the facilitator")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="team_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = SingleLineField(_("name"), max_length=120, validators=[validate_plain_text])
    goal = MultiLineField(_("goal"), max_length=2000)
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    team = models.ForeignKey(ActionTeam, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("team request")
        verbose_name_plural = _("team requests")

    def __str__(self) -> str:
        return self.name


class TeamTask(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DOING = "doing", _("In progress")
        DONE = "done", _("Done")

    team = models.ForeignKey(ActionTeam, on_delete=models.CASCADE, related_name="tasks")
    title = SingleLineField(_("task"), max_length=200, validators=[validate_plain_text])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_tasks",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title


class TeamUpdate(models.Model):
    team = models.ForeignKey(ActionTeam, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = MultiLineField(_("update"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self) -> str:
        return self.text[:60]


class ReportBack(models.Model):
    """A team's report-back (terugkoppeling) to a coming meeting, written by its coordinator."""

    team = models.ForeignKey(ActionTeam, on_delete=models.CASCADE, related_name="report_backs")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="report_backs")
    text = MultiLineField(_("report-back"), max_length=5000)
    text_html = models.TextField(editable=False, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "team__name"]
        verbose_name = _("report-back")
        verbose_name_plural = _("report-backs")
        constraints = [
            models.UniqueConstraint(fields=["team", "meeting"], name="report_back_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.team} → {self.meeting}"


class ReportBackShown(models.Model):
    """The report-back a board's projector shows during the plenary report-back (none: no row).

    Kept here, on the side of the teams, so that a board knows nothing of teams: the board event that
    tells the projector comes from `teams.services.report_back_show` through a boards service.
    """

    board = models.OneToOneField(Board, on_delete=models.CASCADE, primary_key=True, related_name="+")
    report_back = models.ForeignKey(ReportBack, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.board_id}: {self.report_back_id}"
