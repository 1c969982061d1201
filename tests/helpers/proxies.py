"""A loopback proxy a browser test controls, in front of a served app: it passes HTTP and WebSocket
traffic through, and ends the WebSockets it carries as the network between a phone and the server
would. `close_sockets(1000)` or `close_sockets(1001)` sends the browser a close frame with that code
(what a proxy does on a reload, or a server going away: daphne itself can only send 1000 and
3000-4999), `cut()` drops their TCP connections (the browser sees 1006), and while `held` new
connections are refused (the phone stays away until `release()`).

It runs its own event loop in a thread, since Playwright's sync API keeps one in the test's thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

HEAD_END = b"\r\n\r\n"
REPLY_WAIT = 2.0  # seconds a closed WebSocket's browser has to answer the close frame


@dataclass(eq=False)  # kept in a set, by identity
class Carried:
    """One connection the proxy carries: browser side, server side, and whether it is a WebSocket."""

    client: asyncio.StreamWriter
    server: asyncio.StreamWriter
    websocket: bool
    closing: bool = False
    frames: asyncio.Lock = field(default_factory=asyncio.Lock)  # whole frames only, then the close
    answered: asyncio.Event = field(default_factory=asyncio.Event)


class Proxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.held = False
        self.carried: set[Carried] = set()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="proxy", daemon=True)
        self.server: asyncio.base_events.Server | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- what the test calls, from its own thread ---------------------------------------------------

    def start(self) -> str:
        self.thread.start()
        self._run(self._start())
        return self.url

    def stop(self) -> None:
        self._run(self._stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    def hold(self) -> None:
        """Refuse new connections (each is dropped at once) until `release()`."""
        self.held = True

    def release(self) -> None:
        self.held = False

    def close_sockets(self, code: int) -> int:
        """Send every WebSocket's browser a close frame with `code`, and end its connection to the
        server. Returns how many were closed."""
        return self._run(self._close_sockets(code))

    def cut(self) -> int:
        """Drop every WebSocket's TCP connection, both sides, without a close frame."""
        return self._run(self._cut())

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)

    # --- in the proxy's loop ------------------------------------------------------------------------

    async def _start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        await self._cut()
        for carried in list(self.carried):
            carried.client.transport.abort()
            carried.server.transport.abort()
        self.server.close()

    async def _close_sockets(self, code: int) -> int:
        closing = [carried for carried in self.carried if carried.websocket and not carried.closing]
        for carried in closing:
            async with carried.frames:  # after the frame being passed on, none more
                carried.closing = True
                carried.client.write(bytes([0x88, 2]) + code.to_bytes(2, "big"))
                carried.server.transport.abort()
        for carried in closing:
            try:
                await asyncio.wait_for(carried.answered.wait(), REPLY_WAIT)
            except TimeoutError:
                pass
            carried.client.close()
        return len(closing)

    async def _cut(self) -> int:
        cut = [carried for carried in self.carried if carried.websocket]
        for carried in cut:
            carried.closing = True
            carried.client.transport.abort()
            carried.server.transport.abort()
        return len(cut)

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if self.held:
            client_writer.transport.abort()
            return
        try:
            first = await client_reader.read(65536)
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_writer.transport.abort()
            return
        head = first.split(HEAD_END, 1)[0].lower()
        carried = Carried(client_writer, server_writer, websocket=b"upgrade: websocket" in head)
        self.carried.add(carried)
        server_writer.write(first)
        try:
            await asyncio.gather(
                self._upstream(client_reader, carried),
                self._downstream(server_reader, carried),
                return_exceptions=True,
            )
        finally:
            self.carried.discard(carried)
            if carried.closing:
                client_writer.close()  # after a close frame of ours: a clean end, not a reset
            else:
                client_writer.transport.abort()
            server_writer.transport.abort()

    async def _upstream(self, reader: asyncio.StreamReader, carried: Carried) -> None:
        """Browser to server, as it comes; once closing, the browser's answer ends the connection."""
        try:
            while data := await reader.read(65536):
                if carried.closing:
                    break
                carried.server.write(data)
                await carried.server.drain()
        finally:
            carried.answered.set()
            if not carried.closing:
                carried.server.transport.abort()

    async def _downstream(self, reader: asyncio.StreamReader, carried: Carried) -> None:
        """Server to browser: HTTP as it comes; a WebSocket's frames whole, so a close frame of our
        own never lands inside one of the server's."""
        try:
            if not carried.websocket:
                while data := await reader.read(65536):
                    carried.client.write(data)
                    await carried.client.drain()
                return
            head = await reader.readuntil(HEAD_END)
            carried.client.write(head)
            while True:
                frame = await read_frame(reader)
                async with carried.frames:
                    if carried.closing:
                        return
                    carried.client.write(frame)
                await carried.client.drain()
        finally:
            if not carried.closing:
                carried.client.transport.abort()


async def read_frame(reader: asyncio.StreamReader) -> bytes:
    """One WebSocket frame as sent (RFC 6455 5.2): its header, its mask if any, its payload."""
    header = await reader.readexactly(2)
    length = header[1] & 0x7F
    extended = b""
    if length == 126:
        extended = await reader.readexactly(2)
        length = int.from_bytes(extended, "big")
    elif length == 127:
        extended = await reader.readexactly(8)
        length = int.from_bytes(extended, "big")
    mask = await reader.readexactly(4) if header[1] & 0x80 else b""
    return header + extended + mask + await reader.readexactly(length)


@contextmanager
def proxy(target_port: int) -> Iterator[Proxy]:
    """A started proxy in front of 127.0.0.1:`target_port`, stopped afterwards."""
    running = Proxy(target_port)
    running.start()
    try:
        yield running
    finally:
        running.stop()
