"""Request bodies over CMIJ_MAX_BODY_BYTES are refused with 413 before Django copies or parses them.

An ASGI wrapper around the HTTP app: a Content-Length over the limit is answered at once, without
reading the body or calling the app; a body without one (chunked) is counted as it is read, and once
the running total passes the limit the app is told the client went away (Django then stops reading
and answers nothing) and the 413 is sent instead. The served page says why, in the visitor's language.

daphne itself receives a whole body before the app sees any of it (Twisted keeps a large one in a
temporary file), so without a proxy in front this limits what Django does, not what daphne reads; in
compose, Caddy refuses a larger body before daphne (`request_body max_size`, README).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http.cookie import parse_cookie
from django.template.loader import render_to_string
from django.utils import translation

from cmij.middleware import chosen_language


class BodySizeLimit:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = settings.CMIJ_MAX_BODY_BYTES
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await refuse(scope, send, status=413 if length.isdigit() else 400)
            return

        read = 0
        over = False
        started = False

        async def counted_receive() -> dict[str, Any]:
            nonlocal read, over
            message = await receive()
            if message["type"] == "http.request":
                read += len(message.get("body", b""))
                if read > limit:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message: dict[str, Any]) -> None:
            nonlocal started
            if over:
                return  # the app's answer to a body it never got whole: the 413 goes instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted_receive, watched_send)
        if over and not started:
            await refuse(scope, send, status=413)


async def refuse(scope: dict[str, Any], send, *, status: int) -> None:
    """A small page saying the request was too large (413) or malformed (400), then close."""
    cookies = parse_cookie(_header(scope, b"cookie") or "")
    with translation.override(chosen_language(cookies)):
        body = render_to_string(
            "413.html", {"status": status, "limit_mb": settings.CMIJ_MAX_BODY_BYTES // (1024 * 1024)}
        ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None
