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

        self.client = aioredis.Redis.from_url(url)

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
