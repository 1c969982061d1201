from __future__ import annotations

from django.urls import path

from realtime import consumers

websocket_urlpatterns = [
    path("ws/live/", consumers.SiteConsumer.as_asgi(), name="ws-live"),
    path("ws/boards/<int:board_id>/", consumers.BoardConsumer.as_asgi(), name="ws-board"),
]
