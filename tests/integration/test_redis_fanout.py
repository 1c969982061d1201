"""With Redis: a publish from one process reaches a socket held by another daphne process,
and the hub holds exactly one Redis subscription per topic with local sockets."""

from __future__ import annotations

import asyncio

import pytest
import redis
import websockets

from realtime import names
from realtime.hub import RESUME_HINT, get_hub, publish_from_sync
from tests.helpers.live import answered
from tests.helpers.servers import daphne
from tests.helpers.services import require_redis
from tests.helpers.waiting import until


@pytest.fixture
def redis_url(settings):
    url = require_redis()
    settings.REDIS_URL = url
    settings.CMIJ_HUB_BACKEND = "redis"
    return url


@pytest.mark.django_db(transaction=True)
def test_a_publish_through_redis_reaches_a_socket_of_another_daphne_process(redis_url):
    with daphne(REDIS_URL=redis_url) as url:

        async def listen() -> str:
            ws_url = url.replace("http://", "ws://") + "/ws/live/"
            async with websockets.connect(ws_url, origin=url) as socket:
                fragment = '<div id="news" hx-swap-oob="true">Nieuw uit een ander proces</div>'
                # The other process subscribes after accepting: its answer to a ping says it has.
                await answered(socket)
                await asyncio.to_thread(publish_from_sync, names.site("nl"), fragment)
                try:
                    return await asyncio.wait_for(socket.recv(), 10)
                except TimeoutError:
                    raise AssertionError("nothing arrived through Redis") from None

        assert "Nieuw uit een ander proces" in asyncio.run(listen())


async def test_one_redis_subscription_per_topic_and_none_after_the_last_socket(redis_url):
    class Socket:
        def __init__(self) -> None:
            self.received: asyncio.Queue[str] = asyncio.Queue()

        async def send(self, text_data=None, bytes_data=None) -> None:
            await self.received.put(text_data)

    client = redis.Redis.from_url(redis_url)
    topic = names.health("subscription-count-test")
    hub = get_hub()
    first, second = Socket(), Socket()

    await hub.register(topic, first)
    await hub.register(topic, second)
    assert dict(client.pubsub_numsub(topic))[topic.encode()] == 1

    await hub.publish(topic, "via redis")
    assert await asyncio.wait_for(first.received.get(), 2) == "via redis"
    assert await asyncio.wait_for(second.received.get(), 2) == "via redis"

    await hub.unregister(topic, first)
    assert dict(client.pubsub_numsub(topic))[topic.encode()] == 1
    await hub.unregister(topic, second)
    await until(lambda: dict(client.pubsub_numsub(topic))[topic.encode()] == 0, 1, "no subscription left")
    assert dict(client.pubsub_numsub(topic))[topic.encode()] == 0
    await hub.close()


async def test_a_resubscribe_that_fails_halfway_is_tried_again_until_the_topics_are_back(
    redis_url, monkeypatch
):
    """Redis closing connections while it starts made one resubscribe fail; the hub then read a pub/sub
    with no subscription and waited forever (a fault drill caught it). Redis is real here; only that
    one failure is injected, as Redis gave it."""
    from redis.asyncio.client import PubSub
    from redis.exceptions import ConnectionError as RedisConnectionError

    class Socket:
        def __init__(self) -> None:
            self.received: list[str] = []

        async def send(self, text_data=None, bytes_data=None) -> None:
            self.received.append(text_data)

    client = redis.Redis.from_url(redis_url)
    topic = names.health("resubscribe-after-a-failure")
    hub = get_hub()
    socket = Socket()
    await hub.register(topic, socket)

    backend, failed = hub.backend, []
    make_pubsub = backend._client.pubsub

    def pubsub_whose_first_subscribe_fails_halfway() -> PubSub:
        """The pub/sub the hub makes to subscribe again. As in the drill: it connects, then Redis
        closes the connection before SUBSCRIBE goes through."""
        pubsub = make_pubsub()
        subscribe = pubsub.subscribe

        async def closed_by_server_once(*args, **kwargs):
            if not failed:
                failed.append(args)
                await pubsub.connect()
                await pubsub.connection.disconnect()
                raise RedisConnectionError("Connection closed by server.")
            return await subscribe(*args, **kwargs)

        pubsub.subscribe = closed_by_server_once
        return pubsub

    monkeypatch.setattr(backend._client, "pubsub", pubsub_whose_first_subscribe_fails_halfway)
    client.client_kill_filter(_type="pubsub")  # the hub's subscription connection is cut

    # The hub says it is back by asking its sockets to resume. Redis's subscriber count alone could
    # still count the old connection, closed without waiting, and a publish then reaches no one.
    await until(lambda: RESUME_HINT in socket.received, 10, "the hub back after a failed try")
    assert failed, "the hub never tried to subscribe again"
    assert dict(client.pubsub_numsub(topic))[topic.encode()] == 1, "the hub did not subscribe again"
    await hub.publish(topic, "weer terug")
    await until(lambda: "weer terug" in socket.received, 10, "the publish after the resubscribe")
    assert "weer terug" in socket.received
    await hub.close()
