"""Who a socket's person is: Channels' session and auth middleware, with the person read on a worker
thread instead of the process's one thread for sync work, where every post and sync view queues.
A phone connecting while the room posts need not wait behind the posts to be let in (#29)."""

from __future__ import annotations

from typing import Any

from channels.auth import AuthMiddleware, get_user
from channels.sessions import CookieMiddleware, SessionMiddleware

from realtime.threads import off_the_sync_thread

# channels.auth.get_user is already wrapped for the one sync thread; `.func` is the function itself.
_get_user_off_the_sync_thread = off_the_sync_thread(get_user.func)


class PersonMiddleware(AuthMiddleware):
    async def resolve_scope(self, scope: dict[str, Any]) -> None:
        scope["user"]._wrapped = await _get_user_off_the_sync_thread(scope)


def person_middleware_stack(inner: Any) -> Any:
    """channels.auth.AuthMiddlewareStack with PersonMiddleware."""
    return CookieMiddleware(SessionMiddleware(PersonMiddleware(inner)))
