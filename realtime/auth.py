"""Who a socket's person is: Channels' cookie and session middleware, and the person read by the
consumer itself, on a worker thread, together with what else it reads before it lets the socket in
(`read_person`, called from each consumer's `authorise`). Never on the process's one thread for sync
work, where every post and sync view queues: a phone connecting while the room posts need not wait
behind the posts to be let in (#29). And in one worker call with the board's access check, not two:
each call waits for the event loop to come round once more, and under a busy room that is what a
connect is mostly made of (docs/benchmarks.md)."""

from __future__ import annotations

from typing import Any

from channels.auth import AuthMiddleware, get_user
from channels.sessions import CookieMiddleware, SessionMiddleware


class PersonMiddleware(AuthMiddleware):
    """channels' AuthMiddleware, leaving the scope's person unread (channels' UserLazyObject) for the
    consumer's `authorise` to read with `read_person`."""

    async def resolve_scope(self, scope: dict[str, Any]) -> None:
        return None


def read_person(scope: dict[str, Any]) -> None:
    """Read the scope's person from its session into scope["user"]: database work, so on a worker
    thread (realtime.threads.off_the_sync_thread)."""
    # channels.auth.get_user is wrapped for the one sync thread; `.func` is the function itself.
    scope["user"]._wrapped = get_user.func(scope)


def person_middleware_stack(inner: Any) -> Any:
    """channels.auth.AuthMiddlewareStack with PersonMiddleware."""
    return CookieMiddleware(SessionMiddleware(PersonMiddleware(inner)))
