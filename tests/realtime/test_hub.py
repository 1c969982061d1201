"""The per-process hub: one subscription per topic, local fan-out, bad sockets dropped."""

from __future__ import annotations

import asyncio
import threading

from autobahn.exception import Disconnected

from realtime.hub import (
    JOIN_MAX_CHARS,
    JOIN_MAX_MESSAGES,
    Hub,
    InProcessBackend,
    get_hub,
    joined,
    publish_from_sync,
)
from tests.helpers.sockets import is_sentinel, nothing_more

WAIT = 2.0


class FakeSocket:
    """Stands in for a consumer: the hub only ever calls `send(text_data=...)`. A test's sentinel
    (tests.helpers.sockets) is received like anything else but not counted in `sends`."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.received: asyncio.Queue[str] = asyncio.Queue()
        self.fail = fail
        self.sends = 0

    async def send(self, text_data=None, bytes_data=None) -> None:
        if not is_sentinel(text_data or ""):
            self.sends += 1
        if self.fail is not None:
            raise self.fail
        await self.received.put(text_data)

    async def next(self) -> str:
        return await asyncio.wait_for(self.received.get(), WAIT)

    async def receive_from(self, timeout: float = WAIT) -> str:  # noqa: ASYNC109
        """As a WebsocketCommunicator reads, for tests.helpers.sockets."""
        return await asyncio.wait_for(self.received.get(), timeout)


class RecordingBackend(InProcessBackend):
    """The in-process backend as one that subscribes (as Redis does), recording each subscribe and
    unsubscribe it is asked for."""

    subscribes = True

    def __init__(self, hub_ref, loop) -> None:
        super().__init__(hub_ref, loop)
        self.calls: list[tuple[str, str]] = []

    async def subscribe(self, topic: str) -> None:
        self.calls.append(("subscribe", topic))

    async def unsubscribe(self, topic: str) -> None:
        self.calls.append(("unsubscribe", topic))


async def test_a_publish_reaches_every_local_socket_of_its_topic_and_no_other():
    hub = get_hub()
    a, b, elsewhere = FakeSocket(), FakeSocket(), FakeSocket()
    await hub.register("t:board-1", a)
    await hub.register("t:board-1", b)
    await hub.register("t:board-2", elsewhere)

    await hub.publish("t:board-1", "<p>idee</p>")

    assert await a.next() == "<p>idee</p>"
    assert await b.next() == "<p>idee</p>"
    assert await nothing_more(elsewhere, "t:board-2", noise=None)  # a sentinel published after the idea
    assert elsewhere.received.empty()
    assert (a.sends, b.sends, elsewhere.sends) == (1, 1, 0)


async def test_the_first_socket_subscribes_and_the_last_one_leaving_unsubscribes():
    hub = Hub(asyncio.get_running_loop(), RecordingBackend)
    first, second = FakeSocket(), FakeSocket()

    await hub.register("t:x", first)
    await hub.register("t:x", second)
    assert hub.backend.calls == [("subscribe", "t:x")]

    await hub.unregister("t:x", first)
    assert hub.backend.calls == [("subscribe", "t:x")]
    await hub.unregister("t:x", second)
    assert hub.backend.calls == [("subscribe", "t:x"), ("unsubscribe", "t:x")]
    assert hub.topic_count() == 0
    await hub.close()


async def test_a_closing_socket_is_dropped_without_stopping_delivery_to_the_others():
    hub = get_hub()
    before, closing, after = FakeSocket(), FakeSocket(fail=Disconnected("closing")), FakeSocket()
    for socket in (before, closing, after):
        await hub.register("t:room", socket)

    delivered = await hub.deliver("t:room", "een")
    assert delivered == 2
    assert await before.next() == "een"
    assert await after.next() == "een"
    assert closing not in hub.sockets["t:room"]
    assert closing not in hub.topics_of

    await hub.deliver("t:room", "twee")
    assert closing.sends == 1  # never written to again
    assert await after.next() == "twee"


async def test_a_socket_that_raises_anything_is_dropped_too():
    hub = get_hub()
    broken, fine = FakeSocket(fail=RuntimeError("closed transport")), FakeSocket()
    await hub.register("t:other", broken)
    await hub.register("t:other", fine)
    await hub.deliver("t:other", "x")
    assert await fine.next() == "x"
    assert broken not in hub.topics_of


async def test_a_publish_from_another_thread_reaches_the_loops_sockets():
    # A service's on-commit callback runs in a sync thread, not in the event loop.
    hub = get_hub()
    socket = FakeSocket()
    await hub.register("t:from-thread", socket)
    await asyncio.to_thread(publish_from_sync, "t:from-thread", "uit een thread")
    assert await socket.next() == "uit een thread"


async def test_messages_arrive_in_the_order_they_were_published():
    hub = get_hub()
    socket = FakeSocket()
    await hub.register("t:order", socket)
    for n in range(50):
        publish_from_sync("t:order", str(n))
    assert [await socket.next() for _ in range(50)] == [str(n) for n in range(50)]


async def test_registering_with_the_in_process_hub_does_not_wait_for_the_loop(settings):
    """Every phone's own topic is new when it connects. With nothing to subscribe to, registering
    must not wait for the loop to come round: under a busy room (1000 sockets written to per idea)
    that took a connect about 100 ms (docs/benchmarks.md)."""
    settings.CMIJ_HUB_BACKEND = "inprocess"
    hub = get_hub()
    came_round: list[bool] = []
    asyncio.get_running_loop().call_soon(came_round.append, True)
    await hub.register("t:a-new-phone", FakeSocket())
    await hub.register("t:a-new-phone", FakeSocket())
    assert came_round == []


async def test_board_events_that_queue_up_behind_the_loop_go_out_as_one_message_in_order(settings):
    """Published while the loop is busy (here: before it runs again), the joinable messages of one
    topic reach a socket of the in-process hub in one write, in the order published; the others
    still one by one. (Redis delivers each publish as it came.)"""
    settings.CMIJ_HUB_BACKEND = "inprocess"
    hub = get_hub()
    assert isinstance(hub.backend, InProcessBackend)
    socket = FakeSocket()
    await hub.register("t:join", socket)
    await hub.register("t:other", socket)
    for topic, text, joinable in [
        ("t:join", "a1 ", True),
        ("t:join", "a2 ", True),
        ("t:other", "b1 ", True),  # another topic ends the run
        ("t:join", "a3 ", True),
        ("t:join", "a4 ", True),
        ("t:join", "plain ", False),  # not joinable: alone
        ("t:join", "a5 ", True),
    ]:
        publish_from_sync(topic, text, joinable=joinable)
    received = [await socket.next() for _ in range(5)]
    assert received == ["a1 a2 ", "b1 ", "a3 a4 ", "plain ", "a5 "]
    assert socket.sends == 5
    assert await nothing_more(socket, "t:other")


async def test_what_is_not_joinable_is_never_joined_however_far_behind():
    hub = get_hub()
    socket = FakeSocket()
    await hub.register("t:alone", socket)
    for n in range(5):
        publish_from_sync("t:alone", f"{n} ")
    assert [await socket.next() for _ in range(5)] == [f"{n} " for n in range(5)]


def test_a_joined_message_stays_within_its_caps():
    many = joined([("t", "x", True) for _ in range(JOIN_MAX_MESSAGES + 5)])
    assert [len(text) for _topic, text in many] == [JOIN_MAX_MESSAGES, 5]
    big = "y" * (JOIN_MAX_CHARS // 2)
    assert [len(text) for _topic, text in joined([("t", big, True)] * 3)] == [2 * len(big), len(big)]
    assert joined([("t", "z" * (JOIN_MAX_CHARS + 1), True), ("t", "z", True)]) == [
        ("t", "z" * (JOIN_MAX_CHARS + 1)),
        ("t", "z"),
    ]


def test_the_hub_works_across_event_loops_each_with_its_own_hub():
    # Each test gets a fresh loop; a hub tied to a closed loop must not swallow publishes.
    hubs = []

    async def one_round(text: str) -> str:
        hub = get_hub()
        hubs.append(hub)
        socket = FakeSocket()
        await hub.register("t:loops", socket)
        publish_from_sync("t:loops", text)
        return await socket.next()

    assert asyncio.run(one_round("eerste")) == "eerste"
    assert asyncio.run(one_round("tweede")) == "tweede"
    assert hubs[0] is not hubs[1]


def test_a_hub_in_another_threads_loop_receives_publishes_too():
    received: list[str] = []
    ready = threading.Event()

    async def serve() -> None:
        socket = FakeSocket()
        await get_hub().register("t:thread-loop", socket)
        ready.set()
        received.append(await socket.next())

    thread = threading.Thread(target=asyncio.run, args=(serve(),))
    thread.start()
    assert ready.wait(WAIT)
    publish_from_sync("t:thread-loop", "hallo")
    thread.join(WAIT)
    assert received == ["hallo"]


async def test_after_the_backend_comes_back_every_socket_is_told_to_resume():
    from realtime.hub import RESUME_HINT

    hub = get_hub()
    first, second = FakeSocket(), FakeSocket()
    await hub.register("t:board-a", first)
    await hub.register("t:board-b", second)
    await hub.backend_reconnected()
    assert await first.next() == RESUME_HINT
    assert await second.next() == RESUME_HINT
