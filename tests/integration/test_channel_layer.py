"""The Redis channel layer as configured: a consumer that waits longer than one blocking read
(channels-redis blocks 5 s in BZPOPMIN) still gets its message, instead of dying of redis-py 8's
default 5 s read timeout (which closed idle sockets with 1011)."""

from __future__ import annotations

import asyncio

import pytest
from channels.layers import get_channel_layer

from tests.helpers.services import require_redis
from tests.helpers.traffic import idle_window

pytestmark = pytest.mark.django_db(transaction=True)

# Longer than one blocking read: channels-redis blocks 5 s in BZPOPMIN.
PAST_ONE_BLOCKING_READ = 7


async def test_a_receive_that_waits_past_the_blocking_read_survives(settings):
    require_redis()
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    layer = get_channel_layer()
    channel = await layer.new_channel()

    async def send_later() -> None:
        await idle_window(PAST_ONE_BLOCKING_READ)  # the receive below waits all this time
        await layer.send(channel, {"type": "control.close", "code": 4008})

    sender = asyncio.create_task(send_later())
    message = await asyncio.wait_for(layer.receive(channel), 20)
    await sender
    assert message == {"type": "control.close", "code": 4008}
    await layer.flush()
