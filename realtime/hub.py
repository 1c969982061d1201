"""The per-process hub: this process's sockets by topic, one subscription per topic, local fan-out.

A fragment is rendered once and published once per topic; each process's hub writes the ready string
to each of its own sockets of that topic with `await socket.send(text_data=...)`, never through the
consumer's dispatch, so the per-recipient path does no query, no rendering and no thread hop.
Why, with measurements: docs/architecture.md and DESIGN.md ("Why a hub, not a group").

Two backends behind one interface:
- InProcessBackend: publishes within this process (the embedded default, one daphne process).
- RedisBackend: Redis pub/sub, so a publish from any process reaches every process's hub.

A hub belongs to the running event loop (daphne has one; tests get a fresh loop each), so
`get_hub()` keys hubs by loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import weakref
from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import Any, Protocol

from django.conf import settings

logger = logging.getLogger(__name__)

SUBSCRIBE_TIMEOUT = 5.0
# Sent to every socket after the hub's Redis connection came back: pushes during the outage are
# lost, so the glue JS resumes from the database when it sees this.
RESUME_HINT = '<div id="live-resume" data-resume="1" hidden></div>'


async def send_resume_hint(socket: Socket) -> None:
    await socket.send(text_data=RESUME_HINT)


RECONNECT_DELAYS = (0.1, 0.25, 0.5, 1.0, 2.0)


class Socket(Protocol):
    """What the hub writes to: a consumer, or anything with the same `send`."""

    async def send(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None: ...


class Subscription(Protocol):
    """A per-socket filter, stored when the socket registered: which variant of a tagged message
    this socket gets, or None for none. A cheap predicate on the tags: no database, no render."""

    def choose(self, tags: Mapping[str, Any]) -> str | None: ...


# A tagged message: one publish carries its tags and the ready variants (a card, a hint); each
# socket's subscription picks one. Plain messages go to every socket of the topic as they are.
TAGGED = "\x1ecmij-tagged\x1e"


def pack(tags: Mapping[str, Any], variants: Mapping[str, str]) -> str:
    """A tagged message. List values in the tags arrive as frozensets, for cheap membership tests."""
    return TAGGED + json.dumps({"tags": tags, "variants": variants}, separators=(",", ":"))


def unpack(text: str) -> tuple[dict[str, Any], dict[str, str]] | None:
    if not text.startswith(TAGGED):
        return None
    message = json.loads(text[len(TAGGED) :])
    tags = {
        key: frozenset(value) if isinstance(value, list) else value for key, value in message["tags"].items()
    }
    return tags, message["variants"]


class Hub:
    def __init__(self, loop: asyncio.AbstractEventLoop, backend: BackendFactory) -> None:
        self.loop = loop
        self.backend = backend(weakref.ref(self), loop)
        # topic -> {socket: its subscription (None: every message as it is)}
        self.sockets: dict[str, dict[Socket, Subscription | None]] = {}
        self.topics_of: dict[Socket, set[str]] = {}
        self._subscribing: dict[str, asyncio.Future[None]] = {}
        # Called with each socket after the backend came back from a lost connection, so the
        # socket can resume from the database (pushes sent meanwhile were lost).
        self.on_reconnect: Callable[[Socket], Awaitable[None]] | None = None

    # --- registry -------------------------------------------------------------------------------

    async def register(self, topic: str, socket: Socket, subscription: Subscription | None = None) -> None:
        """Add a socket to a topic; the first socket of a topic subscribes to it.

        Registering again replaces the socket's subscription (a reader changed their filters).
        Returns once the subscription is confirmed, so a caller that replays from the database
        after registering misses nothing in between.
        """
        members = self.sockets.setdefault(topic, {})
        members[socket] = subscription
        self.topics_of.setdefault(socket, set()).add(topic)
        if topic not in self._subscribing:
            if self.backend.subscribes:
                self._subscribing[topic] = asyncio.ensure_future(self.backend.subscribe(topic))
            else:
                # Nothing to wait for: a done future, so registering does not wait for the loop to
                # come round (a busy loop takes a while; every phone's own topic is new).
                self._subscribing[topic] = done = self.loop.create_future()
                done.set_result(None)
        try:
            await asyncio.shield(self._subscribing[topic])
        except BaseException:
            await self.unregister(topic, socket)
            raise

    async def unregister(self, topic: str, socket: Socket) -> None:
        """Remove a socket from a topic; the last socket leaving unsubscribes."""
        members = self.sockets.get(topic)
        if members is not None:
            members.pop(socket, None)
        topics = self.topics_of.get(socket)
        if topics is not None:
            topics.discard(topic)
            if not topics:
                del self.topics_of[socket]
        if members is not None and not members:
            del self.sockets[topic]
            self._subscribing.pop(topic, None)
            try:
                await self.backend.unsubscribe(topic)
            except Exception:
                logger.warning("hub: unsubscribing from %s failed", topic, exc_info=True)

    async def unregister_all(self, socket: Socket) -> None:
        for topic in list(self.topics_of.get(socket, ())):
            await self.unregister(topic, socket)

    def topic_count(self) -> int:
        return len(self.sockets)

    # --- delivery -------------------------------------------------------------------------------

    async def deliver(self, topic: str, text: str) -> int:
        """Write a ready string to every local socket of the topic; returns how many got it.

        A tagged message is decoded once; each socket gets the variant its subscription chooses.
        Each write has its own `try`: a socket that is closing raises (autobahn's Disconnected,
        among others) and is dropped, and the others still get the message.
        """
        tagged = unpack(text)
        delivered = 0
        for socket, subscription in list(self.sockets.get(topic, {}).items()):
            if tagged is not None:
                tags, variants = tagged
                choice = subscription.choose(tags) if subscription is not None else None
                text = variants.get(choice) if choice is not None else None
                if text is None:
                    continue
            try:
                await socket.send(text_data=text)
            except Exception:
                logger.info("hub: dropping a socket that failed a write on %s", topic)
                await self.unregister_all(socket)
            else:
                delivered += 1
        return delivered

    async def publish(self, topic: str, text: str) -> None:
        """Publish from async code (consumers: presence, the timer). Services use broadcast."""
        await self.backend.publish(topic, text)

    async def backend_reconnected(self) -> None:
        """The backend lost its connection and is back: tell every socket to resume."""
        if self.on_reconnect is None:
            return
        for socket in list(self.topics_of):
            try:
                await self.on_reconnect(socket)
            except Exception:
                logger.info("hub: a socket failed its resume hint", exc_info=True)

    async def close(self) -> None:
        await self.backend.close()


class Backend(Protocol):
    subscribes: bool  # whether a topic must be subscribed to before its messages arrive

    async def subscribe(self, topic: str) -> None: ...
    async def unsubscribe(self, topic: str) -> None: ...
    async def publish(self, topic: str, text: str) -> None: ...
    async def close(self) -> None: ...


BackendFactory = Callable[[Callable[[], "Hub | None"], asyncio.AbstractEventLoop], Backend]


#: Messages published as joinable (board events) that wait in the in-process queue behind the loop go
#: out as one message per run of one topic: at most this many of them, and this many characters.
JOIN_MAX_MESSAGES = 32
JOIN_MAX_CHARS = 256 * 1024


def joined(queued: list[tuple[str, str, bool]]) -> list[tuple[str, str]]:
    """(topic, text, joinable) in the order published -> (topic, text) to deliver, in the same order:
    each run of consecutive joinable messages of one topic as one text, within the caps above.

    A message with several board events costs each socket one write instead of several (most of a
    delivery is daphne's write path, docs/benchmarks.md); every reader splits it at the events' seq
    markers (boards/events.py)."""
    runs: list[tuple[str, list[str], bool]] = []
    size = 0
    for topic, text, joinable in queued:
        last = runs[-1] if runs else None
        if (
            joinable
            and last is not None
            and last[2]
            and last[0] == topic
            and len(last[1]) < JOIN_MAX_MESSAGES
            and size + len(text) <= JOIN_MAX_CHARS
        ):
            last[1].append(text)
            size += len(text)
        else:
            runs.append((topic, [text], joinable))
            size = len(text)
    return [(topic, "".join(texts)) for topic, texts, _joinable in runs]


class InProcessBackend:
    """Delivery within this process: a queue per hub, drained in order by one task.

    Whatever waits in the queue when the task comes round is taken at once and delivered in order,
    runs of joinable messages of one topic joined (`joined`): a loop that falls behind a room posting
    faster than its sockets are written to catches up in fewer, larger writes."""

    subscribes = False  # every publish of this process reaches its hub: nothing to subscribe to

    def __init__(self, hub_ref: Callable[[], Hub | None], loop: asyncio.AbstractEventLoop) -> None:
        self._hub_ref = hub_ref
        self._loop = loop
        self._queue: asyncio.Queue[tuple[str, str, bool]] = asyncio.Queue()
        # A strong reference: an unreferenced task may be garbage-collected mid-flight.
        self._pump = loop.create_task(self._drain(), name="cmij-hub-inprocess")

    async def _drain(self) -> None:
        while True:
            queued = [await self._queue.get()]
            while not self._queue.empty() and len(queued) < JOIN_MAX_MESSAGES * 4:
                queued.append(self._queue.get_nowait())
            hub = self._hub_ref()
            if hub is not None:
                for topic, text in joined(queued):
                    await hub.deliver(topic, text)

    async def subscribe(self, topic: str) -> None:
        return None

    async def unsubscribe(self, topic: str) -> None:
        return None

    async def publish(self, topic: str, text: str) -> None:
        _publish_inprocess(topic, text, joinable=False)

    def enqueue(self, topic: str, text: str, joinable: bool) -> None:
        """Hand a published message to this hub's loop, from any thread."""
        if not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._queue.put_nowait, (topic, text, joinable))

    async def close(self) -> None:
        self._pump.cancel()


class RedisBackend:
    """One Redis pub/sub connection per process: one SUBSCRIBE per topic with local sockets.

    If the connection is lost, it reconnects with backoff, subscribes to every current topic again
    and tells the hub, which asks its sockets to resume (pushes during the outage are gone).
    """

    subscribes = True

    def __init__(
        self, hub_ref: Callable[[], Hub | None], loop: asyncio.AbstractEventLoop, *, url: str
    ) -> None:
        import redis.asyncio as aioredis

        self._hub_ref = hub_ref
        # A blocking pool: a burst of publishes waits for a connection instead of failing at 100.
        self._client = aioredis.Redis(
            connection_pool=aioredis.BlockingConnectionPool.from_url(
                url, max_connections=50, timeout=20, health_check_interval=10
            )
        )
        self._pubsub = self._client.pubsub()
        self._topics: set[str] = set()
        self._confirmations: dict[str, asyncio.Future[None]] = {}
        self._has_topics = asyncio.Event()
        self._closed = False
        self._listener = loop.create_task(self._listen(), name="cmij-hub-redis")

    async def subscribe(self, topic: str) -> None:
        future = self._confirmations.get(topic)
        if future is None or future.done():
            future = asyncio.get_running_loop().create_future()
            self._confirmations[topic] = future
        self._topics.add(topic)
        await self._pubsub.subscribe(topic)
        self._has_topics.set()
        await asyncio.wait_for(asyncio.shield(future), SUBSCRIBE_TIMEOUT)

    async def unsubscribe(self, topic: str) -> None:
        self._topics.discard(topic)
        self._confirmations.pop(topic, None)
        await self._pubsub.unsubscribe(topic)

    async def publish(self, topic: str, text: str) -> None:
        await self._client.publish(topic, text)

    async def _listen(self) -> None:
        failures = 0
        while not self._closed:
            try:
                if not self._pubsub.subscribed:
                    self._has_topics.clear()
                    if not self._topics:
                        await self._has_topics.wait()
                        continue
                message = await self._pubsub.get_message(timeout=1.0)
                failures = 0
                if message is not None:
                    await self._handle(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                failures = await self._reconnect_until_subscribed(failures)

    async def _reconnect_until_subscribed(self, failures: int) -> int:
        """Reconnect with backoff until every topic is subscribed again; the failures so far.

        Until then, not listening: a pub/sub whose resubscribe failed halfway (Redis closing
        connections while it starts) holds no subscription, and reading it would wait forever for
        messages that never come."""
        while not self._closed:
            delay = RECONNECT_DELAYS[min(failures, len(RECONNECT_DELAYS) - 1)]
            failures += 1
            logger.warning("hub: Redis connection lost, reconnecting in %.2fs", delay, exc_info=failures == 1)
            await asyncio.sleep(delay)
            if await self._reconnect():
                break
        return failures

    async def _handle(self, message: dict) -> None:
        kind = message["type"]
        channel = message["channel"].decode() if isinstance(message["channel"], bytes) else message["channel"]
        if kind == "subscribe":
            future = self._confirmations.get(channel)
            if future is not None and not future.done():
                future.set_result(None)
        elif kind == "message":
            hub = self._hub_ref()
            if hub is not None:
                data = message["data"]
                await hub.deliver(channel, data.decode() if isinstance(data, bytes) else data)

    async def _reconnect(self) -> bool:
        """A new pub/sub subscribed to every current topic; whether that worked."""
        try:
            await self._pubsub.aclose()
        except Exception:
            pass
        self._pubsub = self._client.pubsub()
        try:
            if self._topics:
                await self._pubsub.subscribe(*self._topics)
        except Exception as error:
            logger.info("hub: Redis still unreachable (%s: %s)", type(error).__name__, error)
            return False
        logger.warning("hub: Redis connection back, resubscribed to %d topics", len(self._topics))
        hub = self._hub_ref()
        if hub is not None:
            await hub.backend_reconnected()
        return True

    async def close(self) -> None:
        self._closed = True
        self._listener.cancel()
        try:
            await self._pubsub.aclose()
            await self._client.aclose()
        except Exception:
            pass


# --- one hub per event loop -----------------------------------------------------------------------

_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()
_hubs_lock = threading.Lock()
_sync_clients: dict[str, object] = {}


def get_hub() -> Hub:
    """The hub of the running event loop, made on first use."""
    loop = asyncio.get_running_loop()
    with _hubs_lock:
        hub = _hubs.get(loop)
        if hub is None:
            hub = _make_hub(loop)
            _hubs[loop] = hub
    return hub


def _make_hub(loop: asyncio.AbstractEventLoop) -> Hub:
    if settings.CMIJ_HUB_BACKEND == "redis":
        hub = Hub(loop, partial(RedisBackend, url=settings.REDIS_URL))
    else:
        hub = Hub(loop, InProcessBackend)
    hub.on_reconnect = send_resume_hint
    return hub


def live_hubs() -> list[Hub]:
    with _hubs_lock:
        return [hub for loop, hub in _hubs.items() if not loop.is_closed()]


def _publish_inprocess(topic: str, text: str, joinable: bool) -> None:
    for hub in live_hubs():
        if isinstance(hub.backend, InProcessBackend):
            hub.backend.enqueue(topic, text, joinable)


def _sync_redis(url: str):
    import redis

    client = _sync_clients.get(url)
    if client is None:
        client = _sync_clients[url] = redis.Redis.from_url(url)
    return client


def topics_in_use(names: list[str]) -> set[str]:
    """Which of these topics have a socket somewhere, so nothing is rendered for nobody."""
    if settings.CMIJ_HUB_BACKEND == "redis":
        counts = _sync_redis(settings.REDIS_URL).pubsub_numsub(*names)
        return {(name.decode() if isinstance(name, bytes) else name) for name, count in counts if count}
    with _hubs_lock:
        hubs = [hub for loop, hub in _hubs.items() if not loop.is_closed()]
    return {name for name in names if any(name in hub.sockets for hub in hubs)}


def publish_from_sync(topic: str, text: str, *, joinable: bool = False) -> None:
    """Publish from synchronous code (a service's on-commit callback), from any thread.

    `joinable`: the text is a board event, which the in-process hub may deliver joined with the next
    ones of its topic when they queue up (`joined`); Redis delivers each as it was published."""
    if settings.CMIJ_HUB_BACKEND == "redis":
        _sync_redis(settings.REDIS_URL).publish(topic, text)
    else:
        _publish_inprocess(topic, text, joinable)
