"""Reads about meetings and boards worth naming."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from boards.identity import Participant
from boards.models import Board, Guest, Idea, Meeting, Registration, Vote


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


def meeting_live() -> Meeting | None:
    """The meeting going on now (the one that started last, should two overlap)."""
    now = timezone.now()
    return (
        Meeting.objects.filter(starts_at__lte=now, ends_at__gt=now)
        .select_related("municipality")
        .order_by("-starts_at", "-pk")
        .first()
    )


def registrations_coming(member: AbstractBaseUser) -> QuerySet[Registration]:
    """A member's yes and maybe for meetings still to come or going on, soonest first."""
    return (
        Registration.objects.filter(member=member, meeting__ends_at__gt=timezone.now())
        .exclude(answer=Registration.Answer.NO)
        .select_related("meeting__municipality")
        .order_by("meeting__starts_at", "pk")
    )


def normalise_join_code(code: str) -> str:
    """What people type: lower case, spaces or dashes between groups."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def meeting_for_code(code: str) -> Meeting | None:
    normalised = normalise_join_code(code)
    if not normalised:
        return None
    return Meeting.objects.filter(join_code=normalised, join_open=True).first()


def meeting_closed_for_code(code: str) -> Meeting | None:
    """The meeting whose code this is when joining it is closed: a correct code is told "joining is
    closed", not "invalid code"."""
    normalised = normalise_join_code(code)
    if not normalised:
        return None
    return Meeting.objects.filter(join_code=normalised, join_open=False).first()


def plenary_board(meeting: Meeting) -> Board:
    board = meeting.boards.filter(kind=Board.Kind.PLENARY).first()
    return board or meeting.boards.order_by("position").first()


def open_boards(meeting: Meeting) -> QuerySet[Board]:
    """The meeting's boards not closed yet, plenary first: what stands between it and its summary."""
    return meeting.boards.exclude(phase=Board.Phase.CLOSED).order_by("position", "pk")


def guests_of(meeting: Meeting) -> QuerySet[Guest]:
    """The meeting's guests still taking part (not removed), by name: the facilitators' guest list."""
    return meeting.guests.filter(kicked=False).order_by("display_name", "pk")


def breakouts_beside(board: Board) -> list[Board]:
    """The breakout boards of a plenary board's meeting, for the report-back side by side."""
    if board.kind != Board.Kind.PLENARY:
        return []
    return list(board.meeting.boards.filter(kind=Board.Kind.BREAKOUT).order_by("position"))


def votes_left(*, board: Board, participant: Participant) -> int:
    """A participant's dots still to give on a board."""
    return votes_left_of(board, used=Vote.objects.filter(board=board, **participant.voter_fields()).count())


def votes_left_of(board: Board, *, used: int) -> int:
    """The dots still to give, for someone who gave `used` (already counted)."""
    return max(0, board.votes_per_participant - used)


# --- the order of a column's ideas -----------------------------------------------------------------
#
# One rule, here and in static/js/cmij.js (reorder), which orders by the cards' ids and data
# attributes: pinned ideas first; then, while the board collects, the newest first (where the room
# looks); in vote, discuss and closed, the most votes first, ties the older first (an idea does not
# overtake one with as many votes by arriving later). Within the pinned ones the same rule holds.
# "Newer" is the later id: the order in which the database took the ideas in, which the card's id
# carries, so a card needs no key of its own (#29: the board page's bytes).


def display_key(idea: Idea, board: Board | None = None, order: str | None = None) -> tuple:
    """The sort key of an idea in its column on `board` (or in an order named by `order`:
    "newest", "votes", "oldest", as a container's data-order says)."""
    order = order or (board or idea.board).idea_order
    pinned = 0 if idea.pinned else 1
    if order == "newest":
        return (pinned, -idea.pk)
    if order == "votes":
        return (pinned, -idea.vote_count, idea.pk)
    return (pinned, idea.pk)


def in_display_order(ideas, board: Board | None = None, order: str | None = None) -> list[Idea]:
    return sorted(ideas, key=lambda idea: display_key(idea, board, order))


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
