"""Two daphne processes sharing Redis and PostgreSQL: an idea posted through one reaches a client of
the other, the way a room's phones spread over the web processes behind the proxy."""

from __future__ import annotations

import asyncio
import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest
import websockets
from django.core.management import call_command

from boards.models import Board, Session
from tests.servers import daphne
from tests.services import require_postgres, require_redis


def guest_opener(base_url: str, code: str, name: str):
    """A plain HTTP client that joined the session as a guest (cookies kept)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base_url}/meedoen/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": code, "display_name": name}).encode()
    opener.open(
        urllib.request.Request(f"{base_url}/meedoen/", data=data, headers={"Referer": base_url + "/"})
    )
    return opener, jar


def cookie_header(jar) -> str:
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


@pytest.mark.django_db(transaction=True)
def test_an_idea_posted_through_one_process_reaches_a_client_of_the_other():
    require_postgres()
    redis_url = require_redis()
    call_command("seed_demo", verbosity=0)
    session = Session.objects.get()
    board = session.boards.get(kind=Board.Kind.PLENARY)
    prompt = board.prompts.first()

    with daphne(REDIS_URL=redis_url) as first, daphne(REDIS_URL=redis_url) as second:
        listener, listener_jar = guest_opener(second, session.join_code, "Luisteraar")
        poster, poster_jar = guest_opener(first, session.join_code, "Poster")

        async def run() -> str:
            ws_url = second.replace("http://", "ws://") + f"/ws/boards/{board.pk}/"
            async with websockets.connect(
                ws_url, origin=second, additional_headers={"Cookie": cookie_header(listener_jar)}
            ) as socket:
                await asyncio.sleep(0.5)  # the socket registers with its hub after the accept
                page = await asyncio.to_thread(
                    lambda: poster.open(f"{first}/borden/{board.pk}/").read().decode()
                )
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
                data = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": token,
                        "text": "Over de grens van het proces",
                        "prompt": prompt.pk,
                        "client_msg_id": "crossprocess01",
                    }
                ).encode()
                request = urllib.request.Request(
                    f"{first}/borden/{board.pk}/ideeen/", data=data, headers={"Referer": first + "/"}
                )
                await asyncio.to_thread(poster.open, request)
                while True:
                    fragment = await asyncio.wait_for(socket.recv(), 10)
                    if "Over de grens van het proces" in fragment:
                        return fragment

        fragment = asyncio.run(run())
    assert fragment.startswith(f'<div id="board-{board.pk}-seq"')
