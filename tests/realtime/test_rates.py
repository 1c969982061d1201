"""The live sockets' per-person message counts (realtime/rates.py), kept on the loop: in this process
on the embedded default, in Redis (shared by every process) otherwise."""

from __future__ import annotations

import uuid

import pytest

from realtime.rates import InProcessCounts, RedisCounts
from tests.helpers.services import require_redis


async def test_in_process_a_person_is_counted_within_a_window_and_a_new_window_starts_afresh():
    counts = InProcessCounts()
    assert [await counts.add("guest:1", 7, 10) for _ in range(3)] == [1, 2, 3]
    assert await counts.add("guest:2", 7, 10) == 1
    assert await counts.add("guest:1", 8, 10) == 1  # the next window
    assert counts.counts == {"guest:1": 1}  # the windows before it are gone


@pytest.mark.integration
async def test_with_redis_every_process_counts_together_and_the_count_expires():
    url = require_redis()
    key = f"cmij:test-rates:{uuid.uuid4().hex}"
    one, other = RedisCounts(url), RedisCounts(url)  # two processes, each with its own client
    try:
        assert await one.add(key, 7, 10) == 1
        assert await other.add(key, 7, 10) == 2
        assert await one.add(key, 8, 10) == 1
        assert 0 < await one.client.ttl(f"{key}:7") <= 20
    finally:
        await one.client.delete(f"{key}:7", f"{key}:8")
        await one.client.aclose()
        await other.client.aclose()
