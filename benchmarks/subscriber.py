"""A subscriber process: opens many WebSocket connections and records when each message arrives.

    python -m benchmarks.subscriber SPEC.json

SPEC: {"urls": [...], "headers": [[[name, value], ...], ...] (one list per connection, or one for
all), "count": n, "stall": k (the first k connections stop reading), "spread": s (open the
connections evenly over s seconds; 0: as fast as 64 at a time allow), "wait_first_frame": bool,
"ordinal": marker or null}.

A message is recognised by its nonce `bench-<id>x`; with "ordinal", by a marker that carries no
nonce (the bell's "+1"): the k-th frame with the marker on a socket is message k.

Prints "connected N SECONDS P50_MS P99_MS FAILED" once every connection is open (and, with
wait_first_frame, has had its first frame: the server's sign that the socket receives), then
serves commands on stdin, one per line:
- "dump PATH": write {"received": {id: [ns, ...]}, "closed_by_server": [...], "cpu_seconds": s} to
  PATH (what arrived since the last dump), print "dumped", and start counting afresh;
- "stop": close every connection and exit.
Times are CLOCK_MONOTONIC nanoseconds, which every process on this machine shares.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import resource
import sys
import time

import websockets

from benchmarks.harness import percentile

NONCE = re.compile(r"bench-(\d+)x")


class Recorder:
    """What the connections received since the last dump."""

    def __init__(self, ordinal: str | None) -> None:
        self.ordinal = ordinal
        self.received: dict[str, list[int]] = {}
        self.closes: list[int] = []
        self.seen: list[set[str]] = []
        self.counts: list[int] = []

    def add_socket(self) -> int:
        self.seen.append(set())
        self.counts.append(0)
        return len(self.seen) - 1

    def frame(self, index: int, frame: str, now: int) -> None:
        if self.ordinal is not None:
            if self.ordinal in frame:
                self.received.setdefault(str(self.counts[index]), []).append(now)
                self.counts[index] += 1
            return
        seen = self.seen[index]
        for message_id in NONCE.findall(frame):
            if message_id not in seen:
                seen.add(message_id)
                self.received.setdefault(message_id, []).append(now)

    def dump(self, path: str) -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with open(path, "w") as out:
            json.dump(
                {
                    "received": self.received,
                    "closed_by_server": self.closes,
                    "cpu_seconds": usage.ru_utime + usage.ru_stime,
                },
                out,
            )
        self.received, self.closes = {}, []
        self.seen = [set() for _ in self.seen]
        self.counts = [0 for _ in self.counts]


async def reader(socket, index: int, recorder: Recorder, first: asyncio.Event, stall: bool) -> None:
    try:
        async for frame in socket:
            now = time.monotonic_ns()
            first.set()
            if stall:
                await asyncio.Future()  # stops reading: the server's writes pile up
            recorder.frame(index, frame.decode() if isinstance(frame, bytes) else frame, now)
    except websockets.ConnectionClosed as closed:
        recorder.closes.append(closed.rcvd.code if closed.rcvd else 1006)
    finally:
        first.set()


async def main(spec: dict) -> None:
    urls, headers, count = spec["urls"], spec["headers"], spec["count"]
    recorder = Recorder(spec.get("ordinal"))
    opening = asyncio.Semaphore(64)
    spread = float(spec.get("spread", 0))
    stall = spec.get("stall", 0)
    failed = 0
    latencies: list[float] = []
    tasks: list[asyncio.Task] = []
    sockets: list = []
    started = time.monotonic()

    async def open_one(index: int) -> None:
        nonlocal failed
        if spread:
            await asyncio.sleep(max(0.0, started + spread * index / count - time.monotonic()))
        began = time.monotonic()
        async with opening if not spread else contextlib.nullcontext():
            for attempt in range(3):
                try:
                    socket = await websockets.connect(
                        urls[index % len(urls)],
                        additional_headers=headers[index] if len(headers) > 1 else headers[0],
                        max_size=None,
                        open_timeout=30,
                        ping_interval=None,
                    )
                    break
                except (
                    TimeoutError,
                    OSError,
                    websockets.InvalidHandshake,
                ):  # refused, or dropped mid-handshake
                    await asyncio.sleep(0.2 * (attempt + 1))
            else:
                failed += 1
                return
        first = asyncio.Event()
        sockets.append(socket)
        tasks.append(
            asyncio.create_task(reader(socket, recorder.add_socket(), recorder, first, len(sockets) <= stall))
        )
        if spec.get("wait_first_frame"):
            # Our server sends each socket a first frame (the participant count, the bell) once
            # the socket is registered with the hub: only then can it receive.
            await asyncio.wait_for(first.wait(), 120)
        latencies.append(time.monotonic() - began)

    await asyncio.gather(*(open_one(i) for i in range(count)))
    connect_seconds = time.monotonic() - started
    p50 = percentile(latencies, 0.5) * 1000 if latencies else 0
    p99 = percentile(latencies, 0.99) * 1000 if latencies else 0
    print(f"connected {len(sockets)} {connect_seconds:.3f} {p50:.1f} {p99:.1f} {failed}", flush=True)
    loop = asyncio.get_running_loop()
    while True:
        command = (await loop.run_in_executor(None, sys.stdin.readline)).split()
        if not command or command[0] == "stop":
            break
        if command[0] == "dump":
            recorder.dump(command[1])
            print("dumped", flush=True)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    with open(sys.argv[1]) as file:
        asyncio.run(main(json.load(file)))
