"""Slow or later work for meetings, run by the task worker (django-tasks, db_worker)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from boards.models import Guest, Meeting
from profiles import registry as profiles_registry


def guests_removal_time(meeting: Meeting):
    return meeting.ends_at + timedelta(days=settings.CMIJ_GUEST_RETENTION_DAYS)


def schedule_guest_removal(meeting: Meeting) -> None:
    """After commit, schedule the removal of this meeting's guests (a set time after it ends)."""
    transaction.on_commit(
        partial(guests_remove.using(run_after=guests_removal_time(meeting)).enqueue, meeting_id=meeting.pk)
    )


@task()
def guests_remove(*, meeting_id: int) -> int:
    """Remove a meeting's guests: what each app holds about them goes or loses its link, as it said
    (profiles/registry.py's `personal_data`: their ideas stay on the boards without a name, their votes
    stay counted); returns how many.

    If the meeting was moved to a later date meanwhile, the removal is scheduled again for then.
    """
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    if guests_removal_time(meeting) > timezone.now():
        schedule_guest_removal(meeting)
        return 0
    with transaction.atomic():
        guests = Guest.objects.filter(meeting=meeting)
        for held in profiles_registry.personal_data:
            if held.expiring is not None:
                held.expiring(guests=guests)
        removed, _ = guests.delete()
    return removed
