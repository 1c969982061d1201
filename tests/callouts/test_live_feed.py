"""The live side of callouts: the feed socket's filters, updates, and the bell on every page."""

from __future__ import annotations

import asyncio
import json
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db.backends import utils as db_utils
from django.test import Client

from callouts import services
from cmij.asgi import application
from notifications import services as notification_services
from notifications.models import Notification
from realtime import names
from realtime.hub import get_hub
from tests.helpers.factories import maker, post

ORIGIN = "http://127.0.0.1:8000"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def site_origin(settings):
    settings.CMIJ_ALLOWED_ORIGINS = [ORIGIN]


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


async def open_socket(user=None, language: str = "nl") -> WebsocketCommunicator:
    cookies = [f"django_language={language}"]
    if user is not None:
        cookies.append(await sync_to_async(session_cookie)(user))
    headers = [(b"origin", ORIGIN.encode()), (b"cookie", "; ".join(cookies).encode())]
    socket = WebsocketCommunicator(application, "/ws/live/", headers=headers)
    connected, _ = await socket.connect()
    assert connected
    if user is not None:
        assert 'id="bell-set"' in await socket.receive_from(timeout=3)  # the count on connect
    return socket


async def subscribed(socket: WebsocketCommunicator, language: str = "nl", **filters) -> None:
    """Send the page's filters, as the glue does, and wait for the acknowledgement: the hub holds the
    subscription, and the topic's subscription is confirmed (Redis)."""
    await socket.send_to(text_data=json.dumps({"action": "feed", "query": urlencode(filters, doseq=True)}))
    answer = await socket.receive_from(timeout=5)
    assert answer.startswith('<div id="live-subscribed" data-subscribed="feed"'), answer


async def nothing_more(socket: WebsocketCommunicator, wait: float = 0.3) -> bool:
    return await socket.receive_nothing(timeout=wait)


@contextmanager
def counted_queries():
    """Counts queries in every thread (CaptureQueriesContext cannot follow sync_to_async)."""
    count = [0]
    real = db_utils.CursorWrapper.execute

    def counting(self, *args, **kwargs):
        count[0] += 1
        return real(self, *args, **kwargs)

    db_utils.CursorWrapper.execute = counting
    try:
        yield count
    finally:
        db_utils.CursorWrapper.execute = real


async def test_a_reader_gets_new_callouts_that_match_their_filters_and_not_others():
    author = await sync_to_async(maker)(disciplines=["muziek"])
    reader = await sync_to_async(maker)()
    theatre_reader = await open_socket(reader)
    await subscribed(theatre_reader, discipline="theater")
    everything = await open_socket(reader)
    await subscribed(everything)

    callout = await sync_to_async(post)(author, title="Souffleur gezocht", disciplines=["theater"])
    for socket in (theatre_reader, everything):
        card = await socket.receive_from(timeout=3)
        assert card.startswith('<div hx-swap-oob="afterbegin:#feed-items"')
        assert f'id="callout-{callout.pk}"' in card and "Souffleur gezocht" in card

    await sync_to_async(post)(author, title="Drummer gezocht", disciplines=["muziek"])
    assert "Drummer gezocht" in await everything.receive_from(timeout=3)
    assert await nothing_more(theatre_reader)
    for socket in (theatre_reader, everything):
        await socket.disconnect()


async def test_the_number_of_readers_adds_no_query_and_no_render():
    author = await sync_to_async(maker)()
    reader = await sync_to_async(maker)()
    first = await open_socket(reader)
    await subscribed(first, soort="tip")

    with counted_queries() as one_reader:
        await sync_to_async(post)(author, kind="tip", title="Subsidieloket open")
        assert "Subsidieloket open" in await first.receive_from(timeout=3)

    others = [await open_socket(reader) for _ in range(5)]
    for socket in others:
        await subscribed(socket, soort="tip")
    with counted_queries() as six_readers:
        await sync_to_async(post)(author, kind="tip", title="Nog een tip")
        for socket in [first, *others]:
            assert "Nog een tip" in await socket.receive_from(timeout=3)

    assert six_readers[0] == one_reader[0]
    for socket in [first, *others]:
        await socket.disconnect()


async def test_a_reader_with_a_text_search_gets_a_hint_not_the_card():
    author = await sync_to_async(maker)()
    reader = await sync_to_async(maker)()
    searching = await open_socket(reader)
    await subscribed(searching, zoek="gitaar")
    await sync_to_async(post)(author, title="Iets heel anders")
    hint = await searching.receive_from(timeout=3)
    assert hint.startswith('<div id="feed-hint"') and "Iets heel anders" not in hint
    await searching.disconnect()


async def test_readers_follow_edits_closing_and_hiding_and_get_them_in_their_language():
    author = await sync_to_async(maker)()
    reader = await sync_to_async(maker)()
    english = await open_socket(reader, language="en")
    await subscribed(english, language="en")
    callout = await sync_to_async(post)(author, kind="offered", title="Gratis repetitieruimte")
    card = await english.receive_from(timeout=3)
    assert "Offered" in card

    await sync_to_async(services.callout_update)(callout=callout, by=author, title="Repetitieruimte, gratis")
    update = await english.receive_from(timeout=3)
    assert (
        update.startswith(f'<li id="callout-{callout.pk}"') and 'hx-swap-oob="true" data-if-present' in update
    )
    assert "Repetitieruimte, gratis" in update

    await sync_to_async(services.callout_close)(callout=callout, by=author)
    gone = await english.receive_from(timeout=3)
    assert gone.startswith(f'<div id="callout-{callout.pk}" hx-swap-oob="delete" data-if-present')
    await english.disconnect()


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ({"action": "feed", "query": 42}, "could not be read"),
        ({"action": "feed"}, "could not be read"),
        ({"action": "feed", "query": "discipline=bestaat-niet"}, "could not be used"),
        ({"action": "feed", "query": "zoek=" + "x" * 300}, "could not be used"),
    ],
)
async def test_bad_feed_messages_get_an_error_and_the_socket_stays(message, error):
    reader = await sync_to_async(maker)()
    socket = await open_socket(reader, language="en")
    await socket.send_to(text_data=json.dumps(message))
    assert error in await socket.receive_from(timeout=3)
    await socket.send_to(text_data=json.dumps({"action": "ping"}))
    assert "live-pong" in await socket.receive_from(timeout=3)
    assert names.callouts("en") not in get_hub().sockets
    await socket.disconnect()


async def test_a_visitor_who_is_not_logged_in_cannot_follow_the_feed():
    socket = await open_socket(None, language="en")
    await socket.send_to(text_data=json.dumps({"action": "feed", "query": ""}))
    assert "could not be used" in await socket.receive_from(timeout=3)
    await socket.disconnect()


async def test_the_bell_gets_plus_one_for_its_member_only():
    author = await sync_to_async(maker)()
    follower = await sync_to_async(maker)(disciplines=["dans"])
    bystander = await sync_to_async(maker)(disciplines=["film"])
    follower_socket, bystander_socket = await open_socket(follower), await open_socket(bystander)

    await sync_to_async(post)(author, disciplines=["dans"])
    assert (await follower_socket.receive_from(timeout=3)).startswith('<div id="bell-add" data-bell-add="1"')
    assert await nothing_more(bystander_socket)

    await sync_to_async(notification_services.notifications_read_all)(member=follower)
    assert 'data-bell-count="0"' in await follower_socket.receive_from(timeout=3)
    await follower_socket.disconnect()
    await bystander_socket.disconnect()


async def test_after_a_reconnect_the_count_is_the_database_count_with_what_came_meanwhile():
    author = await sync_to_async(maker)()
    follower = await sync_to_async(maker)(disciplines=["dans"])
    await sync_to_async(post)(author, title="Eerste", disciplines=["dans"])
    socket = await open_socket(follower)  # it read the count (1) on connect
    await socket.disconnect()

    await sync_to_async(post)(author, title="Tweede", disciplines=["dans"])
    await sync_to_async(post)(author, title="Derde", disciplines=["dans"])

    cookies = f"django_language=nl; {await sync_to_async(session_cookie)(follower)}"
    again = WebsocketCommunicator(
        application, "/ws/live/", headers=[(b"origin", ORIGIN.encode()), (b"cookie", cookies.encode())]
    )
    assert (await again.connect())[0]
    count = await sync_to_async(Notification.objects.filter(recipient=follower, read_at=None).count)()
    assert count == 3
    assert f'<div id="bell-set" data-bell-count="{count}"' in await again.receive_from(timeout=3)
    await again.disconnect()


async def test_the_bell_rides_on_the_board_socket_too():
    from tests.helpers.factories import meeting as make_meeting

    author = await sync_to_async(maker)()
    follower = await sync_to_async(maker)(disciplines=["dans"])
    board = await sync_to_async(lambda: make_meeting().boards.first())()
    cookies = f"django_language=nl; {await sync_to_async(session_cookie)(follower)}"
    socket = WebsocketCommunicator(
        application,
        f"/ws/boards/{board.pk}/",
        headers=[(b"origin", ORIGIN.encode()), (b"cookie", cookies.encode())],
    )
    assert (await socket.connect())[0]
    for _ in range(200):
        if names.notifications() in get_hub().sockets:
            break
        await asyncio.sleep(0.01)
    await sync_to_async(post)(author, disciplines=["dans"])
    for _ in range(10):
        text = await socket.receive_from(timeout=3)
        if text.startswith('<div id="bell-add"'):
            break
    else:
        raise AssertionError("no +1 on the board socket")
    await socket.disconnect()
