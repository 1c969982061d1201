"""The one door to the wire: everything pushed goes through here, always after commit.

Services call the `*_on_commit` functions; consumers (presence, the timer) call `apublish`. Pushes
are hints: the database is the truth, and a socket that missed one resumes from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.db import transaction

from realtime import topics
from realtime.hub import get_hub, publish_from_sync, topics_in_use

#: render(audience, language) -> the ready HTML for that audience in that language.
Renderer = Callable[[str, str], str]


def broadcast_on_commit(topic: str, text: str, *, using: str | None = None) -> None:
    """Publish a ready fragment once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(publish_from_sync, topic, text), using=using)


def board_on_commit(board_id: int, audiences: Iterable[str], render: Renderer) -> None:
    """After commit: render once per (audience, language) that has sockets, publish once per topic.

    Never per connection: each process's hub writes the ready string to its own sockets.
    """
    transaction.on_commit(partial(publish_board, board_id, tuple(audiences), render))


def publish_board(board_id: int, audiences: tuple[str, ...], render: Renderer) -> None:
    languages = [code for code, _name in settings.LANGUAGES]
    wanted = {
        topics.board_audience(board_id, audience, language): (audience, language)
        for audience in audiences
        for language in languages
    }
    for topic in topics_in_use(list(wanted)):
        audience, language = wanted[topic]
        publish_from_sync(topic, render(audience, language))


async def apublish(topic: str, text: str) -> None:
    """Publish from async code that has nothing to commit (presence, timer ticks)."""
    await get_hub().publish(topic, text)
