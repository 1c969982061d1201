"""Messages to particular consumers through the channel layer: close these sockets, re-check roles.
Their group names come from realtime/names.py.

Pushes go through the hub; the channel layer carries only these rare per-consumer messages
(DESIGN.md: "The channel layer stays for messages to one consumer").
"""

from __future__ import annotations

from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

CLOSE_RESTART = 4012
CLOSE_TRY_AGAIN = 4013
CLOSE_STAY_AWAY = 4008


#: Why a socket is told to stay away, said to the person before the close (realtime/stay_away.html).
WHY_REMOVED = "removed"
WHYS = frozenset({WHY_REMOVED})


def close_sockets(group: str, *, code: int, why: str = "") -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, {"type": "control.close", "code": code, "why": why})


def recheck_roles(group: str) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, {"type": "control.recheck"})


def close_sockets_on_commit(group: str, *, code: int, why: str = "") -> None:
    transaction.on_commit(partial(close_sockets, group, code=code, why=why))


def recheck_roles_on_commit(group: str) -> None:
    transaction.on_commit(partial(recheck_roles, group))
