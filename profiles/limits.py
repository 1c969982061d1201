"""How often a member may do a thing (cmij/limits.py has the counting and the figures' settings).
Applied where a person comes in, the views; the services stay what the demo, commands and the admin
call. Organisers have no limits: they are trusted with the platform's content."""

from __future__ import annotations

from cmij.limits import limit_take
from profiles.roles import User, is_organiser


def member_limit_take(user: User, action: str) -> None:
    """Count one `action` by this member, or raise LimitReached (a ValidationError saying when to
    try again)."""
    if is_organiser(user):
        return
    limit_take(action, f"user:{user.pk}")
