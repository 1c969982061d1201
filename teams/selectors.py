"""Reads worth naming for action teams: lists, a team's page and live part, lineage, report-backs of a
meeting, overdue teams, requests waiting for a decision."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.models import Topic
from archive.registry import TimelineItem
from boards.models import Board, Idea, Meeting
from profiles import roles
from teams.models import (
    ActionTeam,
    ReportBack,
    ReportBackShown,
    TeamMembership,
    TeamRequest,
    TeamTask,
    TeamUpdate,
)

#: How many past meetings without a report-back make a team overdue.
OVERDUE_AFTER = 2

# --- starting a team -------------------------------------------------------------------------------


def idea_group(idea: Idea) -> list[Idea]:
    """The idea and the ideas merged with it: the target of the merge and all merged into it."""
    root = idea
    seen = {root.pk}
    while root.merged_into_id is not None and root.merged_into_id not in seen:
        root = Idea.objects.get(pk=root.merged_into_id)
        seen.add(root.pk)
    return [root, *Idea.objects.filter(merged_into=root).exclude(pk=root.pk).order_by("created_at", "id")]


def request_deciders(idea: Idea) -> QuerySet:
    """Who decides a request: the board's facilitators; the organisers when the board has none."""
    User = get_user_model()
    facilitators = User.objects.filter(facilitated_boards=idea.board_id, is_active=True)
    if facilitators.exists():
        return facilitators
    return User.objects.filter(is_staff=True, is_active=True)


def team_members(team: ActionTeam) -> QuerySet:
    """The team's active members, as users."""
    return get_user_model().objects.filter(
        pk__in=TeamMembership.objects.filter(team=team).values("member_id"), is_active=True
    )


# --- reads -------------------------------------------------------------------------------------------


def open_tasks_queryset() -> QuerySet[TeamTask]:
    return TeamTask.objects.exclude(status=TeamTask.Status.DONE).select_related("owner__profile")


def deadlines_of(member: AbstractBaseUser) -> QuerySet[TeamTask]:
    """The open tasks with a due date of the teams a member is in, or that are theirs: soonest first."""
    teams = TeamMembership.objects.filter(member=member).values("team_id")
    return (
        TeamTask.objects.exclude(status=TeamTask.Status.DONE)
        .filter(due_on__isnull=False)
        .filter(Q(team_id__in=teams) | Q(owner=member))
        .select_related("team")
        .order_by("due_on", "pk")
    )


def teams_list() -> QuerySet[ActionTeam]:
    return ActionTeam.objects.select_related("topic", "coordinator__profile").annotate(
        member_count=Count("memberships", distinct=True)
    )


def team_for_page(team_id: int) -> ActionTeam:
    return ActionTeam.objects.select_related("topic", "coordinator__profile", "meeting").get(pk=team_id)


def team_live(team: ActionTeam) -> dict:
    """What the live part of a team's page shows, in a fixed number of queries."""
    return {
        "memberships": list(
            TeamMembership.objects.filter(team=team).select_related("member__profile").order_by("joined_at")
        ),
        "tasks": list(TeamTask.objects.filter(team=team).select_related("owner__profile")),
        "updates": list(TeamUpdate.objects.filter(team=team).select_related("author__profile")[:50]),
    }


def team_lineage(team: ActionTeam) -> dict:
    """Where the team came from (its ideas, on their boards) and what it left (its report-backs, and
    the published summaries of their meetings)."""
    reports = list(
        ReportBack.objects.filter(team=team)
        .select_related("meeting__summary")
        .order_by("-meeting__starts_at")
    )
    for report in reports:
        summary = getattr(report.meeting, "summary", None)
        report.published_summary = summary if summary is not None and summary.is_published else None
    return {
        "ideas": list(team.ideas.select_related("board__meeting").order_by("created_at", "id")),
        "report_backs": reports,
    }


def report_backs_for_meeting(meeting: Meeting) -> list[ReportBack]:
    """The report-backs on a meeting's programme, each with its team, coordinator and open tasks
    (`report.team.open_tasks`): three queries however many there are."""
    return list(
        ReportBack.objects.filter(meeting=meeting)
        .select_related("team__coordinator__profile", "team__topic", "author__profile", "meeting")
        .prefetch_related(Prefetch("team__tasks", queryset=open_tasks_queryset(), to_attr="open_tasks"))
        .order_by("team__name", "id")
    )


def report_back_for_page(report_id: int) -> ReportBack:
    return (
        ReportBack.objects.select_related("team__coordinator__profile", "meeting", "author__profile")
        .prefetch_related(Prefetch("team__tasks", queryset=open_tasks_queryset(), to_attr="open_tasks"))
        .get(pk=report_id)
    )


def open_tasks(team: ActionTeam) -> list[TeamTask]:
    return list(open_tasks_queryset().filter(team=team))


def report_back_shown(board: Board) -> ReportBack | None:
    """The report-back a board's projector shows now, if any."""
    shown = ReportBackShown.objects.filter(board=board).select_related("report_back__team").first()
    return shown.report_back if shown is not None else None


def report_back_on_projector(board: Board) -> dict:
    """The projector's report-back part (boards/registry.py): the report-back and its open tasks."""
    report_back = report_back_shown(board)
    return {"report_back": report_back, "tasks": open_tasks(report_back.team) if report_back else []}


def teams_of_idea(idea: Idea) -> QuerySet[ActionTeam]:
    """The teams an idea led to (directly or as part of a merged group)."""
    return ActionTeam.objects.filter(ideas=idea).select_related("topic").distinct()


def teams_overdue(now=None) -> list[ActionTeam]:
    """Teams that sent no report-back to either of the last two meetings that started after the team
    was made and have started by now. A team younger than two meetings is not overdue."""
    now = now or timezone.now()
    started = list(
        Meeting.objects.filter(starts_at__lte=now).order_by("-starts_at").values("pk", "starts_at")
    )
    teams = ActionTeam.objects.select_related("topic", "coordinator__profile").prefetch_related(
        Prefetch("report_backs", queryset=ReportBack.objects.only("pk", "team_id", "meeting_id"))
    )
    overdue = []
    for team in teams:
        since = [s["pk"] for s in started if s["starts_at"] > team.created_at][:OVERDUE_AFTER]
        if len(since) < OVERDUE_AFTER:
            continue
        reported = {report.meeting_id for report in team.report_backs.all()}
        if not reported.intersection(since):
            overdue.append(team)
    return overdue


def coming_meetings() -> QuerySet[Meeting]:
    """Meetings a report-back can be written for: those that have not started."""
    return Meeting.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at")


def pending_requests(user: AbstractBaseUser) -> QuerySet[TeamRequest]:
    """The requests this user may decide: all for organisers, their boards' for facilitators."""
    requests = TeamRequest.objects.filter(status=TeamRequest.Status.PENDING).select_related(
        "idea__board__meeting", "requested_by__profile", "topic"
    )
    if roles.is_organiser(user):
        return requests
    return requests.filter(idea__board__facilitators=user).distinct()


def my_requests(*, idea: Idea, user: AbstractBaseUser) -> QuerySet[TeamRequest]:
    return TeamRequest.objects.filter(idea=idea, requested_by=user).select_related("team")


def topic_timeline(*, topic: Topic, members_view: bool, limit: int) -> list[TimelineItem]:
    """The action teams on a topic, for its timeline (archive/registry.py): names and goals for everyone."""
    teams = ActionTeam.objects.filter(topic=topic).select_related("meeting").order_by("-created_at")[:limit]
    return [
        TimelineItem("team", t.created_at, t, _("Action team"), "teams/timeline_team.html") for t in teams
    ]


def teams_started_at(meeting: Meeting) -> list[ActionTeam]:
    return list(ActionTeam.objects.filter(meeting=meeting).order_by("name", "id"))


def report_backs_at(meeting: Meeting) -> list[ReportBack]:
    return list(
        ReportBack.objects.filter(meeting=meeting).select_related("team").order_by("team__name", "id")
    )


def summary_draft_part(meeting: Meeting) -> str:
    """The end of a summary's first draft (archive/registry.py): the action teams started at the
    meeting and its report-backs, as Markdown in the active language."""
    teams = teams_started_at(meeting)
    context = {
        "teams": [(team, " ".join(team.goal.split()), team.get_absolute_url()) for team in teams],
        "report_backs": report_backs_at(meeting),
    }
    return render_to_string("teams/draft_part.md", context)
