"""The site socket: registers with the hub, validates every message, never crashes on bad input."""

from __future__ import annotations

import asyncio
import json

import pytest
from channels.testing import WebsocketCommunicator

from cmij.asgi import application
from realtime import names
from realtime.broadcast import apublish
from realtime.hub import get_hub

ORIGIN = "http://127.0.0.1:8000"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def site_origin(settings):
    settings.CMIJ_ALLOWED_ORIGINS = [ORIGIN]


async def registered(topic: str, count: int = 1) -> None:
    """Wait until the hub holds `count` sockets of a topic (registration follows the accept)."""
    hub = get_hub()
    for _ in range(200):
        subscribing = hub._subscribing.get(topic)
        if len(hub.sockets.get(topic, ())) >= count and subscribing is not None and subscribing.done():
            return  # registered, and the topic's subscription confirmed (Redis)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no socket registered for {topic}")


async def open_socket(language: str | None = None, cookie: str = "") -> WebsocketCommunicator:
    cookies = "; ".join(c for c in (f"django_language={language}" if language else "", cookie) if c)
    headers = [(b"origin", ORIGIN.encode())]
    if cookies:
        headers.append((b"cookie", cookies.encode()))
    communicator = WebsocketCommunicator(application, "/ws/live/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    await registered(names.site(language or "nl"))
    return communicator


async def test_a_published_fragment_reaches_the_socket_of_its_language_only():
    dutch, english = await open_socket(), await open_socket("en")
    await apublish(names.site("nl"), '<div id="news" hx-swap-oob="true">Nieuws</div>')
    assert "Nieuws" in await dutch.receive_from(timeout=2)
    assert await english.receive_nothing(timeout=0.2)
    await dutch.disconnect()
    await english.disconnect()


async def test_a_closed_socket_leaves_the_hub():
    communicator = await open_socket()
    hub = get_hub()
    assert names.site("nl") in hub.sockets
    await communicator.disconnect()
    await asyncio.sleep(0.05)
    assert names.site("nl") not in hub.sockets


async def test_ping_answers_with_a_fragment_and_htmx_headers_are_ignored():
    communicator = await open_socket()
    await communicator.send_to(text_data=json.dumps({"action": "ping", "HEADERS": {"HX-Request": "true"}}))
    assert 'id="live-pong"' in await communicator.receive_from(timeout=2)
    await communicator.disconnect()


@pytest.mark.parametrize(
    ("message", "dutch"),
    [
        ("not json", "kon niet worden gelezen"),
        (json.dumps(["a", "list"]), "kon niet worden gelezen"),
        (json.dumps({"no": "action"}), "kon niet worden gelezen"),
        (json.dumps({"action": "delete_everything"}), "is hier niet beschikbaar"),
        (json.dumps({"action": "ping", "pad": "x" * (64 * 1024)}), "te groot"),
    ],
)
async def test_bad_messages_get_an_error_fragment_in_dutch_and_the_socket_stays_usable(message, dutch):
    communicator = await open_socket()
    await communicator.send_to(text_data=message)
    reply = await communicator.receive_from(timeout=2)
    assert 'id="live-error"' in reply and 'role="alert"' in reply
    assert dutch in reply
    # Still alive: the next good message is answered.
    await communicator.send_to(text_data=json.dumps({"action": "ping"}))
    assert "live-pong" in await communicator.receive_from(timeout=2)
    await communicator.disconnect()


async def test_errors_are_in_english_for_an_english_visitor():
    communicator = await open_socket("en")
    await communicator.send_to(text_data="{")
    assert "could not be read" in await communicator.receive_from(timeout=2)
    await communicator.disconnect()


async def test_binary_frames_are_refused_with_an_error():
    communicator = await open_socket("en")
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert "Only text messages" in await communicator.receive_from(timeout=2)
    await communicator.disconnect()


async def test_a_flood_of_messages_is_rate_limited():
    communicator = await open_socket("en")
    replies = []
    for _ in range(40):
        await communicator.send_to(text_data=json.dumps({"action": "ping"}))
        replies.append(await communicator.receive_from(timeout=2))
    assert any("Too many messages" in reply for reply in replies)
    assert sum("live-pong" in reply for reply in replies) <= 31
    await communicator.disconnect()


async def test_a_members_socket_also_joins_their_own_topic(member_factory):
    from asgiref.sync import sync_to_async
    from django.test import Client

    user = await sync_to_async(member_factory)()
    client = Client()
    await sync_to_async(client.force_login)(user)
    communicator = await open_socket(cookie=f"sessionid={client.cookies['sessionid'].value}")
    await registered(names.user(user.pk))
    assert 'data-bell-count="0"' in await communicator.receive_from(timeout=2)
    await apublish(names.user(user.pk), '<span id="bell" hx-swap-oob="true">1</span>')
    assert 'id="bell"' in await communicator.receive_from(timeout=2)
    await communicator.disconnect()
