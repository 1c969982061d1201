"""Sockets as the pages open them, through the real ASGI application (origin check, session, routing),
and the sentinel that proves nothing more arrived: a marker published on the socket's topic after
everything before it (the hub delivers one topic's messages in publish order, in process and
through Redis), so whatever came before the marker is all there is. No fixed wait."""

from __future__ import annotations

import json
import secrets
from urllib.parse import urlencode

import pytest
from channels.testing import WebsocketCommunicator

from cmij.asgi import application
from realtime.broadcast import apublish

ORIGIN = "http://127.0.0.1:8000"


@pytest.fixture
def socket_origin(settings):
    """The test sockets' origin is one the site is served on."""
    settings.CMIJ_ALLOWED_ORIGINS = [ORIGIN]


def is_noise(text: str) -> bool:
    """Participant counts and the bell come and go with every socket; most tests look past them."""
    return "-presence" in text[:60] or 'id="bell-' in text[:20]


async def open_socket(path: str, *, cookie: str = "", language: str = "nl") -> WebsocketCommunicator:
    cookies = "; ".join(part for part in (cookie, f"django_language={language}") if part)
    socket = WebsocketCommunicator(
        application, path, headers=[(b"origin", ORIGIN.encode()), (b"cookie", cookies.encode())]
    )
    connected, _ = await socket.connect()
    assert connected
    return socket


async def received_before_sentinel(
    socket: WebsocketCommunicator, topic: str, within: float = 5.0
) -> list[str]:
    """What `socket` got before a sentinel published now on `topic`, one of the socket's topics."""
    token = secrets.token_hex(8)
    await apublish(topic, f'<div id="test-sentinel" data-sentinel="{token}" hidden></div>')
    got = []
    while True:
        text = await socket.receive_from(timeout=within)
        if token in text:
            return got
        got.append(text)


async def nothing_more(socket: WebsocketCommunicator, topic: str, *, noise=is_noise) -> None:
    """Nothing but noise arrived on `socket` before a sentinel published on `topic` now."""
    unexpected = [text for text in await received_before_sentinel(socket, topic) if not noise(text)]
    assert unexpected == [], f"unexpected: {unexpected[0][:200]}"


async def feed_subscribed(socket: WebsocketCommunicator, **filters) -> None:
    """Send the page's filters as the glue does, and wait for the acknowledgement: from now on the
    socket gets the new callouts that match."""
    await socket.send_to(text_data=json.dumps({"action": "feed", "query": urlencode(filters, doseq=True)}))
    answer = await socket.receive_from(timeout=5)
    assert answer.startswith('<div id="live-subscribed" data-subscribed="feed"'), answer
