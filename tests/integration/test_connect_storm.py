"""A room of phones connecting at the same moment: every socket joins its groups and stays open.

channels-redis takes a pooled Redis connection (a pool of 100) for each group_add, and redis-py
raises at once when the pool is empty; without a limit on channel-layer calls in flight, sockets
of a connect storm were closed with 4013."""

from __future__ import annotations

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore

from boards.identity import GUESTS_KEY
from boards.models import Guest
from cmij.asgi import application
from tests.helpers.factories import meeting as make_meeting
from tests.helpers.services import require_redis

ORIGIN = "http://127.0.0.1:8000"
PHONES = 250
ERROR = '<div id="live-error"'  # a board socket's answer to a message it has no action for

pytestmark = pytest.mark.django_db(transaction=True)


def guests_with_cookies(count: int):
    meeting = make_meeting()
    board = meeting.boards.first()
    guests = Guest.objects.bulk_create(
        [Guest(meeting=meeting, display_name=f"Gast {i}") for i in range(count)]
    )
    if guests[0].pk is None:
        guests = list(Guest.objects.filter(meeting=meeting))
    cookies = []
    for guest in guests:
        store = SessionStore()
        store[GUESTS_KEY] = {str(meeting.pk): guest.pk}
        store.create()
        cookies.append(f"sessionid={store.session_key}")
    return board.pk, cookies


async def test_a_connect_storm_keeps_every_socket(settings):
    require_redis()
    settings.CMIJ_ALLOWED_ORIGINS = [ORIGIN]
    settings.CMIJ_MAX_GUESTS_PER_SESSION = PHONES
    board_id, cookies = await sync_to_async(guests_with_cookies)(PHONES)

    async def phone(cookie: str):
        socket = WebsocketCommunicator(
            application,
            f"/ws/boards/{board_id}/",
            headers=[(b"origin", ORIGIN.encode()), (b"cookie", cookie.encode())],
        )
        connected, _ = await socket.connect(timeout=30)
        assert connected
        return socket

    async def closed_while_connecting(socket: WebsocketCommunicator) -> list[int | None]:
        """The close code, if the socket was closed by its connect (which joins the groups after the
        accept): a socket handles its messages in order, after its connect, so the answer to one
        sent now comes after anything the connect sent."""
        await socket.send_to(text_data=json.dumps({"action": "are-you-there"}))
        while True:
            output = await socket.receive_output(timeout=30)
            if output["type"] == "websocket.close":
                return [output.get("code")]
            if output.get("text", "").startswith(ERROR):
                return []

    sockets = await asyncio.gather(*(phone(cookie) for cookie in cookies))
    closed = []
    for codes in await asyncio.gather(*(closed_while_connecting(socket) for socket in sockets)):
        closed += codes
    assert closed == []
    await asyncio.gather(*(socket.disconnect() for socket in sockets), return_exceptions=True)
