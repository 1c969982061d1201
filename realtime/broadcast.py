"""The one door to the wire: everything pushed goes through here, always after commit.

Services call `broadcast_on_commit`; consumers (presence, the timer) call `apublish`. Pushes are
hints: the database is the truth, and a socket that missed one resumes from it.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction

from realtime.hub import get_hub, publish_from_sync


def broadcast_on_commit(topic: str, text: str, *, using: str | None = None) -> None:
    """Publish a ready fragment once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(publish_from_sync, topic, text), using=using)


async def apublish(topic: str, text: str) -> None:
    """Publish from async code that has nothing to commit (presence, timer ticks)."""
    await get_hub().publish(topic, text)
