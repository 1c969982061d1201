"""A loopback HTTP server that serves calendar feeds the way partners' servers do, well or badly: with
ETag and Last-Modified (and 304 to a matching conditional request), redirects, errors, a body dripped
a byte at a time, a body that never ends, or megabytes of junk, with or without Content-Length.

    with feed_server() as server:
        server.serve("/feed.ics", ics_bytes, last_modified="Mon, 02 Jun 2025 10:00:00 GMT")
        fetch(server.url + "/feed.ics", allow_networks=["127.0.0.1/32"])
        assert server.requests[-1].status == 200

With `feed_server(tls=context)` it speaks https. Every request is logged in `server.requests` (path,
headers, the status answered, body bytes sent). Handler threads stop when the client goes away, and at
the end of the with block.
"""

from __future__ import annotations

import hashlib
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from django.utils.datastructures import CaseInsensitiveMapping

CHUNK = 64 * 1024
JUNK_START = b"BEGIN:VCALENDAR\r\n"
ENDLESS_LINE = b"X-FILLER:" + b"x" * 53 + b"\r\n"  # 64 bytes
ENDLESS_PAUSE = 0.01  # seconds between two lines of an endless feed: it trickles, never ends
POLL = 0.05  # seconds between two looks at the stop flag of serve_forever: a quick end of the with block


@dataclass
class SeenRequest:
    """One request as the server saw it, and what it answered."""

    path: str
    headers: CaseInsensitiveMapping
    status: int = 0
    body_bytes: int = 0  # body bytes written so far
    done: bool = False  # the handler has finished (body_bytes is final)


@dataclass
class _Feed:
    body: bytes
    status: int
    content_type: str
    etag: bool
    last_modified: str | None
    headers: dict
    redirect: str | None
    drip: float | None
    endless: bool
    length: int | None
    drip_headers: bool


@dataclass
class FeedServer:
    url: str = ""
    requests: list[SeenRequest] = field(default_factory=list)
    feeds: dict[str, _Feed] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)
    open_sockets: set[socket.socket] = field(default_factory=set)

    def serve(
        self,
        path: str,
        body: bytes = b"",
        *,
        status: int = 200,
        content_type: str = "text/calendar; charset=utf-8",
        etag: bool = True,
        last_modified: str | None = None,
        headers: dict | None = None,
        redirect: str | None = None,
        drip: float | None = None,
        endless: bool = False,
        length: int | None = None,
        drip_headers: bool = False,
    ) -> None:
        """Answer requests for `path` (the query is ignored) from now on; a second call changes the feed.

        etag: send a quoted hash of the body as ETag, and 304 to a matching If-None-Match.
        last_modified: send it, and 304 to an equal If-Modified-Since. headers: extra headers; a value
        of None leaves that header out (e.g. {"Content-Length": None}). redirect: answer 302 to this
        Location. drip: send the body a byte every `drip` seconds. endless: send the body, then a line
        every ENDLESS_PAUSE seconds until the client goes away. length: send this many bytes of junk
        (a calendar's first line, then X's) instead of the body. drip_headers: drip the status line and
        headers too (a byte every `drip` seconds), so the client waits before it sees any body.
        """
        self.feeds[path] = _Feed(
            body,
            status,
            content_type,
            etag,
            last_modified,
            headers or {},
            redirect,
            drip,
            endless,
            length,
            drip_headers,
        )


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format, *args) -> None:
        """Quiet: the test reads `requests` instead."""

    def do_GET(self) -> None:
        feeds = self.server.feeds
        seen = SeenRequest(self.path, CaseInsensitiveMapping(dict(self.headers.items())))
        feeds.requests.append(seen)
        feeds.open_sockets.add(self.connection)
        try:
            self._answer(feeds, feeds.feeds.get(urlsplit(self.path).path), seen)
        except (ConnectionError, TimeoutError):
            pass  # the client went away, or the server is stopping
        finally:
            feeds.open_sockets.discard(self.connection)
            seen.done = True

    def _answer(self, feeds: FeedServer, feed: _Feed | None, seen: SeenRequest) -> None:
        if feed is None:
            return self._send_head(seen, 404, {"Content-Length": "0"})
        if feed.redirect:
            return self._send_head(seen, 302, {"Location": feed.redirect, "Content-Length": "0"})
        headers = {"Content-Type": feed.content_type}
        if feed.etag:
            headers["ETag"] = '"' + hashlib.sha256(feed.body).hexdigest()[:16] + '"'
        if feed.last_modified:
            headers["Last-Modified"] = feed.last_modified
        if (feed.etag and headers["ETag"] in seen.headers.get("If-None-Match", "")) or (
            feed.last_modified and seen.headers.get("If-Modified-Since") == feed.last_modified
        ):
            return self._send_head(seen, 304, headers)
        if feed.length is not None:
            headers["Content-Length"] = str(feed.length)
        elif not feed.endless:
            headers["Content-Length"] = str(len(feed.body))
        self._send_head(
            seen, feed.status, headers | feed.headers, drip=feed.drip if feed.drip_headers else None
        )
        for chunk in self._body(feeds, feed):
            if feeds.stopping.is_set():
                return
            self.wfile.write(chunk)
            seen.body_bytes += len(chunk)

    def _send_head(self, seen: SeenRequest, status: int, headers: dict, drip: float | None = None) -> None:
        """The status line and headers (a value of None leaves a header out), at once or dripped."""
        seen.status = status
        lines = [f"HTTP/1.0 {status} {self.responses.get(status, ('Status',))[0]}"]
        lines += [f"{name}: {value}" for name, value in headers.items() if value is not None]
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if drip is None:
            return self.wfile.write(head)
        for byte in head:
            self.wfile.write(bytes([byte]))
            if self.server.feeds.stopping.wait(drip):
                raise ConnectionAbortedError("the server is stopping")

    def _body(self, feeds: FeedServer, feed: _Feed) -> Iterator[bytes]:
        if feed.length is not None:
            junk = (JUNK_START + b"X" * CHUNK)[: feed.length]
            yield junk
            for start in range(len(junk), feed.length, CHUNK):
                yield b"X" * min(CHUNK, feed.length - start)
        elif feed.drip is not None:
            for byte in feed.body:
                yield bytes([byte])
                if feeds.stopping.wait(feed.drip):
                    return
        else:
            yield feed.body
            while feed.endless and not feeds.stopping.wait(ENDLESS_PAUSE):
                yield ENDLESS_LINE


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still writing must not hold up the end of the with block

    def __init__(self, feeds: FeedServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.feeds = feeds


@contextmanager
def feed_server(tls: ssl.SSLContext | None = None) -> Iterator[FeedServer]:
    """A FeedServer on 127.0.0.1 at a free port, serving in a thread until the with block ends; with
    `tls` (a server-side context) it speaks https, the handshake made in the handler's thread."""
    feeds = FeedServer()
    server = _Server(feeds)
    feeds.url = f"http://127.0.0.1:{server.server_address[1]}"
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        feeds.url = feeds.url.replace("http:", "https:")
    thread = threading.Thread(target=server.serve_forever, args=(POLL,), name="feed-server", daemon=True)
    thread.start()
    try:
        yield feeds
    finally:
        feeds.stopping.set()
        server.shutdown()
        for sock in list(feeds.open_sockets):  # wakes a handler blocked in a write
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        server.server_close()
        thread.join(timeout=5)
