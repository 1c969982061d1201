"""How many messages one person sent over all their sockets in the current window: the live sockets'
per-person limit (`realtime.consumers.LiveConsumer.person_allows`).

Counted on the event loop. Django's cache has no async of its own: each of its async calls is a hop
to the process's one thread for sync work, where every post waits its turn, and counting a message
took three (add, get, set). Under a busy room every message, an ack as much as a post, waited behind
the posts three times before it was even read (docs/benchmarks.md, "What the benchmarks found").
With Redis the count is shared by every process (INCR and EXPIRE in one round trip); on the embedded
default it is kept in the one process.
"""

from __future__ import annotations

import asyncio
import weakref

from django.conf import settings


class InProcessCounts:
    """This process's counts, of the current window only (the previous ones are dropped)."""

    def __init__(self) -> None:
        self.window: int | None = None
        self.counts: dict[str, int] = {}

    async def add(self, key: str, window: int, seconds: int) -> int:
        """Count one more for `key` in `window`; the count so far in it."""
        if window != self.window:
            self.window, self.counts = window, {}
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key]


class RedisCounts:
    def __init__(self, url: str) -> None:
        import redis.asyncio as aioredis

        # A blocking pool, as presence's: a burst of messages waits for a connection instead of failing.
        self.client = aioredis.Redis(
            connection_pool=aioredis.BlockingConnectionPool.from_url(url, max_connections=50, timeout=20)
        )

    async def add(self, key: str, window: int, seconds: int) -> int:
        name = f"{key}:{window}"
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, seconds * 2)
            count, _expires = await pipe.execute()
        return int(count)


_counts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_inprocess = InProcessCounts()


def get_counts() -> InProcessCounts | RedisCounts:
    """Where the counts are kept: Redis when the hub uses Redis (shared by processes), else here."""
    if settings.CMIJ_HUB_BACKEND != "redis":
        return _inprocess
    loop = asyncio.get_running_loop()
    counts = _counts.get(loop)
    if counts is None:
        counts = _counts[loop] = RedisCounts(settings.REDIS_URL)
    return counts
