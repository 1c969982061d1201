"""The app as served, with a fault a browser test can set off: a WebSocket message that carries
TRIGGER makes the application raise, as an error in a consumer would, and daphne closes that
socket with 1011 (its code for an application error). Served by `tests.helpers.servers.daphne(
application=APPLICATION)`; nothing else differs from `cmij.asgi`.
"""

from __future__ import annotations

from cmij.asgi import application as served

APPLICATION = "tests.helpers.faulty_asgi:application"
TRIGGER = "cmij-test-fault"


class InjectedFault(RuntimeError):
    """Raised inside the application, on purpose."""


async def application(scope, receive, send):
    if scope["type"] != "websocket":
        return await served(scope, receive, send)

    async def receive_or_fail():
        event = await receive()
        if event["type"] == "websocket.receive" and TRIGGER in (event.get("text") or ""):
            raise InjectedFault("a fault set off by the test")
        return event

    return await served(scope, receive_or_fail, send)
