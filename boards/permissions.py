"""Who may do what with sessions and boards: one function per decision, used by views,
consumers and templates alike (tests/boards/test_permissions.py checks them as a matrix)."""

from __future__ import annotations

import hmac

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from boards.identity import Participant
from boards.models import ActionTeam, Board, Idea, ReportBack, Session, Summary, TeamRequest, TopicProposal
from profiles import permissions as profile_permissions

User = AbstractBaseUser | AnonymousUser | None


def is_organiser(user: User) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def can_create_session(user: User) -> bool:
    return is_organiser(user)


def can_edit_session(user: User) -> bool:
    return is_organiser(user)


def is_facilitator(user: User, board: Board) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return board.facilitators.filter(pk=user.pk).exists()


def can_moderate(user: User, board: Board) -> bool:
    """Facilitators moderate their own board; organisers may moderate any."""
    return is_organiser(user) or is_facilitator(user, board)


def can_open_projector(user: User, board: Board, token: str | None) -> bool:
    """The projector shows the join code: its board's moderators, or whoever holds its link."""
    if can_moderate(user, board):
        return True
    return bool(token) and hmac.compare_digest(str(token), board.projector_token)


def can_view_board(participant: Participant | None, board: Board) -> bool:
    """Members, and guests of this board's session (participant_for only finds those)."""
    return participant is not None


def can_add_idea(participant: Participant | None, board: Board) -> bool:
    return participant is not None and board.phase == Board.Phase.COLLECT and not board.locked


def can_change_own_idea(participant: Participant | None, idea: Idea) -> bool:
    return (
        participant is not None
        and participant.owns(idea)
        and idea.board.phase == Board.Phase.COLLECT
        and not idea.board.locked
        and idea.merged_into_id is None
    )


def can_vote(participant: Participant | None, board: Board) -> bool:
    return (
        participant is not None
        and board.phase == Board.Phase.VOTE
        and not board.locked
        and board.votes_per_participant > 0
    )


# --- summaries, the archive and topics -------------------------------------------------------------


def is_session_facilitator(user: User, session: Session) -> bool:
    """A facilitator of the session itself or of any of its boards (a breakout's too)."""
    if not profile_permissions.is_member(user):
        return False
    return (
        session.facilitators.filter(pk=user.pk).exists()
        or Board.facilitators.through.objects.filter(board__session=session, user_id=user.pk).exists()
    )


def can_edit_summary(user: User, session: Session) -> bool:
    """Draft, edit, publish and unpublish a session's summary: its facilitators and organisers."""
    return is_organiser(user) or is_session_facilitator(user, session)


def can_view_summary(user: User, summary: Summary) -> bool:
    """A published summary is public; a draft only for those who may edit it."""
    return summary.is_published or can_edit_summary(user, summary.session)


def can_create_topic(user: User, session: Session) -> bool:
    """New topics are made while editing a summary: by the session's facilitators and organisers."""
    return can_edit_summary(user, session)


def can_see_members_timeline(user: User) -> bool:
    """On a topic page, the ideas, callouts and team pages (they carry members' words) are for members."""
    return profile_permissions.is_member(user)


def can_propose_topic(user: User) -> bool:
    """ "Zet weer op de agenda": members; guests have no account and anonymous visitors log in first."""
    return profile_permissions.is_member(user)


def can_support_proposal(user: User, proposal: TopicProposal) -> bool:
    """Members support an open proposal (not yet on a programme)."""
    return profile_permissions.is_member(user) and proposal.session_id is None


def can_schedule_proposal(user: User) -> bool:
    """Putting a proposed topic on a session's programme is the organisers' planning."""
    return is_organiser(user)


# --- action teams and report-backs ----------------------------------------------------------------


def is_team_member(user: User, team: ActionTeam) -> bool:
    if not profile_permissions.is_member(user):
        return False
    return team.memberships.filter(member_id=user.pk).exists()


def is_team_coordinator(user: User, team: ActionTeam) -> bool:
    return profile_permissions.is_member(user) and team.coordinator_id == user.pk


def can_start_team(user: User, idea: Idea) -> bool:
    """A facilitator of the idea's board, or an organiser, turns it into a team at once."""
    return can_moderate(user, idea.board)


def can_request_team(user: User, idea: Idea) -> bool:
    """Any member may ask the board's facilitator for a team (guests have no account)."""
    return profile_permissions.is_member(user)


def can_decide_team_request(user: User, request: TeamRequest) -> bool:
    return can_moderate(user, request.idea.board)


def can_see_team_requests(user: User) -> bool:
    """The requests page: organisers, and members who facilitate a board."""
    if is_organiser(user):
        return True
    return profile_permissions.is_member(user) and user.facilitated_boards.exists()


def can_see_team_details(user: User, team: ActionTeam) -> bool:
    """Anyone sees a team's name, goal and topic; members see who, what, when, and watch it live."""
    return profile_permissions.is_member(user)


def can_join_team(user: User, team: ActionTeam) -> bool:
    return profile_permissions.is_member(user) and not is_team_member(user, team)


def can_change_team(user: User, team: ActionTeam) -> bool:
    """Edit the team and hand it over: its coordinator, or an organiser."""
    return is_team_coordinator(user, team) or is_organiser(user)


def can_work_in_team(user: User, team: ActionTeam) -> bool:
    """Add and change tasks, post updates: the team's members, and organisers."""
    return is_team_member(user, team) or is_organiser(user)


def can_write_report_back(user: User, team: ActionTeam) -> bool:
    return is_team_coordinator(user, team) or is_organiser(user)


def can_view_report_back(user: User, report: ReportBack) -> bool:
    """Members always; everyone once the summary of its session is published."""
    if profile_permissions.is_member(user):
        return True
    summary = getattr(report.session, "summary", None)
    return summary is not None and summary.is_published


def can_see_overdue_teams(user: User) -> bool:
    return is_organiser(user)


# --- the programme and registrations -----------------------------------------------------------------


def can_register(user: User, session: Session) -> bool:
    """Members answer yes, maybe or no until the session has ended."""
    return profile_permissions.is_member(user) and session.ends_at > timezone.now()


def can_see_registrations(user: User) -> bool:
    """The list of who comes, with email addresses: organisers only."""
    return is_organiser(user)
