"""Messages to particular consumers through the channel layer: close these sockets.

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


def guest_group(guest_id: int) -> str:
    return f"cmij.guest.{guest_id}"


def user_group(user_id: int) -> str:
    return f"cmij.user.{user_id}"


def moderators_group(board_id: int) -> str:
    """The facilitator sockets of a board: re-checked when someone's role changes."""
    return f"cmij.moderators.{board_id}"


def projector_group(board_id: int) -> str:
    """The projector sockets of a board: closed when its projector link is replaced."""
    return f"cmij.projector.{board_id}"


def close_sockets(group: str, *, code: int) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, {"type": "control.close", "code": code})


def recheck_roles(group: str) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, {"type": "control.recheck"})


def close_sockets_on_commit(group: str, *, code: int) -> None:
    transaction.on_commit(partial(close_sockets, group, code=code))


def recheck_roles_on_commit(group: str) -> None:
    transaction.on_commit(partial(recheck_roles, group))
