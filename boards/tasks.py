"""Slow or later work for sessions, run by the task worker (django-tasks, db_worker)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from boards.models import Guest, Idea, Session, Vote


def guests_removal_time(session: Session):
    return session.ends_at + timedelta(days=settings.CMIJ_GUEST_RETENTION_DAYS)


def schedule_guest_removal(session: Session) -> None:
    """After commit, schedule the removal of this session's guests (a set time after it ends)."""
    transaction.on_commit(
        partial(guests_remove.using(run_after=guests_removal_time(session)).enqueue, session_id=session.pk)
    )


@task()
def guests_remove(*, session_id: int) -> int:
    """Remove a session's guests: their ideas stay on the boards without a name; returns how many.

    If the session was moved to a later date meanwhile, the removal is scheduled again for then.
    """
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        return 0
    if guests_removal_time(session) > timezone.now():
        schedule_guest_removal(session)
        return 0
    with transaction.atomic():
        guests = Guest.objects.filter(session=session)
        Idea.objects.filter(author_guest__in=guests).update(author_guest=None, author_name="")
        Vote.objects.filter(voter_guest__in=guests).update(voter_guest=None)
        removed, _ = guests.delete()
    return removed
