"""Who may do what with action teams: one function per decision, used by views, sockets and templates."""

from __future__ import annotations

from boards.models import Idea
from boards.permissions import can_moderate
from profiles.roles import User, is_member, is_organiser
from teams.models import ActionTeam, ReportBack, TeamRequest

# --- action teams and report-backs ----------------------------------------------------------------


def is_team_member(user: User, team: ActionTeam) -> bool:
    if not is_member(user):
        return False
    return team.memberships.filter(member_id=user.pk).exists()


def is_team_coordinator(user: User, team: ActionTeam) -> bool:
    return is_member(user) and team.coordinator_id == user.pk


def can_start_team(user: User, idea: Idea) -> bool:
    """A facilitator of the idea's board, or an organiser, turns it into a team at once."""
    return can_moderate(user, idea.board)


def can_request_team(user: User, idea: Idea) -> bool:
    """Any member may ask the board's facilitator for a team (guests have no account)."""
    return is_member(user)


def can_decide_team_request(user: User, request: TeamRequest) -> bool:
    return can_moderate(user, request.idea.board)


def can_see_team_requests(user: User) -> bool:
    """The requests page: organisers, and members who facilitate a board."""
    if is_organiser(user):
        return True
    return is_member(user) and user.facilitated_boards.exists()


def can_see_team_details(user: User, team: ActionTeam) -> bool:
    """Anyone sees a team's name, goal and topic; members see who, what, when, and watch it live."""
    return is_member(user)


def can_join_team(user: User, team: ActionTeam) -> bool:
    return is_member(user) and not is_team_member(user, team)


def can_change_team(user: User, team: ActionTeam) -> bool:
    """Edit the team and hand it over: its coordinator, or an organiser."""
    return is_team_coordinator(user, team) or is_organiser(user)


def can_work_in_team(user: User, team: ActionTeam) -> bool:
    """Add and change tasks, post updates: the team's members, and organisers."""
    return is_team_member(user, team) or is_organiser(user)


def can_write_report_back(user: User, team: ActionTeam) -> bool:
    return is_team_coordinator(user, team) or is_organiser(user)


def can_view_report_back(user: User, report: ReportBack) -> bool:
    """Members always; everyone once the summary of its meeting is published."""
    if is_member(user):
        return True
    summary = getattr(report.meeting, "summary", None)
    return summary is not None and summary.is_published


def can_see_overdue_teams(user: User) -> bool:
    return is_organiser(user)
