"""Peer A: a minimal `websockets` broadcast server, the near-limit reference.

    python -m benchmarks.peers.raw PORT

Every connection subscribes; a message sent on /publish goes to every subscriber with
`websockets.broadcast` (a ready string written to each socket, nothing else).
"""

from __future__ import annotations

import asyncio
import sys

import websockets

clients: set = set()


async def handler(socket) -> None:
    if socket.request.path == "/publish":
        async for message in socket:
            websockets.broadcast(clients, message)
        return
    clients.add(socket)
    try:
        await socket.wait_closed()
    finally:
        clients.discard(socket)


async def main(port: int) -> None:
    async with websockets.serve(handler, "127.0.0.1", port, max_size=None, ping_interval=None, backlog=1024):
        print("ready", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    try:
        asyncio.run(main(int(sys.argv[1])))
    except KeyboardInterrupt:  # the harness stops it with SIGINT
        pass
