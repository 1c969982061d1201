"""Over a live daphne (#29, realtime/wire.py): a socket's text messages, its own answers and the hub's
deliveries alike, reach the phone as frames written past daphne's send path, in order; a socket
that is not read gets all of it, in order, once it reads again. daphne serves
tests.helpers.counted_asgi, which counts what goes through daphne's own `serverSend`."""

from __future__ import annotations

import asyncio
import urllib.request

import pytest
import redis
from asgiref.sync import sync_to_async
from django.db import connections
from django.urls import reverse

from boards.models import Board
from realtime import names
from tests.helpers import counted_asgi
from tests.helpers.browsers import Browser
from tests.helpers.factories import meeting, organiser
from tests.helpers.live import close_all, connect, ready
from tests.helpers.servers import daphne
from tests.helpers.services import require_redis
from tests.helpers.waiting import until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), daphne(application=counted_asgi.APPLICATION) as url:
        yield url


@pytest.fixture(autouse=True)
async def close_thread_connections():
    """sync_to_async runs the ORM in a worker thread; close its connection, or the test database
    cannot be dropped at the end (PostgreSQL refuses while a session is open)."""
    yield
    await sync_to_async(connections.close_all)()


def sends_through_daphne(server: str) -> int:
    with urllib.request.urlopen(server + counted_asgi.COUNT_PATH, timeout=10) as response:
        return int(response.read())


async def test_a_phones_answers_and_pushes_are_written_past_daphnes_send_path_in_order(server):
    session = await sync_to_async(lambda: meeting(by=organiser(), title="Werkavond"))()
    board = await sync_to_async(lambda: session.boards.get(kind=Board.Kind.PLENARY))()
    prompt = await sync_to_async(lambda: board.prompts.first())()
    phone = await sync_to_async(lambda: Browser(server).join(session.join_code, "Gast Anna"))()
    socket = await connect(server, f"/ws/boards/{board.pk}/", "guest", phone.session_id())
    await ready([socket])  # its first frame (the count of people here) and the answer to "sync"
    before = await sync_to_async(sends_through_daphne)(server)

    texts = [f"Idee nummer {number}: een open atelier" for number in range(5)]
    for text in texts:
        await sync_to_async(phone.post)(
            reverse("boards:idea_create", args=[board.pk]),
            {"text": text, "prompt": prompt.pk},
            board.get_absolute_url(),
        )
    await until(lambda: all(text in socket.text() for text in texts), 15, "every idea pushed to the phone")
    await ready([socket])

    positions = [socket.text().index(text) for text in texts]
    assert positions == sorted(positions)
    assert socket.close_code is None
    # Not one of these messages (the pushes, the answers to "sync") went through daphne's send.
    assert await sync_to_async(sends_through_daphne)(server) == before == 0
    await close_all([socket])


async def test_a_socket_that_stops_reading_gets_everything_in_order_when_it_reads_again(server):
    """20 MB for a phone that does not read: more than the kernel's buffers on both ends hold, so the
    frames go to the socket until it is full, then part of one, then into Twisted's buffer."""
    redis_url = require_redis()
    session = await sync_to_async(lambda: meeting(by=organiser(), title="Werkavond"))()
    board = await sync_to_async(lambda: session.boards.get(kind=Board.Kind.PLENARY))()
    phone = await sync_to_async(lambda: Browser(server).join(session.join_code, "Gast Bram"))()
    socket = await connect(server, f"/ws/boards/{board.pk}/", "guest", phone.session_id())
    await ready([socket])
    socket.ws.transport.pause_reading()

    client = redis.Redis.from_url(redis_url)
    try:
        for number in range(BULK_MESSAGES):
            client.publish(names.board_audience(board.pk, "participants", "nl"), bulk(number))
    finally:
        client.close()
    # Not a wait for something to happen: the phone stays away a second, so the server meanwhile
    # fills the kernel's buffers and then Twisted's (nothing the test can see; with less, the test
    # would still pass but leave the partial write untried).
    await asyncio.sleep(1)
    socket.ws.transport.resume_reading()

    await until(
        lambda: bulk(BULK_MESSAGES - 1) in socket.received, 60, "the last message, once the phone reads"
    )
    got = [message for message in socket.received if message.startswith('<div id="test-bulk"')]
    assert got == [bulk(number) for number in range(BULK_MESSAGES)]
    await close_all([socket])


BULK_MESSAGES = 400


def bulk(number: int) -> str:
    return f'<div id="test-bulk" data-n="{number}" hidden>{"x" * 50_000}</div>'
