"""The callout feed across two daphne processes sharing Redis and PostgreSQL: a callout posted
through one reaches the readers of the other whose filters it matches, and only them."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta

import pytest
import websockets

from profiles.models import Discipline
from realtime import names
from tests.helpers.browsers import Browser
from tests.helpers.factories import maker, trust
from tests.helpers.live import publish_sentinel, read_until
from tests.helpers.servers import daphne
from tests.helpers.services import require_postgres, require_redis

SUBSCRIBED = '<div id="live-subscribed" data-subscribed="feed"'


@pytest.mark.django_db(transaction=True)
def test_a_callout_posted_through_one_process_reaches_matching_readers_of_the_other():
    require_postgres()
    redis_url = require_redis()
    author = maker(disciplines=["muziek"])
    trust(author)  # past the first callout an organiser approves
    theatre_reader = maker()
    music_reader = maker()
    theatre_pk = Discipline.objects.get(slug="theater").pk

    with daphne(REDIS_URL=redis_url) as first, daphne(REDIS_URL=redis_url) as second:
        poster = Browser(first).log_in(author)
        readers = {
            name: Browser(second).log_in(user)
            for name, user in (("theater", theatre_reader), ("muziek", music_reader))
        }

        async def run() -> dict[str, list[str]]:
            ws_url = second.replace("http://", "ws://") + "/ws/live/"
            sockets = {}
            for name, browser in readers.items():
                sockets[name] = await websockets.connect(
                    ws_url, origin=second, additional_headers={"Cookie": browser.cookie_header()}
                )
                assert "bell-set" in await sockets[name].recv()
                await sockets[name].send(json.dumps({"action": "feed", "query": f"discipline={name}"}))
                # Acknowledged once the hub has the subscription.
                await read_until(sockets[name], lambda text: text.startswith(SUBSCRIBED))
            await asyncio.to_thread(
                poster.post,
                "/oproepen/nieuw/",
                {
                    "kind": "people",
                    "title": "Souffleur gezocht over de procesgrens",
                    "body": "Voor onze voorstelling in maart.",
                    "disciplines": theatre_pk,
                    "expires_on": (date.today() + timedelta(days=30)).isoformat(),
                },
            )
            # The callout was published before the post was answered; a sentinel published on the
            # feed's topic now reaches each reader after it, had it been sent to them.
            token = publish_sentinel(redis_url, names.callouts("nl"))  # no language cookie: Dutch
            received = {
                name: await read_until(socket, lambda text: token in text) for name, socket in sockets.items()
            }
            for socket in sockets.values():
                await socket.close()
            return received

        received = asyncio.run(run())

    assert any("Souffleur gezocht over de procesgrens" in text for text in received["theater"])
    assert not any("Souffleur" in text for text in received["muziek"])
