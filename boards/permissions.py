"""Who may do what with meetings and boards: one function per decision, used by views,
consumers and templates alike (tests/boards/test_permissions.py checks them as a matrix)."""

from __future__ import annotations

import hmac

from django.utils import timezone

from boards.identity import Participant
from boards.models import Board, Idea, Meeting
from profiles.roles import User, is_member, is_organiser


def can_create_meeting(user: User) -> bool:
    return is_organiser(user)


def can_edit_meeting(user: User) -> bool:
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
    """Members, and guests of this board's meeting (participant_for only finds those)."""
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


def is_meeting_facilitator(user: User, meeting: Meeting) -> bool:
    """A facilitator of the meeting itself or of any of its boards (a breakout's too)."""
    if not is_member(user):
        return False
    return (
        meeting.facilitators.filter(pk=user.pk).exists()
        or Board.facilitators.through.objects.filter(board__meeting=meeting, user_id=user.pk).exists()
    )


def can_close_meeting(user: User, meeting: Meeting) -> bool:
    """Close all of a meeting's boards at once (and draft its summary): organisers, and the meeting's
    own facilitators (who facilitate its plenary), not a breakout's alone: theirs is one board."""
    if is_organiser(user):
        return True
    return is_member(user) and meeting.facilitators.filter(pk=user.pk).exists()


# --- the programme and registrations -----------------------------------------------------------------


def can_register(user: User, meeting: Meeting) -> bool:
    """Members answer yes, maybe or no until the meeting has ended."""
    return is_member(user) and meeting.ends_at > timezone.now()


def can_see_registrations(user: User) -> bool:
    """The list of who comes, with email addresses: organisers only."""
    return is_organiser(user)
