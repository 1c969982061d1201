"""The app as served, counting what goes to sockets through daphne's own send path: every call of
daphne's `WebSocketProtocol.serverSend` (a text or bytes message a consumer sent through daphne's
`handle_reply`, then autobahn), answered as a number at COUNT_PATH. Served by
`tests.helpers.servers.daphne(application=APPLICATION)`; nothing else differs from `cmij.asgi`.
realtime/wire.py writes a socket's text frames past that path: the count shows whether it did.
"""

from __future__ import annotations

from daphne.ws_protocol import WebSocketProtocol

from cmij.asgi import application as served

APPLICATION = "tests.helpers.counted_asgi:application"
COUNT_PATH = "/test-server-sends/"

calls = 0
_server_send = WebSocketProtocol.serverSend


def counted_server_send(self, content, binary=False):
    global calls
    calls += 1
    return _server_send(self, content, binary)


WebSocketProtocol.serverSend = counted_server_send


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == COUNT_PATH:
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": str(calls).encode()})
        return None
    return await served(scope, receive, send)
