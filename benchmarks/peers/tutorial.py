"""Peer B: the Channels tutorial pattern, as the tutorial writes its chat room, on daphne with
channels-redis on the same Redis as our app.

    REDIS_URL=redis://127.0.0.1:6379/0 daphne benchmarks.peers.tutorial:application

One group per room; a message a client sends goes through the layer (group_send) to every consumer
of the room, whose handler does `json.dumps` and a send.
"""

from __future__ import annotations

import json
import os

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="benchmark-peer-only",
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=["daphne", "channels"],
        ASGI_APPLICATION="benchmarks.peers.tutorial.application",
        CHANNEL_LAYERS={
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                # As our app: redis-py 8's 5 s read timeout would otherwise kill idle consumers.
                "CONFIG": {
                    "hosts": [
                        {
                            "address": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
                            "socket_timeout": 30,
                        }
                    ]
                },  # fmt: skip
            }
        },
    )
    django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import URLRouter  # noqa: E402
from django.urls import path  # noqa: E402


class ChatConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.room_group_name = "chat_bench"
        await self.channel_layer.group_add(self.room_group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, close_code) -> None:
        await self.channel_layer.group_discard(self.room_group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        message = json.loads(text_data)["message"]
        await self.channel_layer.group_send(
            self.room_group_name, {"type": "chat.message", "message": message}
        )

    async def chat_message(self, event) -> None:
        await self.send(text_data=json.dumps({"message": event["message"]}))


application = URLRouter([path("ws/chat/bench/", ChatConsumer.as_asgi())])
