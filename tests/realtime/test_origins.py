"""Only the exact origins the site is served on may open a socket (scheme, host and port)."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator

from cmij.asgi import application
from tests.helpers.sockets import ORIGIN

pytestmark = pytest.mark.usefixtures("socket_origin")


async def connects(origin: bytes | None) -> bool:
    headers = [(b"origin", origin)] if origin is not None else []
    communicator = WebsocketCommunicator(application, "/ws/live/", headers=headers)
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return connected


async def test_the_sites_own_origin_is_accepted():
    assert await connects(ORIGIN.encode())


@pytest.mark.parametrize(
    "origin",
    [
        b"http://evil.example",  # a foreign host
        b"http://127.0.0.1:8001",  # another port
        b"https://127.0.0.1:8000",  # another scheme
        b"ftp://127.0.0.1:8000",
        b"http://127.0.0.1",  # the default port is another port
        b"null",  # sandboxed frames and file:// pages
        b"http://sub.127.0.0.1:8000",
    ],
)
async def test_other_origins_are_refused(origin):
    assert not await connects(origin)


async def test_a_socket_without_origin_is_refused():
    assert not await connects(None)


async def test_origins_are_read_when_a_socket_connects(settings):
    # A live-server test picks its port at run time, after asgi.py was imported.
    assert not await connects(b"http://127.0.0.1:43117")
    settings.CMIJ_ALLOWED_ORIGINS = ["http://127.0.0.1:43117"]
    assert await connects(b"http://127.0.0.1:43117")
