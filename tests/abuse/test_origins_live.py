"""Origins against a live daphne (#14): only the site's own origins open a socket, whatever else a
browser or a script sends (foreign, sibling subdomain, another scheme or port, `null`, none)."""

from __future__ import annotations

import asyncio

import pytest
import websockets

from tests.helpers.live import answered
from tests.helpers.servers import daphne

pytestmark = [pytest.mark.django_db(transaction=True)]

PUBLIC = "https://cultuurmakers.example"  # the public address, as a proxy in front would serve it


async def opens(url: str, origin: str | None) -> bool:
    """True when the handshake succeeds and the socket stays open: it answers a ping, which the
    server handles after the socket's connect (where it would close it)."""
    headers = {"Origin": origin} if origin is not None else {}
    try:
        async with websockets.connect(url, additional_headers=headers, open_timeout=10) as socket:
            await answered(socket)
            return socket.state is websockets.protocol.State.OPEN
    except websockets.InvalidStatus as refused:
        assert refused.response.status_code == 403
        return False
    except websockets.ConnectionClosed:
        return False


def test_only_the_sites_own_origins_open_a_socket():
    with daphne(CSRF_TRUSTED_ORIGINS=PUBLIC) as base:
        port = int(base.rsplit(":", 1)[1])
        url = f"ws://127.0.0.1:{port}/ws/live/"
        origins = {
            base: True,  # the address it is served on
            PUBLIC: True,  # and its public address
            "http://evil.example": False,  # foreign
            "https://evil.cultuurmakers.example": False,  # a sibling subdomain
            "https://www.cultuurmakers.example": False,
            "https://example": False,  # the parent domain
            "http://cultuurmakers.example": False,  # another scheme
            "https://cultuurmakers.example:8443": False,  # another port
            f"http://127.0.0.1:{port + 1}": False,
            f"https://127.0.0.1:{port}": False,
            f"http://localhost:{port}": False,  # the same machine, another name
            "null": False,  # sandboxed frames, file:// pages
            None: False,  # no Origin header: a script, not a browser
        }
        seen = {origin: asyncio.run(opens(url, origin)) for origin in origins}
    assert seen == origins
