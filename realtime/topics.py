"""Topic names, one function each; never format a topic at a call site.

Topics are Redis pub/sub channel names when REDIS_URL is set, so they carry a prefix.
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
