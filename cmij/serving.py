"""The daphne command `manage.py serve` runs, without Django: the benchmarks start the app the same way."""

from __future__ import annotations

import sys

LISTEN_BACKLOG = 1024
HANDSHAKE_SECONDS = 30


def daphne_command(host: str, port: int, *, behind_proxy: bool) -> list[str]:
    """daphne for this app, without its 24-hour socket timeout; behind a proxy (CMIJ_BEHIND_PROXY) with
    --proxy-headers, so the client's address and scheme come from the proxy's X-Forwarded-* headers.

    A room's phones connect together (#29): the listen backlog is raised from Twisted's 50 to
    LISTEN_BACKLOG, and a socket may take HANDSHAKE_SECONDS to be let in, not daphne's 5: under a
    storm of connects a phone that waits a few seconds more gets in instead of starting over."""
    interface = host.replace(":", "\\:")  # an endpoint string escapes the colons of an IPv6 address
    endpoint = f"tcp:port={port}:backlog={LISTEN_BACKLOG}:interface={interface}"
    command = [sys.executable, "-m", "daphne", "-e", endpoint, "--websocket_timeout", "-1"]
    command += ["--websocket_connect_timeout", str(HANDSHAKE_SECONDS)]
    if behind_proxy:
        command.append("--proxy-headers")
    return [*command, "cmij.asgi:application"]
