"""A subscriber process: opens many WebSocket connections and records when each nonce arrives.

    python -m benchmarks.subscriber SPEC.json

SPEC: {"urls": [...], "headers": [[[name, value], ...], ...] (one list per connection, or one for
all), "stall": k (the first k connections stop reading), "out": path}. Prints "connected N SECONDS"
once every connection is open, then records until a line "stop" arrives on stdin; writes
{"received": {message_id: [ns, ...]}, "connect_seconds": s, "failed": n, "cpu_seconds": s} to `out`.
Times are CLOCK_MONOTONIC nanoseconds, which every process on this machine shares.
"""

from __future__ import annotations

import asyncio
import json
import re
import resource
import sys
import time

import websockets

NONCE = re.compile(r"bench-(\d+)x")


async def reader(
    socket, received: dict[str, list[int]], first: asyncio.Event, stall: bool, closes: list
) -> None:
    seen: set[str] = set()
    try:
        async for frame in socket:
            now = time.monotonic_ns()
            first.set()
            if stall:
                await asyncio.Future()  # stops reading: the server's writes pile up
            if isinstance(frame, bytes):
                frame = frame.decode()
            for message_id in NONCE.findall(frame):
                if message_id not in seen:
                    seen.add(message_id)
                    received.setdefault(message_id, []).append(now)
    except websockets.ConnectionClosed as closed:
        closes.append(closed.rcvd.code if closed.rcvd else 1006)
    finally:
        first.set()


async def main(spec: dict) -> dict:
    received: dict[str, list[int]] = {}
    urls, headers = spec["urls"], spec["headers"]
    opening = asyncio.Semaphore(64)
    sockets: list = []
    failed = 0

    async def open_one(index: int):
        nonlocal failed
        async with opening:
            for attempt in range(3):
                try:
                    return await websockets.connect(
                        urls[index % len(urls)],
                        additional_headers=headers[index] if len(headers) > 1 else headers[0],
                        max_size=None,
                        open_timeout=30,
                        ping_interval=None,
                    )
                except (TimeoutError, OSError, websockets.InvalidStatus):
                    await asyncio.sleep(0.2 * (attempt + 1))
            failed += 1
            return None

    started = time.monotonic()
    sockets = [s for s in await asyncio.gather(*(open_one(i) for i in range(spec["count"]))) if s]
    closes: list[int] = []
    firsts = [asyncio.Event() for _ in sockets]
    stall = spec.get("stall", 0)
    tasks = [
        asyncio.create_task(reader(s, received, first, index < stall, closes))
        for index, (s, first) in enumerate(zip(sockets, firsts, strict=True))
    ]
    if spec.get("wait_first_frame"):
        # Our server sends each socket its participant count once the socket is registered with
        # the hub: counting starts only when every socket can receive.
        await asyncio.wait_for(asyncio.gather(*(first.wait() for first in firsts)), 120)
    connect_seconds = time.monotonic() - started
    print(f"connected {len(sockets) - len(closes)} {connect_seconds:.3f}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "received": received,
        "connect_seconds": connect_seconds,
        "connected": len(sockets),
        "failed": failed,
        "closed_by_server": closes,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
    }


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    with open(sys.argv[1]) as file:
        spec = json.load(file)
    results = asyncio.run(main(spec))
    with open(spec["out"], "w") as out:
        json.dump(results, out)
