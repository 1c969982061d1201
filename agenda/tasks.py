"""Slow work for the agenda, run by the task worker (django-tasks, db_worker)."""

from __future__ import annotations

from django_tasks import task

from agenda import sources


@task()
def source_fetch_task(*, source_id: int) -> str:
    """Fetch one partner calendar (an organiser added it or pressed "fetch now"); returns its result."""
    return sources.source_fetch(source_id).result
