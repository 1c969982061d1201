"""Every name on the wire, one function each; never format a name at a call site.

Topics are the hub's: Redis pub/sub channel names when REDIS_URL is set, so they carry a prefix.
Groups are the channel layer's, for messages to particular consumers (realtime/control.py).
"""

from __future__ import annotations

PREFIX = "cmij"


def site(language: str) -> str:
    """Everyone with a page open, in one language."""
    return f"{PREFIX}:site:{language}"


def user(user_id: int) -> str:
    """One member's own sockets, on every page they have open."""
    return f"{PREFIX}:user:{user_id}"


def health(token: str) -> str:
    """A throwaway topic for the /healthz round trip."""
    return f"{PREFIX}:health:{token}"


def board_audience(board_id: int, audience: str, language: str) -> str:
    """One board's fragments for one audience (participants, projector, facilitators) in one language."""
    return f"{PREFIX}:board:{board_id}:{audience}:{language}"


def guest(guest_id: int) -> str:
    """One guest's own sockets (a guest has no user id)."""
    return f"{PREFIX}:guest:{guest_id}"


def presence(board_id: int, language: str) -> str:
    """Participant-count updates of one board in one language, for every audience."""
    return f"{PREFIX}:presence:{board_id}:{language}"


def board_guests(board_id: int) -> str:
    """A board's facilitator sockets: a hint that the meeting's guest list changed (no language: the
    page fetches the list in its own)."""
    return f"{PREFIX}:guests:{board_id}"


def callouts(language: str) -> str:
    """Readers of the callout feed in one language; each socket filters with its subscription."""
    return f"{PREFIX}:callouts:{language}"


def notifications() -> str:
    """Every member's sockets: a "+1" for the bell, tagged with the recipients it is for."""
    return f"{PREFIX}:notifications"


def team(team_id: int, language: str) -> str:
    """The pages watching one action team in one language: a hint to re-fetch its live part."""
    return f"{PREFIX}:team:{team_id}:{language}"


# --- channel-layer groups (realtime/control.py) -----------------------------------------------------


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
