"""Time that passes on purpose. A drill lets its phones and posters run for a while before, between
and after its faults; a page keeps up its heartbeat; a test of an idle connection lets it idle.
That time is the behaviour under test, so it is named here, where no one takes it for a wait before
an assertion: those wait on a condition (tests.helpers.waiting.until) or on a sentinel
(tests.helpers.sockets, tests.helpers.live, tests.helpers.pages)."""

from __future__ import annotations

import asyncio


async def traffic_window(seconds: float) -> None:
    """Let the traffic run for `seconds`: phones reading, people posting, heartbeats beating."""
    await asyncio.sleep(seconds)


async def idle_window(seconds: float) -> None:
    """Send nothing for `seconds`: what idling that long does is what the test is about."""
    await asyncio.sleep(seconds)
