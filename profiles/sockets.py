"""What the live sockets need from profiles: who a socket's person is now, not when it opened.

Called by realtime.consumers and the apps' sockets.py (through database_sync_to_async); no Channels here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import AnonymousUser


def current_user(scope: dict[str, Any]):
    """The scope's user, re-checked against the session store and the database: a logout elsewhere,
    a deactivation or a deleted account counts at once (AnonymousUser then)."""
    user = scope.get("user")
    if user is None or not user.is_authenticated:
        return AnonymousUser()
    session = scope.get("session")
    if session is None or session.session_key is None:
        return AnonymousUser()
    fresh = session.__class__(session_key=session.session_key)
    if str(fresh.get(SESSION_KEY)) != str(user.pk):
        return AnonymousUser()
    return get_user_model().objects.filter(pk=user.pk, is_active=True).first() or AnonymousUser()
