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
from dataclasses import dataclass, field

import redis
import websockets

from tests.helpers.waiting import until

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


# --- sockets read in the background (the abuse drills' matrices) -----------------------------------

#: The sockets speak Dutch (django_language=nl): the error every unknown action gets.
UNKNOWN_ACTION = "Deze actie is hier niet beschikbaar."


@dataclass
class Socket:
    """A live socket and everything it received, read in the background."""

    name: str
    ws: websockets.ClientConnection
    received: list[str] = field(default_factory=list)
    close_code: int | None = None
    task: asyncio.Task | None = None

    async def read(self) -> None:
        try:
            async for message in self.ws:
                self.received.append(message if isinstance(message, str) else message.decode())
        except websockets.ConnectionClosed:
            pass
        self.close_code = self.ws.close_code

    def text(self) -> str:
        return "\n".join(self.received)

    async def send(self, **message) -> None:
        try:
            await self.ws.send(json.dumps(message))
        except websockets.ConnectionClosed:
            pass  # closed by the server: what a refused socket is for

    async def ready(self) -> None:
        """Wait until the server has handled everything sent before (connect() included, so the
        subscriptions are made: the hub returns once Redis confirms one) and this socket has read
        everything the server sent it before: messages are handled in order, so the error for an
        unknown action marks the moment. Its own answer, not any message: a push caused by another
        socket may arrive first, while this socket's last message still waits its turn. A socket
        the server closed is ready as it is."""
        marker = len(self.received)
        if self.close_code is not None:
            return
        await self.send(action="sync")
        await until(
            lambda: (
                any(UNKNOWN_ACTION in message for message in self.received[marker:])
                or self.close_code is not None
            ),
            15,
            f"{self.name}: an answer",
        )


async def connect(base: str, path: str, name: str, session_key: str | None = None) -> Socket:
    cookies = "django_language=nl" + (f"; sessionid={session_key}" if session_key else "")
    ws = await websockets.connect(
        base.replace("http://", "ws://") + path,
        origin=websockets.Origin(base),
        additional_headers={"Cookie": cookies},
        open_timeout=10,
        max_size=None,
    )
    socket = Socket(name, ws)
    socket.task = asyncio.create_task(socket.read())
    return socket


async def ready(sockets) -> None:
    await asyncio.gather(*(socket.ready() for socket in sockets))


async def close_all(sockets) -> None:
    for socket in sockets:
        await socket.ws.close()
        await socket.task
