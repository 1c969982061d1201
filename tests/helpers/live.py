"""Sockets of a served app (daphne in a subprocess), read with the websockets library as a phone's
browser would, and how to know without a fixed wait that a socket is ready or that nothing more is
coming to it:

- an answer: the server handles one socket's messages in order, after its connect (the hub
  registration included), so the answer to a message sent now comes after everything it sent that
  socket before (`answered`);
- a sentinel: a marker published on a topic through Redis after a push on that topic reaches every
  socket of the topic after the push (Redis and the hub keep one topic's order), so what came before
  it is all there is (`publish_sentinel`, then `read_until` it).

For in-process sockets (channels' WebsocketCommunicator), tests.helpers.sockets does the same."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from collections.abc import Callable

import redis

# A site socket answers a ping with a pong; a board socket has no ping and answers with an error
# fragment: either way an answer, after everything before it.
PING = json.dumps({"action": "ping"})
ANSWER = re.compile(r'^<div id="live-(?:pong|error)"')


async def read_until(socket, done: Callable[[str], object], within: float = 10.0) -> list[str]:
    """Read `socket` until a message for which `done(message)` holds; the messages before it."""
    got: list[str] = []

    async def read() -> list[str]:
        while True:
            message = await socket.recv()
            if done(message):
                return got
            got.append(message)

    try:
        return await asyncio.wait_for(read(), within)
    except TimeoutError:
        raise AssertionError(f"waited {within:g} s in vain for the awaited message; got {got[-3:]}") from None


async def answered(socket, within: float = 10.0) -> list[str]:
    """Ping `socket` and read until the server's answer; what came before it. Once this returns, the
    server has handled the socket's connect and everything sent before, and the socket has read
    all that the server sent it before the ping."""
    await socket.send(PING)
    return await read_until(socket, ANSWER.match, within)


def publish_sentinel(redis_url: str, topic: str) -> str:
    """Publish a marker on `topic` through Redis now; its token, to read until."""
    token = secrets.token_hex(8)
    client = redis.Redis.from_url(redis_url)
    try:
        client.publish(topic, f'<div id="test-sentinel" data-sentinel="{token}" hidden></div>')
    finally:
        client.close()
    return token
