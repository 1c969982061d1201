"""Slow work for the agenda, run by the task worker (django-tasks, db_worker)."""

from __future__ import annotations

from django_tasks import task

from agenda import sources
from agenda.models import Source


@task()
def source_fetch_task(*, source_id: int) -> str:
    """Fetch one partner calendar (an organiser added it or pressed "fetch now"); returns its result,
    or "gone" when it was deleted in the meantime."""
    try:
        return sources.source_fetch(source_id).result
    except Source.DoesNotExist:
        return "gone"
