"""Reads about meetings and boards worth naming."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from boards.identity import Participant
from boards.models import Board, Idea, Meeting, Registration, Vote


def upcoming_meetings() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(ends_at__gte=timezone.now())
        .select_related("municipality")
        .order_by("starts_at")
    )


def past_meetings() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(ends_at__lt=timezone.now())
        .select_related("municipality")
        .order_by("-starts_at")
    )


def normalise_join_code(code: str) -> str:
    """What people type: lower case, spaces or dashes between groups."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def meeting_for_code(code: str) -> Meeting | None:
    normalised = normalise_join_code(code)
    if not normalised:
        return None
    return Meeting.objects.filter(join_code=normalised, join_open=True).first()


def plenary_board(meeting: Meeting) -> Board:
    board = meeting.boards.filter(kind=Board.Kind.PLENARY).first()
    return board or meeting.boards.order_by("position").first()


def breakouts_beside(board: Board) -> list[Board]:
    """The breakout boards of a plenary board's meeting, for the report-back side by side."""
    if board.kind != Board.Kind.PLENARY:
        return []
    return list(board.meeting.boards.filter(kind=Board.Kind.BREAKOUT).order_by("position"))


def votes_left(*, board: Board, participant: Participant) -> int:
    """A participant's dots still to give on a board."""
    used = Vote.objects.filter(board=board, **participant.voter_fields()).count()
    return max(0, board.votes_per_participant - used)


# --- the programme and registrations --------------------------------------------------------------


Answer = Registration.Answer


@dataclass(frozen=True)
class Attendance:
    yes: int
    maybe: int
    no: int
    waiting: int
    capacity: int | None

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.yes, 0)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.yes >= self.capacity


@dataclass(frozen=True)
class Programme:
    """What a meeting page shows, in the evening's order: walk-in, plenary, the breakouts with their
    boards, then what the apps above add (the topics put on the agenda, the action teams'
    report-backs: boards/registry.py), drinks."""

    plenary: Board | None
    breakouts: list[Board]


def programme_of(meeting: Meeting) -> Programme:
    boards = list(meeting.boards.all())
    return Programme(
        plenary=next((board for board in boards if board.kind == Board.Kind.PLENARY), None),
        breakouts=[board for board in boards if board.kind == Board.Kind.BREAKOUT],
    )


def attendance(meeting: Meeting) -> Attendance:
    """The counts in one query: yes (with a place), maybe, no, and yes-but-waiting."""
    counts = Registration.objects.filter(meeting=meeting).aggregate(
        yes=Count("pk", filter=Q(answer=Answer.YES, waiting=False)),
        maybe=Count("pk", filter=Q(answer=Answer.MAYBE)),
        no=Count("pk", filter=Q(answer=Answer.NO)),
        waiting=Count("pk", filter=Q(answer=Answer.YES, waiting=True)),
    )
    return Attendance(capacity=meeting.capacity, **counts)


def registration_of(meeting: Meeting, member: AbstractUser) -> Registration | None:
    if not member.is_authenticated:
        return None
    return Registration.objects.filter(meeting=meeting, member=member).first()


def registrations(meeting: Meeting) -> QuerySet[Registration]:
    """Everyone who answered, places first, then the waiting list in order, then maybe and no."""
    return (
        Registration.objects.filter(meeting=meeting)
        .select_related("member__profile")
        .order_by("answer", "waiting", "created_at", "id")
    )


# --- what profiles show of a member's meetings (boards/apps.py adds these to profiles/registry.py) -----


def meetings_taken_part_in(user: AbstractBaseUser) -> QuerySet[Meeting]:
    """Meetings where the member added an idea, voted or facilitated."""
    return (
        Meeting.objects.filter(
            Q(boards__ideas__author_user=user)
            | Q(boards__votes__voter_user=user)
            | Q(boards__facilitators=user)
        )
        .distinct()
        .order_by("-starts_at")
    )


def member_data(user: AbstractBaseUser) -> dict[str, Any]:
    """A member's ideas and votes, for "download your data"."""
    return {
        "ideas": [
            {"board": idea.board.title, "text": idea.text, "created_at": idea.created_at.isoformat()}
            for idea in Idea.objects.filter(author_user=user).select_related("board")
        ],
        "votes": Vote.objects.filter(voter_user=user).count(),
    }
