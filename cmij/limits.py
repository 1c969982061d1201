"""How often one member (or, for signing up, one address) may do a thing: a sliding window per action
and person, kept in the cache (Redis when REDIS_URL is set, so every process counts together).

Each action's figure is a setting (`CMIJ_LIMITS`, each from its own environment variable). A service
calls `limit_take(action, who)` once its input is valid, just before it writes: the action is counted,
or refused with a ValidationError that says when to try again, in the person's language. Counting and
checking happen under a short lock in the cache, so parallel requests of one person count one by one.

`clock` is the time source (seconds); tests replace it, so no test waits for a window to pass.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

clock: Callable[[], float] = time.time
LOCK_SECONDS = 5  # a lock left by a process that died expires after this
LOCK_WAIT = 2.0  # how long a request waits for another request of the same person


#: Each action's window, in seconds; the refusals below name it. The figures are settings (CMIJ_LIMITS).
MINUTE, HOUR, DAY = 60, 60 * 60, 24 * 60 * 60
WINDOWS = {
    "messages": MINUTE,
    "responses": HOUR,
    "callouts": HOUR,
    "topic_proposals": DAY,
    "events": DAY,
    "reports": DAY,
    "signups": HOUR,
}


def _refusal(action: str, count: int) -> str:
    """What was reached, per action (the figure is the setting's)."""
    messages = {
        "messages": ngettext(
            "You can send at most %(count)d message a minute.",
            "You can send at most %(count)d messages a minute.",
            count,
        ),
        "responses": ngettext(
            "You can respond at most %(count)d time an hour.",
            "You can respond at most %(count)d times an hour.",
            count,
        ),
        "callouts": ngettext(
            "You can post at most %(count)d callout an hour.",
            "You can post at most %(count)d callouts an hour.",
            count,
        ),
        "topic_proposals": ngettext(
            "You can propose at most %(count)d topic a day.",
            "You can propose at most %(count)d topics a day.",
            count,
        ),
        "events": ngettext(
            "You can submit at most %(count)d activity a day.",
            "You can submit at most %(count)d activities a day.",
            count,
        ),
        "reports": ngettext(
            "You can report at most %(count)d time a day.",
            "You can report at most %(count)d times a day.",
            count,
        ),
        "signups": ngettext(
            "At most %(count)d account an hour can be made from one network.",
            "At most %(count)d accounts an hour can be made from one network.",
            count,
        ),
    }
    return messages[action] % {"count": count}


def wait_text(seconds: float) -> str:
    """How long until the next try, rounded up: seconds under a minute, then minutes, then hours."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}


class LimitReached(ValidationError):
    """An action refused for now; `wait` is how many seconds until it is allowed again."""

    def __init__(self, action: str, count: int, wait: float) -> None:
        self.action = action
        self.wait = wait
        message = _("%(limit)s Try again in %(wait)s.") % {
            "limit": _refusal(action, count),
            "wait": wait_text(wait),
        }
        super().__init__(message, code="limit")


def limit_take(action: str, who: str) -> None:
    """Count one `action` by `who` ("user:42", "address:192.0.2.1"), or raise LimitReached when
    `who` did it as often as its setting allows within the window (the window slides: the oldest
    action counted leaves it first)."""
    key = f"{settings.CMIJ_LIMITS_NAMESPACE}:{action}:{who}"
    with _locked(key):
        history = _within_limit(action, key)
        history.append(clock())
        cache.set(key, history, WINDOWS[action] + 1)


def limit_check(action: str, who: str) -> None:
    """Raise LimitReached if `who` may not do `action` now; counts nothing (see limit_take)."""
    _within_limit(action, f"{settings.CMIJ_LIMITS_NAMESPACE}:{action}:{who}")


def _within_limit(action: str, key: str) -> list[float]:
    """The stamps still in the window, or LimitReached when they are as many as the limit."""
    count, seconds = settings.CMIJ_LIMITS[action], WINDOWS[action]
    now = clock()
    history = [stamp for stamp in cache.get(key, []) if stamp > now - seconds]
    if len(history) >= count:
        raise LimitReached(action, count, wait=history[-count] + seconds - now)
    return history


@contextmanager
def _locked(key: str) -> Iterator[None]:
    lock = f"{key}:lock"
    deadline = time.monotonic() + LOCK_WAIT
    while not cache.add(lock, 1, LOCK_SECONDS):
        if time.monotonic() > deadline:
            break  # counted without the lock rather than refused for a lock that is stuck
        time.sleep(0.01)
    try:
        yield
    finally:
        cache.delete(lock)
