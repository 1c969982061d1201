"""Two daphne processes sharing Redis and PostgreSQL: an idea posted through one reaches a client of
the other, the way a room's phones spread over the web processes behind the proxy."""

from __future__ import annotations

import asyncio

import pytest
import websockets
from django.core.management import call_command

from boards.models import Board, Meeting
from cmij.demo import DEMO_SESSION_TITLE
from tests.helpers.browsers import Browser
from tests.helpers.live import answered
from tests.helpers.servers import daphne
from tests.helpers.services import require_postgres, require_redis


@pytest.mark.django_db(transaction=True)
def test_an_idea_posted_through_one_process_reaches_a_client_of_the_other():
    require_postgres()
    redis_url = require_redis()
    call_command("seed_demo", verbosity=0)
    meeting = Meeting.objects.get(title=DEMO_SESSION_TITLE)
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    prompt = board.prompts.first()

    with daphne(REDIS_URL=redis_url) as first, daphne(REDIS_URL=redis_url) as second:
        listener = Browser(second).join(meeting.join_code, "Luisteraar")
        poster = Browser(first).join(meeting.join_code, "Poster")

        async def run() -> str:
            ws_url = second.replace("http://", "ws://") + f"/ws/boards/{board.pk}/"
            async with websockets.connect(
                ws_url, origin=second, additional_headers={"Cookie": listener.cookie_header()}
            ) as socket:
                await answered(socket)  # its connect is handled: registered with its hub
                await asyncio.to_thread(
                    poster.post,
                    f"/borden/{board.pk}/ideeen/",
                    {
                        "text": "Over de grens van het proces",
                        "prompt": prompt.pk,
                        "client_msg_id": "crossprocess01",
                    },
                    f"/borden/{board.pk}/",
                )
                while True:
                    fragment = await asyncio.wait_for(socket.recv(), 10)
                    if "Over de grens van het proces" in fragment:
                        return fragment

        fragment = asyncio.run(run())
    assert fragment.startswith(f'<div id="board-{board.pk}-seq"')
