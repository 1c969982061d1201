"""Who may do what with notifications: one function. A member's notifications and their settings are
theirs alone (every read and write is filtered by the member). This app imports no other, so it asks
the account itself what profiles.roles.is_member asks from above: logged in and active."""

from __future__ import annotations

from typing import Any


def has_notifications(user: Any) -> bool:
    """A logged-in, active account: it has a bell, a notifications page and email settings."""
    return bool(user is not None and user.is_authenticated and user.is_active)
