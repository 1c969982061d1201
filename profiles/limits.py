"""How often a member may do a thing (cmij/limits.py has the counting and the figures' settings).
Applied where a person comes in, the views; the services stay what the demo, commands and the admin
call. Organisers have no limits: they are trusted with the platform's content."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from cmij.limits import limit_check, limit_take
from profiles.roles import User, is_organiser


@contextmanager
def member_limited(user: User, action: str) -> Iterator[None]:
    """Do one `action` of this member within its limit: refused at once if the limit is reached
    (LimitReached, a ValidationError saying when to try again), and counted only once what is done
    inside succeeded; if the count is refused then (another request of the same member came first),
    what was done inside is rolled back. An attempt that fails for another reason is not counted."""
    if is_organiser(user):
        yield
        return
    who = f"user:{user.pk}"
    limit_check(action, who)
    with transaction.atomic():
        yield
        limit_take(action, who)
