"""The participant count stays right when a daphne process dies: heartbeats expire, no
disconnect is needed."""

from __future__ import annotations

import asyncio
import re
import signal
import time

import pytest
import websockets
from django.core.management import call_command

from boards.models import Board, Meeting
from cmij.demo import DEMO_SESSION_TITLE
from tests.helpers.browsers import Browser
from tests.helpers.servers import daphne_process
from tests.helpers.services import require_postgres, require_redis
from tests.helpers.traffic import traffic_window
from tests.helpers.waiting import until

TTL = 3
COUNT = re.compile(r'id="board-\d+-presence"[^>]*>(\d+) ')
ACK = '{"action": "ack", "seq": 0}'


async def heartbeats(sockets, every: float) -> None:
    """Each socket's heartbeat (an ack) every `every` seconds, as the glue JS sends them, until
    cancelled: traffic on purpose."""
    while True:
        for socket in sockets:
            await socket.send(ACK)
        await traffic_window(every)


@pytest.mark.django_db(transaction=True)
def test_after_a_process_is_killed_the_count_drops_to_the_true_number_within_the_expiry():
    require_postgres()
    redis_url = require_redis()
    call_command("seed_demo", verbosity=0)
    meeting = Meeting.objects.get(title=DEMO_SESSION_TITLE)
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    env = {"REDIS_URL": redis_url, "CMIJ_PRESENCE_TTL": str(TTL)}

    with daphne_process(**env) as (doomed_url, doomed), daphne_process(**env) as (survivor_url, _survivor):
        guests = [(Browser(doomed_url).join(meeting.join_code, f"Gast {n}"), doomed_url) for n in range(3)]
        guests += [
            (Browser(survivor_url).join(meeting.join_code, f"Gast {n}"), survivor_url) for n in range(3, 5)
        ]

        async def run() -> tuple[int, float]:
            sockets = []
            for browser, url in guests:
                ws_url = url.replace("http://", "ws://") + f"/ws/boards/{board.pk}/"
                sockets.append(
                    await websockets.connect(
                        ws_url, origin=url, additional_headers={"Cookie": browser.cookie_header()}
                    )
                )
            watcher = sockets[-1]
            latest = {"count": 0}

            async def read() -> None:
                async for message in watcher:
                    match = COUNT.search(message)
                    if match:
                        latest["count"] = int(match.group(1))

            reader = asyncio.create_task(read())
            beating = asyncio.create_task(heartbeats(sockets, 0.3))
            await until(lambda: latest["count"] == 5, 10, "a count of 5")
            assert latest["count"] == 5
            beating.cancel()

            doomed.send_signal(signal.SIGKILL)
            killed_at = time.monotonic()
            survivors = sockets[3:]
            beating = asyncio.create_task(heartbeats(survivors, 0.5))  # the living keep sending them
            await until(lambda: latest["count"] == 2, TTL * 3, "the count back to the 2 left")
            took = time.monotonic() - killed_at
            beating.cancel()
            reader.cancel()
            for socket in survivors:
                await socket.close()
            return latest["count"], took

        count, took = asyncio.run(run())
    assert count == 2
    assert took <= TTL + 2
