"""Who may do what with sessions and boards: one function per decision, used by views,
consumers and templates alike (tests/boards/test_permissions.py checks them as a matrix)."""

from __future__ import annotations

import hmac

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from boards.identity import Participant
from boards.models import Board, Idea

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


# --- action teams and report-backs ----------------------------------------------------------------


# --- the programme and registrations -----------------------------------------------------------------
