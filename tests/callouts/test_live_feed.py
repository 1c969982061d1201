"""The live side of callouts: the feed socket's filters, updates, and the bell on every page."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async

from callouts import services
from notifications import services as notification_services
from notifications.models import Notification
from realtime import names
from realtime.hub import get_hub
from tests.helpers.clients import member_cookie
from tests.helpers.factories import maker, post, trust
from tests.helpers.queries import queries_in_every_thread
from tests.helpers.sockets import (
    feed_subscribed,
    is_sentinel,
    next_message,
    nothing_more,
    open_board,
    open_site,
    open_socket,
    registered,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("socket_origin")]


async def test_a_reader_gets_new_callouts_that_match_their_filters_and_not_others():
    author = await sync_to_async(maker)(disciplines=["muziek"])
    reader = await sync_to_async(maker)()
    theatre_reader = await open_site(reader)
    await feed_subscribed(theatre_reader, discipline="theater")
    everything = await open_site(reader)
    await feed_subscribed(everything)

    callout = await sync_to_async(post)(author, title="Souffleur gezocht", disciplines=["theater"])
    for socket in (theatre_reader, everything):
        card = await socket.receive_from(timeout=3)
        assert card.startswith('<div hx-swap-oob="afterbegin:#feed-items"')
        assert f'id="callout-{callout.pk}"' in card and "Souffleur gezocht" in card

    await sync_to_async(post)(author, title="Drummer gezocht", disciplines=["muziek"])
    assert "Drummer gezocht" in await everything.receive_from(timeout=3)
    assert await nothing_more(theatre_reader, names.callouts("nl"), noise=None)  # after the drummer's card
    for socket in (theatre_reader, everything):
        await socket.disconnect()


async def test_the_number_of_readers_adds_no_query_and_no_render():
    author = await sync_to_async(maker)()
    await sync_to_async(trust)(author)  # past the first callout an organiser approves, before counting
    reader = await sync_to_async(maker)()
    first = await open_site(reader)
    await feed_subscribed(first, soort="tip")

    with queries_in_every_thread() as one_reader:
        await sync_to_async(post)(author, kind="tip", title="Subsidieloket open")
        assert "Subsidieloket open" in await first.receive_from(timeout=3)

    others = [await open_site(reader) for _ in range(5)]
    for socket in others:
        await feed_subscribed(socket, soort="tip")
    with queries_in_every_thread() as six_readers:
        await sync_to_async(post)(author, kind="tip", title="Nog een tip")
        for socket in [first, *others]:
            assert "Nog een tip" in await socket.receive_from(timeout=3)

    assert len(six_readers) == len(one_reader)
    for socket in [first, *others]:
        await socket.disconnect()


async def test_a_reader_with_a_text_search_gets_a_hint_not_the_card():
    author = await sync_to_async(maker)()
    reader = await sync_to_async(maker)()
    searching = await open_site(reader)
    await feed_subscribed(searching, zoek="gitaar")
    await sync_to_async(post)(author, title="Iets heel anders")
    hint = await searching.receive_from(timeout=3)
    assert hint.startswith('<div id="feed-hint"') and "Iets heel anders" not in hint
    await searching.disconnect()


async def test_readers_follow_edits_closing_and_hiding_and_get_them_in_their_language():
    author = await sync_to_async(maker)()
    reader = await sync_to_async(maker)()
    english = await open_site(reader, language="en")
    await feed_subscribed(english)
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
    socket = await open_site(reader, language="en")
    await socket.send_to(text_data=json.dumps(message))
    assert error in await socket.receive_from(timeout=3)
    await socket.send_to(text_data=json.dumps({"action": "ping"}))
    assert "live-pong" in await socket.receive_from(timeout=3)
    assert names.callouts("en") not in get_hub().sockets
    await socket.disconnect()


async def test_a_visitor_who_is_not_logged_in_cannot_follow_the_feed():
    socket = await open_site(None, language="en")
    await socket.send_to(text_data=json.dumps({"action": "feed", "query": ""}))
    assert "could not be used" in await socket.receive_from(timeout=3)
    await socket.disconnect()


async def test_the_bell_gets_plus_one_for_its_member_only():
    author = await sync_to_async(maker)()
    follower = await sync_to_async(maker)(disciplines=["dans"])
    bystander = await sync_to_async(maker)(disciplines=["film"])
    follower_socket, bystander_socket = await open_site(follower), await open_site(bystander)

    await sync_to_async(post)(author, disciplines=["dans"])
    assert (await follower_socket.receive_from(timeout=3)).startswith('<div id="bell-add" data-bell-add="1"')
    assert await nothing_more(bystander_socket, names.notifications(), noise=None)  # after the +1

    await sync_to_async(notification_services.notifications_read_all)(member=follower)
    # The follower's socket got the sentinel too (the topic is every member's): past it.
    assert 'data-bell-count="0"' in await next_message(follower_socket, noise=is_sentinel)
    await follower_socket.disconnect()
    await bystander_socket.disconnect()


async def test_after_a_reconnect_the_count_is_the_database_count_with_what_came_meanwhile():
    author = await sync_to_async(maker)()
    follower = await sync_to_async(maker)(disciplines=["dans"])
    await sync_to_async(post)(author, title="Eerste", disciplines=["dans"])
    socket = await open_site(follower)  # it read the count (1) on connect
    await socket.disconnect()

    await sync_to_async(post)(author, title="Tweede", disciplines=["dans"])
    await sync_to_async(post)(author, title="Derde", disciplines=["dans"])

    again = await open_socket("/ws/live/", cookie=await sync_to_async(member_cookie)(follower))
    count = await sync_to_async(Notification.objects.filter(recipient=follower, read_at=None).count)()
    assert count == 3
    assert f'<div id="bell-set" data-bell-count="{count}"' in await again.receive_from(timeout=3)
    await again.disconnect()


async def test_the_bell_rides_on_the_board_socket_too():
    from tests.helpers.factories import meeting as make_meeting

    author = await sync_to_async(maker)()
    follower = await sync_to_async(maker)(disciplines=["dans"])
    board = await sync_to_async(lambda: make_meeting().boards.first())()
    socket = await open_board(board.pk, cookie=await sync_to_async(member_cookie)(follower))
    await registered(names.notifications())
    await sync_to_async(post)(author, disciplines=["dans"])
    for _ in range(10):
        text = await socket.receive_from(timeout=3)
        if text.startswith('<div id="bell-add"'):
            break
    else:
        raise AssertionError("no +1 on the board socket")
    await socket.disconnect()
