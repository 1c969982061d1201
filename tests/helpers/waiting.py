"""One waiter: no fixed sleep before an assertion (STYLE.md, "Tests")."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any

POLL = 0.01


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
