"""Fault drills (#14): processes die, Redis and PostgreSQL restart, a phone stops reading, a phone
goes offline. Twenty phones follow a board (as cmij.js does), two people post 10 ideas a second each;
after each drill every phone has every stored idea exactly once, and each drill adds its figures
to the table (docs/reliability.md). A loss fails the test.

The drills' Redis and PostgreSQL are their own (conftest.py); the machine's are never touched.
"""

from __future__ import annotations

import asyncio
import signal
import urllib.request

import pytest

from tests.drills.conftest import OUTAGE, ROUNDS
from tests.drills.room import ACK_EVERY, Drill, Proxy, longest_silence
from tests.helpers.traffic import traffic_window
from tests.helpers.waiting import asked_every, until

pytestmark = [pytest.mark.timeout(600)]

CALM = 3.0  # seconds of ordinary traffic before the first fault, and after each
BACK = 5.0  # seconds of traffic once a phone is back, before the next round


def alternate(first: str, second: str):
    """Half the phones know the first process first, half the second: the client-side list."""
    return lambda number: [first, second] if number % 2 == 0 else [second, first]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:  # HTTPError 503 included
        return False


def resubscribed(daphne) -> int:
    return daphne.log.read_text().count("resubscribed")


async def test_kill_9_of_one_daphne_its_phones_move_to_the_other_and_resume(processes, meeting, report):
    first, second = processes
    drill = Drill("kill", meeting)
    await drill.add_phones(alternate(first.url, second.url))
    await drill.add_posters([[first.url, second.url], [second.url, first.url]])
    await traffic_window(CALM)
    for round_number in range(ROUNDS):
        victim = processes[round_number % 2]
        on_victim = sum(1 for phone in drill.phones if phone.connected_to == victim.url)
        await drill.outage(victim.kill, lambda victim=victim: asyncio.to_thread(victim.start), lasting=OUTAGE)
        assert on_victim > 0
        await traffic_window(CALM)
    result = await drill.finish()
    result.notes = (
        f"kill -9 of a daphne, {ROUNDS}x; lost connections {sum(p.closes[1006] for p in drill.phones)}"
    )
    report(result)
    drill.assert_nothing_lost(result)
    assert sum(phone.closes[1006] for phone in drill.phones) >= 10, "the killed process's phones saw it go"


async def test_redis_restarted_the_hubs_resubscribe_and_phones_catch_up_from_the_log(
    services, processes, meeting, report
):
    """Terminated in one round, killed in the next."""
    _postgres, redis, _env, _logs = services
    first, second = processes
    drill = Drill("redis", meeting)
    await drill.add_phones(alternate(first.url, second.url))
    await drill.add_posters([[first.url], [second.url]])
    await traffic_window(CALM)
    stops = [signal.SIGTERM, signal.SIGKILL]
    for round_number in range(ROUNDS):
        stop = stops[round_number % 2]
        await drill.outage(lambda stop=stop: redis.stop(stop), redis.start, lasting=OUTAGE)
        # Both hubs resubscribe before the next round (a hub retries every 2 s at most).
        await until(
            asked_every(
                0.2, lambda n=round_number + 1: all(resubscribed(daphne) >= n for daphne in processes)
            ),
            30,
            "both hubs resubscribed",
        )
        await traffic_window(CALM)
    result = await drill.finish()
    result.notes = f"Redis terminated or killed (in turn) and started again, {ROUNDS}x"
    report(result)
    drill.assert_nothing_lost(result)
    assert result.unclear_errors == 0
    assert all(resubscribed(daphne) >= ROUNDS for daphne in processes), "a hub did not resubscribe"


async def test_postgresql_connections_cut_and_restarted_requests_get_a_retryable_error_and_the_pool_recovers(
    services, processes, meeting, report
):
    postgres, _redis, _env, _logs = services
    first, second = processes
    pids = [daphne.process.pid for daphne in processes]
    drill = Drill("postgres", meeting)
    await drill.add_phones(alternate(first.url, second.url))
    await drill.add_posters([[first.url], [second.url]])
    await traffic_window(CALM)
    terminated = 0
    recovered = []
    for _round in range(ROUNDS):
        terminated += await asyncio.to_thread(postgres.terminate_backends)
        await traffic_window(CALM)  # the pools meet their cut connections
        await drill.outage(lambda: asyncio.to_thread(postgres.stop), lambda: asyncio.to_thread(postgres.start),
                           lasting=OUTAGE)  # fmt: skip
        # The same processes serve again once their pools have new connections (no restart).
        recovered.append(
            await until(
                asked_every(0.2, lambda: all(healthy(daphne.url) for daphne in processes)),
                90,
                "both processes healthy again",
            )
        )
        await traffic_window(CALM)
    result = await drill.finish()
    result.notes = (
        f"{terminated} connections terminated, then PostgreSQL stopped and started, {ROUNDS}x; "
        f"both processes healthy again {max(recovered):.1f} s after the start (no restart)"
    )
    report(result)
    drill.assert_nothing_lost(result)
    assert terminated > 0
    assert "HTTP 503" in result.errors, "posts during the outage were not answered with 503"
    assert result.unclear_errors == 0, [poster.unclear for poster in drill.posters]
    assert [daphne.process.pid for daphne in processes] == pids, "a process was restarted"


HELD_AFTER = OUTAGE / 2


@pytest.mark.parametrize("processes", [{"CMIJ_SOCKET_MAX_BEHIND": "150"}], indirect=True)
async def test_a_phone_that_stops_reading_is_closed_with_4013_and_resumes_and_the_others_are_not_delayed(
    processes, meeting, report
):
    first, second = processes
    drill = Drill("slowreader", meeting)
    await drill.add_phones(alternate(first.url, second.url))
    await drill.add_posters([[first.url], [second.url]])
    slow, others = drill.phones[0], drill.phones[1:]
    # One ack at least, so the server knows where the phone was.
    await until(lambda: slow.acks > 0, ACK_EVERY * 3, "the slow phone's first ack")
    late = []
    for _round in range(ROUNDS):
        outage = await drill.outage(slow.pause, slow.unpause, lasting=OUTAGE)
        # Held by the slow phone would mean: ideas stored early in its outage reach the others only
        # when it reads again. Stored in the outage's first half and still not there when it ends is
        # that. (It was 1 s before the end; on #15's slower machine the others' ordinary delays under
        # 20 posts a second reached 1-4 s, at the landed commit too, so that caught load, not holding.)
        stored_before = [
            nonce for poster in drill.posters for nonce, when in poster.acknowledged.items()
            if when <= outage.ended - HELD_AFTER
        ]  # fmt: skip
        late += [
            nonce for phone in others for nonce in stored_before
            if phone.arrived.get(nonce, float("inf")) > outage.ended
        ]  # fmt: skip
        await traffic_window(BACK)  # the slow phone, closed, comes back and resumes
    result = await drill.finish()
    result.receive_again_s = longest_silence(others, drill.outages[0].began, drill.finished_posting)
    result.notes = (
        f"one phone stopped reading for {OUTAGE:.0f} s, {ROUNDS}x (limit: 150 events sent since its last ack); "
        f"its closes: {dict(slow.closes)}; silence is the other phones'; {len(late)} ideas reached "
        "other phones only after the slow one read again"
    )
    report(result)
    drill.assert_nothing_lost(result)
    assert not late, f"{len(late)} ideas reached other phones only after the slow one read again"
    # The server closes it with 4013; the close frame reaches the phone only if the server's buffer
    # drained, else the phone sees the connection dropped (1006). Either way: closed, every round.
    assert slow.closes[4013] + slow.closes[1006] >= ROUNDS, (
        f"the slow phone was not closed: {dict(slow.closes)}"
    )
    assert slow.opens >= ROUNDS + 1, "the slow phone did not come back"


async def test_a_phone_offline_while_600_ideas_are_posted_gets_them_all_on_return(processes, meeting, report):
    first, second = processes
    proxy = Proxy(first.port)
    await proxy.start()
    drill = Drill("offline", meeting)
    await drill.add_phones(
        lambda number: [proxy.url] if number == 0 else [first.url, second.url][number % 2 :],
        origins={0: first.url},
    )
    await drill.add_posters([[first.url], [second.url]])
    await traffic_window(CALM)
    offline = drill.phones[0]
    for _round in range(ROUNDS):
        target = drill.posted() + 600
        await drill.outage(proxy.cut, proxy.restore, ends_when=lambda target=target: drill.posted() >= target)
        await until(lambda: offline.socket is not None, 90, "the offline phone back")  # before the next cut
        await traffic_window(BACK)
    result = await drill.finish()
    await proxy.close()
    result.notes = f"one phone's connection cut while 600 ideas were posted, {ROUNDS}x; its closes: {dict(offline.closes)}"
    report(result)
    drill.assert_nothing_lost(result)
    assert offline.opens >= ROUNDS + 1
    assert offline.from_snapshots or len(offline.from_events) == result.committed
