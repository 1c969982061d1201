"""Who is on a board right now: a heartbeat with expiry, not connect/disconnect counting.

Each socket touches its entry on connect and on every acknowledgement the glue JS sends (every
few seconds); an entry not touched for `ttl` seconds no longer counts. So a phone that sleeps, or
all the sockets of a daphne process that died, drop out by themselves within the expiry.
With Redis the entries are a sorted set per board (score: expiry time) shared by every process;
on the embedded default they are a dict in the one process.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Awaitable, Callable

from django.conf import settings


def ttl() -> float:
    return float(settings.CMIJ_PRESENCE_TTL)


def _key(board_id: int) -> str:
    return f"cmij:presence:{board_id}"


class InProcessPresence:
    def __init__(self) -> None:
        self.boards: dict[int, dict[str, float]] = {}

    async def touch(self, board_id: int, connection: str) -> int:
        now = time.time()
        entries = self.boards.setdefault(board_id, {})
        entries[connection] = now + ttl()
        return self._count(board_id, now)

    async def leave(self, board_id: int, connection: str) -> int:
        self.boards.get(board_id, {}).pop(connection, None)
        return self._count(board_id, time.time())

    async def count(self, board_id: int) -> int:
        return self._count(board_id, time.time())

    def _count(self, board_id: int, now: float) -> int:
        entries = self.boards.get(board_id, {})
        for connection in [c for c, expires in entries.items() if expires <= now]:
            del entries[connection]
        return len(entries)


class RedisPresence:
    def __init__(self, url: str) -> None:
        import redis.asyncio as aioredis

        # A blocking pool: a room leaving at once waits for a connection instead of failing (the
        # default pool raises at 100 connections in use).
        self.client = aioredis.Redis(
            connection_pool=aioredis.BlockingConnectionPool.from_url(url, max_connections=50, timeout=20)
        )

    async def touch(self, board_id: int, connection: str) -> int:
        now = time.time()
        key = _key(board_id)
        async with self.client.pipeline(transaction=False) as pipe:
            pipe.zadd(key, {connection: now + ttl()})
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.expire(key, int(ttl() * 4) + 1)
            pipe.zcard(key)
            results = await pipe.execute()
        return int(results[-1])

    async def leave(self, board_id: int, connection: str) -> int:
        await self.client.zrem(_key(board_id), connection)
        return await self.count(board_id)

    async def count(self, board_id: int) -> int:
        return int(await self.client.zcount(_key(board_id), time.time(), "+inf"))


_presences: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_inprocess = InProcessPresence()


def get_presence() -> InProcessPresence | RedisPresence:
    """The presence store: Redis when the hub uses Redis (shared by processes), else this process."""
    if settings.CMIJ_HUB_BACKEND != "redis":
        return _inprocess
    loop = asyncio.get_running_loop()
    presence = _presences.get(loop)
    if presence is None:
        presence = _presences[loop] = RedisPresence(settings.REDIS_URL)
    return presence


# --- publishing the count: coalesced --------------------------------------------------------------

#: At most one count per board per this many seconds from one process. A room of 1000 phones joining
#: would otherwise publish 1000 counts, each to every socket: a million writes (O(n²)) that held the
#: event loop for seconds (benchmarks/results: the connect storm before and after).
COALESCE_SECONDS = 0.5


class CountPublisher:
    """Per event loop: a changed count goes out at once if none went out for this board in the last
    COALESCE_SECONDS, else once at the end of that window with the latest count. Counts are hints
    (no seq): a coalesced one loses nothing, the next is the truth."""

    def __init__(self) -> None:
        self.published: dict[int, int] = {}
        self.latest: dict[int, int] = {}
        self.last_at: dict[int, float] = {}
        self.pending: dict[int, asyncio.Task] = {}

    async def changed(
        self, board_id: int, count: int, publish: Callable[[int, int], Awaitable[None]]
    ) -> None:
        self.latest[board_id] = count
        if board_id in self.pending or self.published.get(board_id) == count:
            return
        wait = self.last_at.get(board_id, -COALESCE_SECONDS) + COALESCE_SECONDS - time.monotonic()
        if wait <= 0:
            await self._publish(board_id, publish)
        else:
            self.pending[board_id] = asyncio.create_task(self._later(board_id, wait, publish))

    async def _later(
        self, board_id: int, wait: float, publish: Callable[[int, int], Awaitable[None]]
    ) -> None:
        try:
            await asyncio.sleep(wait)
        finally:
            self.pending.pop(board_id, None)
        if self.published.get(board_id) != self.latest.get(board_id):
            await self._publish(board_id, publish)

    async def _publish(self, board_id: int, publish: Callable[[int, int], Awaitable[None]]) -> None:
        count = self.latest[board_id]
        self.published[board_id] = count
        self.last_at[board_id] = time.monotonic()
        await publish(board_id, count)


_count_publishers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CountPublisher] = (
    weakref.WeakKeyDictionary()
)


def count_publisher() -> CountPublisher:
    loop = asyncio.get_running_loop()
    publisher = _count_publishers.get(loop)
    if publisher is None:
        publisher = _count_publishers[loop] = CountPublisher()
    return publisher
