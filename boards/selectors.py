"""Reads about sessions and boards worth naming."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from boards.models import Board, Session


def upcoming_sessions() -> QuerySet[Session]:
    return (
        Session.objects.filter(ends_at__gte=timezone.now())
        .select_related("municipality")
        .order_by("starts_at")
    )


def past_sessions() -> QuerySet[Session]:
    return (
        Session.objects.filter(ends_at__lt=timezone.now())
        .select_related("municipality")
        .order_by("-starts_at")
    )


def session_for_code(code: str) -> Session | None:
    from boards.services import normalise_join_code

    normalised = normalise_join_code(code)
    if not normalised:
        return None
    return Session.objects.filter(join_code=normalised, join_open=True).first()


def plenary_board(session: Session) -> Board:
    board = session.boards.filter(kind=Board.Kind.PLENARY).first()
    return board or session.boards.order_by("position").first()


def breakouts_beside(board: Board) -> list[Board]:
    """The breakout boards of a plenary board's session, for the report-back side by side."""
    if board.kind != Board.Kind.PLENARY:
        return []
    return list(board.session.boards.filter(kind=Board.Kind.BREAKOUT).order_by("position"))
