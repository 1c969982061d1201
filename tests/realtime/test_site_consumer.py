"""The site socket: registers with the hub, validates every message, never crashes on bad input."""

from __future__ import annotations

import json

import pytest

from realtime import names
from realtime.broadcast import apublish
from realtime.hub import get_hub
from tests.helpers.clients import member_cookie
from tests.helpers.sockets import nothing_more, open_site, open_socket
from tests.helpers.waiting import until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("socket_origin")]


async def test_a_published_fragment_reaches_the_socket_of_its_language_only():
    dutch, english = await open_site(), await open_site(language="en")
    await apublish(names.site("nl"), '<div id="news" hx-swap-oob="true">Nieuws</div>')
    assert "Nieuws" in await dutch.receive_from(timeout=2)
    assert await nothing_more(english, names.site("en"), noise=None)  # published after the news
    await dutch.disconnect()
    await english.disconnect()


async def test_a_closed_socket_leaves_the_hub():
    communicator = await open_site()
    hub = get_hub()
    assert names.site("nl") in hub.sockets
    await communicator.disconnect()
    await until(lambda: names.site("nl") not in hub.sockets, what="the closed socket to leave the hub")
    assert names.site("nl") not in hub.sockets


async def test_ping_answers_with_a_fragment_and_htmx_headers_are_ignored():
    communicator = await open_site()
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
    communicator = await open_site()
    await communicator.send_to(text_data=message)
    reply = await communicator.receive_from(timeout=2)
    assert 'id="live-error"' in reply and 'role="alert"' in reply
    assert dutch in reply
    # Still alive: the next good message is answered.
    await communicator.send_to(text_data=json.dumps({"action": "ping"}))
    assert "live-pong" in await communicator.receive_from(timeout=2)
    await communicator.disconnect()


async def test_errors_are_in_english_for_an_english_visitor():
    communicator = await open_site(language="en")
    await communicator.send_to(text_data="{")
    assert "could not be read" in await communicator.receive_from(timeout=2)
    await communicator.disconnect()


async def test_binary_frames_are_refused_with_an_error():
    communicator = await open_site(language="en")
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert "Only text messages" in await communicator.receive_from(timeout=2)
    await communicator.disconnect()


async def test_a_flood_of_messages_is_rate_limited():
    communicator = await open_site(language="en")
    replies = []
    for _ in range(40):
        await communicator.send_to(text_data=json.dumps({"action": "ping"}))
        replies.append(await communicator.receive_from(timeout=2))
    assert any("Too many messages" in reply for reply in replies)
    assert sum("live-pong" in reply for reply in replies) <= 31
    await communicator.disconnect()


async def test_a_members_socket_also_joins_their_own_topic(member_factory):
    from asgiref.sync import sync_to_async

    user = await sync_to_async(member_factory)()
    cookie = await sync_to_async(member_cookie)(user)
    communicator = await open_socket("/ws/live/", cookie=cookie, language=None)
    # The count comes once the socket is registered on its topics, the member's own among them.
    assert 'data-bell-count="0"' in await communicator.receive_from(timeout=2)
    await apublish(names.user(user.pk), '<span id="bell" hx-swap-oob="true">1</span>')
    assert 'id="bell"' in await communicator.receive_from(timeout=2)
    await communicator.disconnect()
