"""A socket's text messages written as ready WebSocket frames to its connection under daphne (#29).

Under daphne every `send` of a consumer goes through Channels' session wrapper, daphne's
`handle_reply`, autobahn's `sendMessage`, `sendFrame` and `sendData`, and encodes the text and builds
the frame again for each socket: in a profile of the hub path (1000 sockets, 20 messages a
second) that was about 40 % of the process's time; Twisted's write, which buffers and writes on a
later turn of the loop (two `epoll` changes and a callback per write), about 30 % more. Here the
frame of a text is built once (the hub hands the same string to every socket of a topic), as
autobahn builds it (uncompressed, unmasked), and written to each socket at once while nothing of
its connection waits to be written, as an asyncio transport writes; what the socket does not take
goes to Twisted's buffer, and so does every frame after it until that buffer is empty again.

Nothing of daphne, Channels, autobahn or Twisted is patched: `wire_middleware` keeps daphne's
connection object (the protocol its `send` is bound to) in the scope, and `Wire.write` only writes
while autobahn would write the same bytes: the socket open, no frame half-sent, nothing queued, no
compression negotiated. Otherwise, and wherever the app is not served by daphne (Channels' test
communicator, another server), `write` says no and the consumer sends as before.
"""

from __future__ import annotations

import functools
import struct
from typing import Any

WIRE = "cmij.wire"


class Wire:
    """Writes ready frames to one daphne connection."""

    def __init__(self, protocol: Any) -> None:
        self.protocol = protocol

    def write(self, frame: bytes) -> bool:
        """Write `frame` if autobahn would send the same bytes now; False: send it the usual way."""
        protocol = self.protocol
        if (
            protocol.state != protocol.STATE_OPEN
            or protocol.send_state != protocol.SEND_STATE_GROUND
            or protocol.send_queue
            or protocol._perMessageCompress is not None
        ):
            return False
        transport = protocol.transport
        if idle(transport):
            # As an asyncio transport writes: to the socket at once, the rest (if any) buffered.
            written = transport.writeSomeData(frame)
            if not isinstance(written, int):  # the connection is lost: Twisted's write finds out
                written = 0
            frame = frame[written:]
        if frame:
            transport.write(frame)
        return True


def idle(transport: Any) -> bool:
    """Nothing of this TCP connection is waiting to be written and it is not closing: a frame may go
    to the socket now, before nothing. Read from Twisted's `FileDescriptor` (twisted/internet/
    abstract.py); a transport without these attributes (TLS, another reactor) is never idle here,
    and its frames go through its own `write`."""
    return (
        getattr(transport, "TLS", True) is False
        and getattr(transport, "connected", False)
        and not getattr(transport, "disconnecting", True)
        and not getattr(transport, "_writeDisconnected", True)
        and getattr(transport, "_tempDataLen", 1) == 0
        and len(getattr(transport, "dataBuffer", b"x")) == getattr(transport, "offset", -1)
        and hasattr(transport, "writeSomeData")
    )


@functools.lru_cache(maxsize=8)
def text_frame(text: str) -> bytes:
    """One unfragmented, unmasked text frame (RFC 6455, 5.2), as a server sends it. Cached: the hub
    hands each socket of a topic the same string, so a delivery to 1000 sockets encodes it once."""
    payload = text.encode()
    length = len(payload)
    if length <= 125:
        header = struct.pack("!BB", 0x81, length)
    elif length <= 0xFFFF:
        header = struct.pack("!BBH", 0x81, 126, length)
    else:
        header = struct.pack("!BBQ", 0x81, 127, length)
    return header + payload


def daphne_protocol(send: Any) -> Any | None:
    """The connection object daphne bound `send` to (`functools.partial(server.handle_reply,
    protocol)`, daphne/server.py), or None when `send` is anything else."""
    if not isinstance(send, functools.partial) or len(send.args) != 1 or send.keywords:
        return None
    handler = send.func
    owner = getattr(handler, "__self__", None)
    if getattr(handler, "__name__", "") != "handle_reply" or type(owner).__module__ != "daphne.server":
        return None
    return send.args[0]


def wire_middleware(app: Any) -> Any:
    """Puts a `Wire` for the connection in a WebSocket scope when daphne serves it."""

    async def middleware(scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket":
            protocol = daphne_protocol(send)
            if protocol is not None:
                scope = {**scope, WIRE: Wire(protocol)}
        return await app(scope, receive, send)

    return middleware
