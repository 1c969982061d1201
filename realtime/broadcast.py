"""The one door to the wire: everything pushed goes through here, always after commit.

Services call the `*_on_commit` functions; consumers (presence, the timer) call `apublish`. Pushes
are hints: the database is the truth, and a socket that missed one resumes from it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from realtime import names
from realtime.hub import get_hub, pack, publish_from_sync, topics_in_use

#: render(audience, language) -> the ready HTML for that audience in that language.
Renderer = Callable[[str, str], str]


def after_commit(function: Callable[..., None], *args: Any, using: str | None = None) -> None:
    """Call function(*args) once the current transaction commits. A push that fails (Redis away) is
    logged and does not fail the request that stored the change: the change is stored, and the
    sockets that missed the push resume from the database."""

    def push() -> None:  # a named function: Django's robust on_commit logs its __qualname__
        function(*args)

    transaction.on_commit(push, using=using, robust=True)


def broadcast_on_commit(topic: str, text: str, *, using: str | None = None) -> None:
    """Publish a ready fragment once the current transaction commits (at once outside one)."""
    after_commit(publish_from_sync, topic, text, using=using)


def board_on_commit(board_id: int, audiences: Iterable[str], render: Renderer) -> None:
    """After commit: render once per (audience, language) that has sockets, publish once per topic.

    Never per connection: each process's hub writes the ready string to its own sockets.
    """
    after_commit(publish_board, board_id, tuple(audiences), render)


def publish_board(board_id: int, audiences: tuple[str, ...], render: Renderer) -> None:
    languages = [code for code, _name in settings.LANGUAGES]
    wanted = {
        names.board_audience(board_id, audience, language): (audience, language)
        for audience in audiences
        for language in languages
    }
    for topic in topics_in_use(list(wanted)):
        audience, language = wanted[topic]
        publish_from_sync(topic, render(audience, language), joinable=True)


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def feed_new_on_commit(tags: Mapping[str, Any], render: Callable[[str], dict[str, str]]) -> None:
    """A new callout, after commit: its variants (card, hint) rendered once per language with
    readers, published once per language with its tags; each reader's subscription picks one."""
    after_commit(publish_feed_new, dict(tags), render)


def publish_feed_new(tags: dict[str, Any], render: Callable[[str], dict[str, str]]) -> None:
    for topic, language in _feed_topics_in_use():
        publish_from_sync(topic, pack(tags, render(language)))


def feed_update_on_commit(render: Callable[[str], str]) -> None:
    """A changed, closed, hidden or deleted callout, after commit: to every feed reader of a language."""
    after_commit(publish_feed_update, render)


def publish_feed_update(render: Callable[[str], str]) -> None:
    for topic, language in _feed_topics_in_use():
        publish_from_sync(topic, render(language))


def _feed_topics_in_use() -> list[tuple[str, str]]:
    """(topic, language) of the feed topics that have readers: nothing is rendered for nobody."""
    wanted = {names.callouts(language): language for language in _languages()}
    return [(topic, wanted[topic]) for topic in topics_in_use(list(wanted))]


def bell_add_on_commit(recipient_ids: Iterable[int]) -> None:
    """New notifications, after commit: ONE publish tagged with all recipients, "+1" on each of their
    sockets on every page (the rows are already there; the count is recomputed on reconnect)."""
    ids = sorted(set(recipient_ids))
    if ids:
        after_commit(publish_bell_add, ids)


def publish_bell_add(recipient_ids: list[int]) -> None:
    text = pack({"users": recipient_ids}, {"member": render_to_string("realtime/bell_add.html")})
    publish_from_sync(names.notifications(), text)


def bell_count_on_commit(member_id: int, count: int) -> None:
    """A member's unread count changed otherwise (read on one page): set it on all their pages."""
    after_commit(publish_from_sync, names.user(member_id), render_bell_count(count))


def render_bell_count(count: int) -> str:
    return render_to_string("realtime/bell_count.html", {"count": count})


def team_changed_on_commit(team_id: int) -> None:
    """An action team changed (tasks, updates, members, report-back), after commit: a hint to every
    page watching it, which then fetches its own view of the team's live part (per-person controls
    never ride in a shared fragment). Rendered once per language with watchers, published once per topic."""
    after_commit(publish_team_changed, team_id)


def publish_team_changed(team_id: int) -> None:
    wanted = {names.team(team_id, language): language for language in _languages()}
    for topic in topics_in_use(list(wanted)):
        publish_from_sync(topic, render_team_changed(team_id, wanted[topic]))


def render_team_changed(team_id: int, language: str) -> str:
    with translation.override(language):
        return render_to_string("teams/live_hint.html", {"team_id": team_id})


# --- hints, coalesced ------------------------------------------------------------------------------

#: At most one hint per topic per this many seconds from one process: a room of 60 phones joining at
#: once would otherwise send each facilitator page 60 hints, each a fetch of the guest list.
HINT_COALESCE_SECONDS = 1.0


class HintCoalescer:
    """Like the participant count (realtime/presence.py): a hint goes out at once if none went out on
    its topic in the last `seconds`, else once at the end of that window. A hint carries no state
    ("fetch it again"), so the one at the end of the window stands for every change within it.

    Called from request threads after commit; the delayed publish runs on a timer thread. `clock` and
    `timer` are time.monotonic and threading.Timer, replaceable in tests."""

    def __init__(
        self,
        seconds: float = HINT_COALESCE_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
        timer: Callable[..., Any] = threading.Timer,
    ) -> None:
        self.seconds = seconds
        self.clock = clock
        self.timer = timer
        self.lock = threading.Lock()
        self.last_at: dict[str, float] = {}
        self.pending: dict[str, Callable[[], str]] = {}

    def changed(self, topic: str, render: Callable[[], str]) -> None:
        with self.lock:
            if topic in self.pending:
                self.pending[topic] = render
                return
            wait = self.last_at.get(topic, float("-inf")) + self.seconds - self.clock()
            if wait > 0:
                self.pending[topic] = render
                later = self.timer(wait, self.fire, args=(topic,))
                later.daemon = True
                later.start()
                return
            self.last_at[topic] = self.clock()
        _publish_hint(topic, render)

    def fire(self, topic: str) -> None:
        with self.lock:
            render = self.pending.pop(topic, None)
            self.last_at[topic] = self.clock()
        if render is not None:
            _publish_hint(topic, render)


def _publish_hint(topic: str, render: Callable[[], str]) -> None:
    if topics_in_use([topic]):  # nothing is rendered for nobody
        publish_from_sync(topic, render())


hints = HintCoalescer()


def hint_on_commit(topic: str, render: Callable[[], str]) -> None:
    """After commit, a hint on `topic` (render() gives its text), coalesced: at most one per topic per
    HINT_COALESCE_SECONDS from this process."""
    after_commit(hints.changed, topic, render)


async def apublish(topic: str, text: str) -> None:
    """Publish from async code that has nothing to commit (presence, timer ticks)."""
    await get_hub().publish(topic, text)
