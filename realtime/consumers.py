"""WebSocket consumers. Thin: authenticate, authorise, accept, register with the hub; receive,
validate, call a service. Pushes never pass through here: the hub writes them to the socket."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import weakref
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from boards import rendering as board_rendering
from boards import sockets as board_sockets
from callouts import sockets as callout_sockets
from cmij.middleware import chosen_language
from notifications import sockets as notification_sockets
from profiles import sockets as profile_sockets
from realtime import names
from realtime.auth import read_person
from realtime.broadcast import apublish, render_bell_count, render_team_changed

# Close codes (DESIGN.md): 4012/4013 mean "come back" (the glue reconnects), 4008 "stay away".
from realtime.control import CLOSE_STAY_AWAY, CLOSE_TRY_AGAIN, WHYS
from realtime.hub import Hub, get_hub
from realtime.presence import count_publisher, get_presence
from realtime.rates import get_counts
from realtime.threads import off_the_sync_thread
from realtime.wire import WIRE, text_frame
from teams import sockets as team_sockets

logger = logging.getLogger(__name__)


def scope_language(scope: dict[str, Any]) -> str:
    """The visitor's language, by the same rule as pages: the switch's cookie, else Dutch."""
    return chosen_language(scope.get("cookies", {}))


SOCKET_MESSAGES = 30  # per SOCKET_WINDOW, on one socket
SOCKET_WINDOW = 10  # seconds
PER_PERSON_MESSAGES = 60  # per window, over all of one person's sockets
PER_PERSON_WINDOW = 10  # seconds


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
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        raise MessageError(_("That message could not be read.")) from None
    if not isinstance(message, dict) or not isinstance(message.get("action"), str):
        raise MessageError(_("That message could not be read."))
    # htmx's ws-send adds a HEADERS key; it carries nothing we use.
    message.pop("HEADERS", None)
    return message


#: Channel-layer calls in flight at once, per process. channels-redis takes a connection from a pool
#: of 100 for each, and redis-py raises at once (it does not wait) when the pool is empty: a room of
#: phones connecting together failed to join their groups (closed with 4013) before this limit.
LAYER_CONCURRENCY = 50
_layer_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def layer_slots() -> asyncio.Semaphore:
    """This event loop's semaphore for channel-layer calls (a semaphore belongs to one loop)."""
    loop = asyncio.get_running_loop()
    slots = _layer_slots.get(loop)
    if slots is None:
        slots = _layer_slots[loop] = asyncio.Semaphore(LAYER_CONCURRENCY)
    return slots


def message_seq(message: dict[str, Any]) -> int:
    """The `seq` of an ack or resume: a whole number from 0 (`true` is not one)."""
    seq = message.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise MessageError(_("That message could not be read."))
    return seq


@dataclass(frozen=True)
class Recipient:
    """A member's subscription to the notifications topic: the "+1" tagged with their id."""

    user_id: int

    def choose(self, tags: Mapping[str, Any]) -> str | None:
        return "member" if self.user_id in tags.get("users", ()) else None


class LiveConsumer(AsyncWebsocketConsumer):
    """The base of every socket: hub registration, message validation, error fragments."""

    #: Actions a client may send, each handled by `action_<name>`. Anything else is refused.
    actions: frozenset[str] = frozenset()
    hub: Hub | None = None
    #: Set once the socket is authorised and subscribed, cleared when it closes: a refused or closing
    #: socket ignores what arrives before its close reaches the client.
    listening = False

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' dispatch without its first step, `aclose_old_connections`: a hop to the process's
        one thread for sync work before every message (a connect, each ack, resume and post, a
        control message), where it waited behind every post queued there before it was even read.
        Every database call of these consumers goes through `database_sync_to_async` (or
        `off_the_sync_thread`, which uses it), and that closes old connections around each call in
        the thread that holds them: the hop only waited."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        self.language = scope_language(self.scope)
        self.rate_limiter = RateLimiter(capacity=SOCKET_MESSAGES, per_seconds=SOCKET_WINDOW)
        self.control_groups: list[str] = []
        # Accept first: a refusal before accept() reaches the browser as 1006, which htmx
        # retries for ever; after accept() we can close with a code that means something.
        await self.accept()
        if not await self.authorise():
            await self.close(code=CLOSE_STAY_AWAY)
            return
        self.hub = get_hub()
        try:
            for group in self.control_groups:
                async with layer_slots():
                    await self.channel_layer.group_add(group, self.channel_name)
            for topic in self.topics():
                await self.hub.register(topic, self)
            await self.follow_notifications()
        except Exception:
            logger.warning("live socket: could not subscribe, asking the client to retry", exc_info=True)
            await self.close(code=CLOSE_TRY_AGAIN)
            return
        self.listening = True

    def member(self):
        user = self.scope.get("user")
        return user if user is not None and user.is_authenticated and user.is_active else None

    async def follow_notifications(self) -> None:
        """A member's bell, on every page: "+1" pushes, and the database count on every (re)connect,
        so notifications made while this socket was away are counted."""
        member = self.member()
        if member is None:
            return
        await self.hub.register(names.notifications(), self, Recipient(member.pk))
        await self.hub.register(names.user(member.pk), self)
        count = await database_sync_to_async(notification_sockets.unread_count)(member)
        await self.send(text_data=render_bell_count(count))

    async def authorise(self) -> bool:
        """May this socket stay open? Refused sockets are closed with 4008 after accept()."""
        return True

    def topics(self) -> list[str]:
        raise NotImplementedError

    async def disconnect(self, code: int) -> None:
        if self.hub is not None:
            await self.hub.unregister_all(self)
        for group in getattr(self, "control_groups", ()):
            try:
                async with layer_slots():
                    await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:  # the membership expires by itself (channels-redis group_expiry)
                logger.info("live socket: leaving %s failed", group, exc_info=True)

    async def control_close(self, event: dict[str, Any]) -> None:
        """From realtime.control: close this socket with a code (4008: stay away), first saying why
        when there is a reason the person should read (removed from the meeting)."""
        code = int(event.get("code", CLOSE_STAY_AWAY))
        why = event.get("why")
        if code == CLOSE_STAY_AWAY and why in WHYS:
            await self.send_fragment("realtime/stay_away.html", {"why": why})
        await self.close(code=code)

    async def send(
        self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False
    ) -> None:
        """A text goes to the connection as a ready frame where daphne serves the socket
        (realtime/wire.py: the hub's deliveries, each socket's own answers, in the order sent)."""
        wire = self.scope.get(WIRE)
        if text_data and bytes_data is None and not close and wire is not None:
            if wire.write(text_frame(text_data)):
                return
        await super().send(text_data=text_data, bytes_data=bytes_data, close=close)

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        # Unregister before closing, so the hub never writes to a closing socket.
        self.listening = False
        if self.hub is not None:
            await self.hub.unregister_all(self)
        await super().close(code=code, reason=reason)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not self.listening:
            return
        with translation.override(self.language):
            await self.handle_message(text_data, bytes_data)

    def person_key(self) -> str | None:
        """Who sends, across all their sockets: for the per-person rate limit."""
        user = self.scope.get("user")
        return f"user:{user.pk}" if user is not None and user.is_authenticated else None

    async def person_allows(self) -> bool:
        """At most PER_PERSON_MESSAGES per window from one person over all their sockets; counted on
        the loop (realtime/rates.py), not on the thread where the posts queue."""
        key = self.person_key()
        if key is None:
            return True
        window = int(time.time() // PER_PERSON_WINDOW)
        count = await get_counts().add(
            f"{settings.CMIJ_LIMITS_NAMESPACE}:ws:{key}", window, PER_PERSON_WINDOW
        )
        return count <= PER_PERSON_MESSAGES

    async def handle_message(self, text_data: str | None, bytes_data: bytes | None) -> None:
        try:
            if not self.rate_limiter.allow() or not await self.person_allows():
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
    """The socket every page opens: site-wide news, a member's own notifications, and on the
    callout feed the new callouts that match the reader's filters.

    A member's site socket is in the member's control group, as their board sockets are: a logout,
    a deactivation or a deleted account closes it with 4008 (realtime.control), and a change of the
    member's rights re-checks what it follows (`control_recheck`)."""

    actions = frozenset({"ping", "feed", "team"})
    feed_topic: str | None = None
    team_topic: str | None = None
    team_id: int | None = None

    async def authorise(self) -> bool:
        await off_the_sync_thread(read_person)(self.scope)
        member = self.member()
        if member is not None:
            self.control_groups = [names.user_group(member.pk)]
        return True

    def topics(self) -> list[str]:
        return [names.site(self.language)]

    async def person(self):
        """Who this socket's person is now (a logout in another tab counts), for every decision."""
        return await database_sync_to_async(profile_sockets.current_user)(self.scope)

    async def action_ping(self, message: dict[str, Any]) -> None:
        await self.send_fragment("realtime/pong.html", {})

    async def action_feed(self, message: dict[str, Any]) -> None:
        """Subscribe to new callouts with the page's filters (again, whenever they change). Answered
        with an acknowledgement once the hub has the subscription (realtime/subscribed.html)."""
        query = message.get("query")
        if not isinstance(query, str) or len(query) > 2000:
            raise MessageError(_("That message could not be read."))
        try:
            subscription = await database_sync_to_async(callout_sockets.feed_subscription)(
                user=await self.person(), query=query
            )
        except callout_sockets.SubscriptionRefused:
            raise MessageError(_("These filters could not be used for live updates.")) from None
        self.feed_topic = names.callouts(self.language)
        await self.hub.register(self.feed_topic, self, subscription)
        await self.send_fragment("realtime/subscribed.html", {"what": "feed"})

    async def action_team(self, message: dict[str, Any]) -> None:
        """Watch an action team's page: its changes arrive as a hint to re-fetch the live part. Once
        registered, this socket gets an acknowledgement (realtime/subscribed.html) and then the hint,
        so the page catches up on what it missed (the page sends this again whenever its socket
        reopens)."""
        team_id = message.get("team")
        if not isinstance(team_id, int) or isinstance(team_id, bool) or team_id < 1:
            raise MessageError(_("That message could not be read."))
        may_watch = await database_sync_to_async(team_sockets.may_watch)(
            user=await self.person(), team_id=team_id
        )
        if not may_watch:
            raise MessageError(_("This action team cannot be followed live here."))
        # One team per page, so one per socket: watching another drops the previous one.
        topic = names.team(team_id, self.language)
        if self.team_topic is not None and self.team_topic != topic:
            await self.hub.unregister(self.team_topic, self)
        self.team_topic, self.team_id = topic, team_id
        await self.hub.register(topic, self)
        await self.send_fragment("realtime/subscribed.html", {"what": "team", "team": team_id})
        await self.send(text_data=render_team_changed(team_id, self.language))

    async def control_recheck(self, event: dict[str, Any]) -> None:
        """The person's rights changed (realtime.control): someone who is no longer a member is told
        to stay away; otherwise each subscription this socket holds is checked again and dropped if
        the person may no longer hold it. The hub's per-push filters stay in memory."""
        user = await self.person()
        if not user.is_authenticated:
            await self.close(code=CLOSE_STAY_AWAY)
            return
        if self.feed_topic is not None and not await database_sync_to_async(callout_sockets.may_follow_feed)(
            user=user
        ):
            await self.hub.unregister(self.feed_topic, self)
            self.feed_topic = None
        if self.team_topic is not None and not await database_sync_to_async(team_sockets.may_watch)(
            user=user, team_id=self.team_id
        ):
            await self.hub.unregister(self.team_topic, self)
            self.team_topic = self.team_id = None


async def publish_presence(board_id: int, count: int) -> None:
    for language, _name in settings.LANGUAGES:
        await apublish(
            names.presence(board_id, language), board_rendering.render_presence(board_id, count, language)
        )


def person_and_access(scope: dict[str, Any], board_id: int) -> board_sockets.BoardAccess | None:
    """The socket's person, then what they may see of the board: one worker call for both."""
    read_person(scope)
    return board_sockets.access_for(scope=scope, board_id=board_id)


class BoardConsumer(LiveConsumer):
    """A board's socket: participants, the projector (with its link) or the board's facilitators.

    Pushes arrive through the hub on the topic of this socket's audience and language. The client
    sends `resume` with the last seq it applied whenever the socket opens or it sees a gap, and
    `ack` every few seconds. A socket that was sent CMIJ_SOCKET_MAX_BEHIND events since the client
    last acknowledged (ack or resume) is not reading: it is closed with 4013 and resumes from the
    log when it comes back. Counted in events sent (each of a message the in-process hub joined from
    several), not in seqs, so a phone far behind that resumes
    (a replay or one snapshot) is not closed for the distance it is catching up; nor for what was
    pushed while its resume was being answered (a large board's snapshot takes a while to render,
    and acks wait behind the resume): a phone that resumes from far behind after an outage would
    otherwise be closed, resume and be closed again for as long as the room keeps posting.

    A resume's answer is sent before what was pushed while it was read and rendered: sent at once,
    such a push would reach the phone first and the answer, a snapshot older than it, would then
    take the board back (that idea gone until the next post showed a gap).
    """

    actions = frozenset({"resume", "ack", "post", "vote", "unvote"})
    sent = 0  # board events sent on this socket
    sent_at_ack = 0  # ... when the client last acknowledged
    held: list[str] | None = None  # while a resume is answered: the board events pushed meanwhile
    access = None
    present = False

    async def connect(self) -> None:
        await super().connect()
        if self.hub is not None and self.access is not None and board_sockets.counts_as_present(self.access):
            self.present = True
            await self.heartbeat(tell_me=True)

    async def disconnect(self, code: int) -> None:
        await super().disconnect(code)
        if self.present:
            self.present = False
            count = await get_presence().leave(self.board_id, self.channel_name)
            await self.publish_count(count)

    async def heartbeat(self, tell_me: bool = False) -> None:
        """Touch this socket's presence entry; push the count if it changed (or to a new socket)."""
        count = await get_presence().touch(self.board_id, self.channel_name)
        if tell_me:
            await self.send(text_data=board_rendering.render_presence(self.board_id, count, self.language))
        await self.publish_count(count)

    async def publish_count(self, count: int) -> None:
        """Only changes, and coalesced: at most one count per board per half second (presence.py)."""
        await count_publisher().changed(self.board_id, count, publish_presence)

    async def authorise(self) -> bool:
        self.board_id = int(self.scope["url_route"]["kwargs"]["board_id"])
        # Only reads: off the one sync thread, so a phone connecting while the room posts is not
        # queued behind the posts; the person and the access in one call (realtime/auth.py).
        self.access = await off_the_sync_thread(person_and_access)(self.scope, self.board_id)
        if self.access is None:
            return False
        self.control_groups = self.access.control_groups
        return True

    def topics(self) -> list[str]:
        return self.access.topics(self.language)

    def person_key(self) -> str | None:
        if self.access is not None and self.access.guest_id is not None:
            return f"guest:{self.access.guest_id}"
        return super().person_key()

    async def send(
        self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False
    ) -> None:
        if text_data and board_sockets.is_board_event(text_data):
            if self.held is not None:
                self.held.append(text_data)
                return
            if self.sent - self.sent_at_ack >= settings.CMIJ_SOCKET_MAX_BEHIND:
                # Not reading: close rather than buffer without bound; the client comes back
                # (4013) and resumes from the log.
                await self.close(code=CLOSE_TRY_AGAIN)
                return
            self.sent += board_sockets.event_count(text_data)  # the hub may have joined several
        await super().send(text_data=text_data, bytes_data=bytes_data, close=close)

    async def action_ack(self, message: dict[str, Any]) -> None:
        message_seq(message)  # a malformed ack is answered with an error
        self.sent_at_ack = self.sent
        if self.present:
            await self.heartbeat()

    async def action_resume(self, message: dict[str, Any]) -> None:
        seq = message_seq(message)
        self.sent_at_ack = self.sent
        # What the client asked for is not counted against it: at most REPLAY_LIMIT events, or
        # one snapshot, however far behind it was. A replay only reads, so it runs off the process's
        # one thread for sync work (thread_sensitive=False): a phone back from far behind must not
        # hold up every post and resume of its process while its replay renders.
        replay = off_the_sync_thread(board_sockets.replay)
        await self._answer_then_pushes(replay(access=self.access, since=seq, language=self.language))

    async def _answer_then_pushes(self, answer: Awaitable[list[str]]) -> None:
        """Send a replay or a snapshot, then the board events pushed while it was being made (the
        phone drops those it already has by their seq). Neither counts as unread."""
        self.held = []
        try:
            for fragment in await answer:
                await super().send(text_data=fragment)
        finally:
            while self.held:  # held until the last is out: a push meanwhile waits its turn
                await super().send(text_data=self.held.pop(0))
            self.held = None
            self.sent_at_ack = self.sent

    async def action_post(self, message: dict[str, Any]) -> None:
        await self._act("post", message)

    async def action_vote(self, message: dict[str, Any]) -> None:
        await self._act("vote", message)

    async def action_unvote(self, message: dict[str, Any]) -> None:
        await self._act("unvote", message)

    async def _act(self, action: str, message: dict[str, Any]) -> None:
        # The person is looked up again for every write: a kicked guest or a logged-out member
        # loses their rights at once.
        fragments = await database_sync_to_async(board_sockets.act)(
            scope=self.scope, access=self.access, action=action, message=message, language=self.language
        )
        for fragment in fragments:
            await self.send(text_data=fragment)

    async def control_recheck(self, event: dict[str, Any]) -> None:
        """Someone's role on this board changed: move this socket to its audience now."""
        access = await database_sync_to_async(board_sockets.access_for)(
            scope=self.scope, board_id=self.board_id
        )
        if access is None:
            await self.close(code=CLOSE_STAY_AWAY)
            return
        if access.audience == self.access.audience:
            return
        old_topics = self.topics()
        self.access = access
        for topic in old_topics:
            await self.hub.unregister(topic, self)
        for topic in self.topics():
            await self.hub.register(topic, self)
        await self._answer_then_pushes(
            database_sync_to_async(board_sockets.snapshot)(access=access, language=self.language)
        )
