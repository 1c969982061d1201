"""Round trips through the database, the channel layer and the hub, for /healthz."""

from __future__ import annotations

import asyncio
import secrets

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection

from realtime import names
from realtime.hub import get_hub

TIMEOUT = 2.0


def _database_round_trip() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("unexpected answer")


async def database() -> None:
    await sync_to_async(_database_round_trip, thread_sensitive=True)()


async def channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel()
    token = secrets.token_hex(8)
    await layer.send(channel, {"type": "health.ping", "token": token})
    message = await layer.receive(channel)
    if message.get("token") != token:
        raise RuntimeError("the channel layer returned another message")


class _Probe:
    """Stands in for a socket: registered with the hub like one, it records what arrives."""

    def __init__(self) -> None:
        self.received: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def send(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not self.received.done():
            self.received.set_result(text_data or "")


async def hub() -> None:
    the_hub = get_hub()
    token = secrets.token_hex(8)
    topic = names.health(token)
    probe = _Probe()
    await the_hub.register(topic, probe)
    try:
        await the_hub.publish(topic, token)
        if await probe.received != token:
            raise RuntimeError("the hub delivered another message")
    finally:
        await the_hub.unregister(topic, probe)


CHECKS = {"database": database, "channel_layer": channel_layer, "hub": hub}


async def run_checks() -> dict[str, str]:
    """Each check's outcome: "ok", or the error's type and message."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            await asyncio.wait_for(check(), TIMEOUT)
        except Exception as error:  # noqa: BLE001 (health reports every failure)
            results[name] = f"{type(error).__name__}: {error}"[:200] or type(error).__name__
        else:
            results[name] = "ok"
    return results
