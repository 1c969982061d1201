"""WebSocket consumers. Thin: authenticate, authorise, accept, register with the hub; receive,
validate, call a service. Pushes never pass through here: the hub writes them to the socket."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from cmij.middleware import chosen_language
from realtime import topics
from realtime.hub import Hub, get_hub

logger = logging.getLogger(__name__)

# Close codes (DESIGN.md): 4012/4013 mean "come back" (the glue reconnects), 4008 "stay away".
CLOSE_RESTART = 4012
CLOSE_TRY_AGAIN = 4013
CLOSE_STAY_AWAY = 4008


def scope_language(scope: dict[str, Any]) -> str:
    """The visitor's language, by the same rule as pages: the switch's cookie, else Dutch."""
    return chosen_language(scope.get("cookies", {}))


class MessageError(ValueError):
    """An incoming message that cannot be handled; its text is shown to the user."""


class RateLimiter:
    """A token bucket per connection: `capacity` messages, refilled over `per_seconds`."""

    def __init__(self, capacity: int, per_seconds: float) -> None:
        self.capacity = capacity
        self.rate = capacity / per_seconds
        self.tokens = float(capacity)
        self.stamp = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def parse_message(text_data: str | None, bytes_data: bytes | None) -> dict[str, Any]:
    """Validate the envelope of a message from htmx's ws extension (JSON with an action)."""
    if text_data is None:
        raise MessageError(_("Only text messages are accepted."))
    if len(text_data.encode("utf-8")) > settings.CMIJ_WS_MAX_MESSAGE_BYTES:
        raise MessageError(_("That message is too large."))
    try:
        message = json.loads(text_data)
    except ValueError:
        raise MessageError(_("That message could not be read.")) from None
    if not isinstance(message, dict) or not isinstance(message.get("action"), str):
        raise MessageError(_("That message could not be read."))
    # htmx's ws-send adds a HEADERS key; it carries nothing we use.
    message.pop("HEADERS", None)
    return message


class LiveConsumer(AsyncWebsocketConsumer):
    """The base of every socket: hub registration, message validation, error fragments."""

    #: Actions a client may send, each handled by `action_<name>`. Anything else is refused.
    actions: frozenset[str] = frozenset()
    hub: Hub | None = None

    async def connect(self) -> None:
        self.language = scope_language(self.scope)
        self.rate_limiter = RateLimiter(capacity=30, per_seconds=10)
        # Accept first: a refusal before accept() reaches the browser as 1006, which htmx
        # retries for ever; after accept() we can close with a code that means something.
        await self.accept()
        self.hub = get_hub()
        try:
            for topic in self.topics():
                await self.hub.register(topic, self)
        except Exception:
            logger.warning("live socket: could not subscribe, asking the client to retry", exc_info=True)
            await self.close(code=CLOSE_TRY_AGAIN)

    def topics(self) -> list[str]:
        raise NotImplementedError

    async def disconnect(self, code: int) -> None:
        if self.hub is not None:
            await self.hub.unregister_all(self)

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        # Unregister before closing, so the hub never writes to a closing socket.
        if self.hub is not None:
            await self.hub.unregister_all(self)
        await super().close(code=code, reason=reason)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        with translation.override(self.language):
            await self.handle_message(text_data, bytes_data)

    async def handle_message(self, text_data: str | None, bytes_data: bytes | None) -> None:
        try:
            if not self.rate_limiter.allow():
                raise MessageError(_("Too many messages at once. Wait a moment and try again."))
            message = parse_message(text_data, bytes_data)
            action = message["action"]
            if action not in self.actions:
                raise MessageError(_("This action is not available here."))
            await getattr(self, f"action_{action}")(message)
        except MessageError as error:
            await self.send_error(str(error))
        except Exception:
            logger.exception("live socket: a message failed")
            await self.send_error(_("Something went wrong. Please try again."))

    async def send_error(self, message: str) -> None:
        await self.send_fragment("realtime/error.html", {"message": message})

    async def send_fragment(self, template: str, context: dict[str, Any]) -> None:
        with translation.override(self.language):
            await self.send(text_data=render_to_string(template, context))


class SiteConsumer(LiveConsumer):
    """The socket every page opens: site-wide news, and a member's own notifications."""

    actions = frozenset({"ping"})

    def topics(self) -> list[str]:
        names = [topics.site(self.language)]
        user = self.scope.get("user")
        if user is not None and user.is_authenticated:
            names.append(topics.user(user.pk))
        return names

    async def action_ping(self, message: dict[str, Any]) -> None:
        await self.send_fragment("realtime/pong.html", {})
