"""A session's programme and who comes: registrations (ja / misschien / nee) with a cap and a
waiting list, and the list organisers export.

A "yes" takes a place while there is one and waits in line when the session is full; when someone
with a place says "maybe" or "no", the first in line gets it and is told. The session row is locked
while places are counted, so two last-minute yeses never both get the last place.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from boards import permissions, teams, topics
from boards.exports import safe_cell
from boards.models import Board, Registration, ReportBack, Session, TopicProposal
from callouts import services as callout_services
from callouts.models import Notification

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
    """What a session page shows, in the evening's order: walk-in, plenary, the breakouts with their
    boards, the action teams' report-backs, the topics put on the agenda, drinks."""

    plenary: Board | None
    breakouts: list[Board]
    report_backs: list[ReportBack]
    topics: list[TopicProposal]


def programme_of(session: Session) -> Programme:
    boards = list(session.boards.all())
    return Programme(
        plenary=next((board for board in boards if board.kind == Board.Kind.PLENARY), None),
        breakouts=[board for board in boards if board.kind == Board.Kind.BREAKOUT],
        report_backs=teams.report_backs_for_session(session),
        topics=list(topics.topics_on_programme(session).select_related("topic")),
    )


def attendance(session: Session) -> Attendance:
    """The counts in one query: yes (with a place), maybe, no, and yes-but-waiting."""
    counts = Registration.objects.filter(session=session).aggregate(
        yes=Count("pk", filter=Q(answer=Answer.YES, waiting=False)),
        maybe=Count("pk", filter=Q(answer=Answer.MAYBE)),
        no=Count("pk", filter=Q(answer=Answer.NO)),
        waiting=Count("pk", filter=Q(answer=Answer.YES, waiting=True)),
    )
    return Attendance(capacity=session.capacity, **counts)


def registration_of(session: Session, member: AbstractUser) -> Registration | None:
    if not member.is_authenticated:
        return None
    return Registration.objects.filter(session=session, member=member).first()


def registrations(session: Session) -> QuerySet[Registration]:
    """Everyone who answered, places first, then the waiting list in order, then maybe and no."""
    return (
        Registration.objects.filter(session=session)
        .select_related("member__profile")
        .order_by("answer", "waiting", "created_at", "id")
    )


@transaction.atomic
def registration_set(*, session: Session, member: AbstractUser, answer: str) -> Registration:
    if answer not in Answer.values:
        raise ValidationError(_("Choose yes, maybe or no."), code="answer")
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not permissions.can_register(member, session):
        raise PermissionDenied
    registration = Registration.objects.filter(session=session, member=member).first()
    had_place = registration is not None and registration.answer == Answer.YES and not registration.waiting
    if registration is None:
        registration = Registration(session=session, member=member)
    if answer == Answer.YES and not had_place:
        registration.waiting = attendance(session).full
    elif answer != Answer.YES:
        registration.waiting = False
    registration.answer = answer
    registration.full_clean()
    registration.save()
    if had_place and answer != Answer.YES:
        _first_in_line_moves_up(session)
    return registration


def _first_in_line_moves_up(session: Session) -> None:
    if attendance(session).full:
        return
    first = (
        Registration.objects.filter(session=session, answer=Answer.YES, waiting=True)
        .order_by("created_at", "id")
        .first()
    )
    if first is None:
        return
    first.waiting = False
    first.save(update_fields=["waiting", "updated_at"])
    callout_services.notify(
        recipients=get_user_model().objects.filter(pk=first.member_id).values("pk"),
        kind=Notification.Kind.PLACE_FREE,
        actor=None,
        url=session.get_absolute_url(),
        subject=session.title,
    )


def registrations_csv(session: Session) -> str:
    """The list for the door: name, email, answer, waiting, when; safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("name"), _("email"), _("answer"), _("waiting list"), _("answered at")])
    for registration in registrations(session):
        member = registration.member
        profile = getattr(member, "profile", None)
        writer.writerow(
            [
                safe_cell(profile.display_name if profile else ""),
                safe_cell(member.email),
                safe_cell(registration.get_answer_display()),
                _("yes") if registration.waiting else "",
                registration.created_at.isoformat(timespec="minutes"),
            ]
        )
    return out.getvalue()
