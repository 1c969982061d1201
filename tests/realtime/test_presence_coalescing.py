"""Participant counts are coalesced: a room joining at once publishes a few counts, not one per phone."""

from __future__ import annotations

import asyncio

from realtime.presence import CountPublisher


async def windows_closed(counts: CountPublisher) -> None:
    """Wait until every count held back for a board's window has gone out (or was dropped as unchanged)."""
    await asyncio.wait_for(asyncio.gather(*counts.pending.values()), timeout=5)


async def test_a_burst_of_changes_publishes_the_first_at_once_and_the_latest_once_after():
    published: list[tuple[int, int]] = []

    async def publish(board_id: int, count: int) -> None:
        published.append((board_id, count))

    counts = CountPublisher()
    for count in range(1, 1001):  # a thousand phones join
        await counts.changed(7, count, publish)
    assert published == [(7, 1)]
    await windows_closed(counts)
    assert published == [(7, 1), (7, 1000)]

    await counts.changed(7, 1000, publish)  # no change, nothing new
    await counts.changed(8, 3, publish)  # another board is not held back
    await windows_closed(counts)  # none held back now: nothing more is coming
    assert published == [(7, 1), (7, 1000), (8, 3)]


async def test_a_count_that_comes_back_to_the_published_one_within_the_window_is_not_sent_again():
    published: list[int] = []

    async def publish(board_id: int, count: int) -> None:
        published.append(count)

    counts = CountPublisher()
    await counts.changed(1, 5, publish)
    await counts.changed(1, 6, publish)
    await counts.changed(1, 5, publish)
    await windows_closed(counts)
    assert published == [5]
