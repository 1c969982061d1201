"""Which address phones on the local network should open."""

from __future__ import annotations

import ipaddress
import socket
import subprocess


def lan_address() -> str:
    """This machine's private IPv4 address on the local network, or 127.0.0.1 if there is none.

    Read from the interfaces (`ip`) or the host name; no packet is sent anywhere.
    """
    candidates: list[str] = []
    try:
        output = subprocess.run(
            ["ip", "-4", "-o", "addr", "show", "scope", "global"], capture_output=True, text=True, timeout=2
        ).stdout
        candidates += [line.split()[3].split("/")[0] for line in output.splitlines() if len(line.split()) > 3]
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        candidates += socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        pass
    for candidate in candidates:
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if address.version == 4 and address.is_private and not address.is_loopback:
            return candidate
    return "127.0.0.1"
