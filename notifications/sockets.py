"""What the live socket needs from notifications: the unread count, sent on every (re)connect.

Called by realtime.consumers (through database_sync_to_async); no Channels here."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from notifications import selectors


def unread_count(user: AbstractBaseUser) -> int:
    return selectors.unread_count(user)
