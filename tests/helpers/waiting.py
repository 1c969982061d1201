"""One waiter: no fixed sleep before an assertion (STYLE.md, "Tests"). Wait on a condition with
`until` (in an event loop; `sync_until` outside one: starting a server, a fixture); to prove that
nothing arrived, wait on a sentinel instead (tests.helpers.sockets). Time that passes on purpose is a
traffic window (tests.helpers.traffic)."""

from __future__ import annotations

import asyncio
import inspect
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any

POLL = 0.01  # between two looks at the condition: the waiter's only sleep, never before an assertion


# `timeout`, not asyncio.timeout: a deadline for the condition, named as the tests say it.
async def until(
    condition: Callable[[], Any | Awaitable[Any]],
    timeout: float = 5.0,  # noqa: ASYNC109
    what: str = "",
) -> float:
    """Wait until `condition()` (a plain or an async function) is true; return how long that took.

    Fails the test after `timeout` seconds, saying `what` it waited for."""
    start = time.monotonic()
    while True:
        result = condition()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise AssertionError(f"waited {timeout:g} s in vain{': ' + what if what else ''}")
        await asyncio.sleep(POLL)


# --- outside an event loop, and questions to other processes -------------------------------------

PROCESS_POLL = 0.1  # seconds between two looks at another process


def sync_until(condition: Callable[[], object], timeout: float, what: str) -> float:
    """`until` for code outside an event loop (starting a server, a fixture):
    wait until `condition()` is true; how long that took. Fails after `timeout` seconds, saying
    `what` it waited for."""
    start = time.monotonic()
    while True:
        if condition():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise AssertionError(f"waited {timeout:g} s in vain: {what}")
        time.sleep(PROCESS_POLL)  # the poll interval of this waiter


def asked_every(seconds: float, question: Callable[[], object]) -> Callable[[], Awaitable[object]]:
    """`question` to other processes (an HTTP request, their logs) as a condition for
    `until`, which looks every few milliseconds: asked in a thread, so the event
    loop runs on, and at most every `seconds`, so the looking does not load what it watches."""
    last = {"at": -math.inf, "answer": None}

    async def condition() -> object:
        if time.monotonic() - last["at"] >= seconds:
            last["answer"] = await asyncio.to_thread(question)
            last["at"] = time.monotonic()
        return last["answer"]

    return condition
