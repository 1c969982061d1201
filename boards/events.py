"""A board's event log, its vocabulary defined once: the kinds of event, the audiences that see them,
and how a pushed fragment's `seq` marker is read back.

Every pushed board fragment starts with its `seq` marker, written by one partial (`seq-marker` in
templates/boards/board.html): the board, the event's `seq`, and `prev`, the `seq` of the previous
event of the same audience, so a client can tell a gap. Three readers parse it: `read_seq_marker`
here (the consumer counts how far behind a socket is with it), the glue's `MARKER` in
static/js/cmij.js, and the drills' phones (tests/drills/room.py). tests/boards/test_events.py renders
real pushed fragments and checks that all three read the same numbers.

One message may carry several events: when the in-process hub's loop is behind, it joins the board
events queued for one topic (realtime.hub.joined). Each reader splits a message where a marker starts
(`split_events` here, `splitEvents` in cmij.js, the drills' phones) and takes the parts in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models


class EventKind(models.TextChoices):
    """What changed; the values are what `BoardEvent.kind` stores."""

    IDEA = "idea", "idea"  # ideas: new, edited, voted, moderated, moved, merged, deleted (refs: their ids)
    BOARD = "board", "board"  # the board's phase, lock, title or settings
    PROMPTS = "prompts", "prompts"  # a column added or renamed
    TIMER = "timer", "timer"  # the timer started or stopped
    JOIN = "join", "join"  # the join code rotated, or joining opened or closed (projector and up)
    REPORT_BACK = "report_back", "report_back"  # the report-back on the projector changed (projector and up)


class Audience(models.IntegerChoices):
    """Who sees an event. Audiences nest: participants see the least, the projector also sees the join
    code, facilitators see everything. An event stores the smallest audience that sees it; the label
    names the audience in topics, templates and the `prev_<audience>` columns."""

    PARTICIPANTS = 1, "participants"
    PROJECTOR = 2, "projector"
    FACILITATORS = 3, "facilitators"

    @classmethod
    def named(cls, name: str) -> Audience:
        return next(audience for audience in cls if audience.label == name)


@dataclass(frozen=True)
class SeqMarker:
    board_id: int
    seq: int
    prev: int | None
    snapshot: bool


# The start of every pushed board fragment; the glue's MARKER in static/js/cmij.js is the same pattern.
_SEQ_MARKER = re.compile(
    r'^<div id="board-(\d+)-seq" data-board="\d+" data-seq="(\d+)" data-prev="(\d*)"( data-snapshot="1")?'
)


# Where an event starts in a message: its marker, which nothing else pushed contains (every text an
# idea or a person brings is escaped, so it holds no "<").
_EVENT_START = re.compile(r'(?=<div id="board-\d+-seq" data-board=")')
EVENT_NEEDLE = '-seq" data-board="'


def split_events(text: str) -> list[str]:
    """A pushed message as the events it carries, in order: itself, or the several the hub joined."""
    return [part for part in _EVENT_START.split(text) if part]


def read_seq_marker(text: str) -> SeqMarker | None:
    """The marker at the start of a pushed fragment, or None when the text is not a board event."""
    match = _SEQ_MARKER.match(text[:200])
    if match is None:
        return None
    return SeqMarker(
        board_id=int(match.group(1)),
        seq=int(match.group(2)),
        prev=int(match.group(3)) if match.group(3) else None,
        snapshot=match.group(4) is not None,
    )
