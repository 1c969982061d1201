"""The `seq` marker every pushed board fragment starts with is written once (the `seq-marker` partial)
and read three times: by the consumer (boards.events.read_seq_marker, its behind-count), by the glue
(MARKER in static/js/cmij.js) and by the drills' phones (tests/drills/room.py). Real pushed fragments
are rendered here and each reader must find the board, seq and prev the event row holds; a message
the hub joined from several must be split into the same events by each of them."""

from __future__ import annotations

import re

import pytest

from boards import rendering, services, sockets
from boards.events import Audience, EventKind, read_seq_marker, split_events
from boards.models import BoardEvent
from realtime.hub import joined
from tests.drills import room
from tests.helpers.factories import idea_on
from tests.helpers.glue import EVENT_START as GLUE_EVENT_START
from tests.helpers.servers import ROOT

pytestmark = pytest.mark.django_db


def glue_marker() -> re.Pattern[str]:
    """The glue's MARKER, read from static/js/cmij.js (a JavaScript literal that is also a Python regex)."""
    source = (ROOT / "static" / "js" / "cmij.js").read_text()
    found = re.search(r"var MARKER = /(.+)/;", source)
    assert found, "static/js/cmij.js has no MARKER"
    return re.compile(found.group(1))


def readings(text: str) -> dict[str, tuple[int, int, int | None, bool]]:
    """What each reader finds in a pushed fragment: (board, seq, prev, snapshot)."""
    python = read_seq_marker(text)
    glue = glue_marker().match(text)
    drills = room.MARKER.match(text)
    found = {}
    if python is not None:
        found["boards.events"] = (python.board_id, python.seq, python.prev, python.snapshot)
    for name, match in (("cmij.js", glue), ("drills", drills)):
        if match is not None:
            prev = int(match.group(3)) if match.group(3) else None
            found[name] = (int(match.group(1)), int(match.group(2)), prev, match.group(4) is not None)
    return found


def pushed(event: BoardEvent, audience: str) -> str:
    return rendering.render_event(event, audience, "nl")


def test_every_reader_finds_the_seq_and_prev_of_each_pushed_event(board, as_guest, facilitator):
    board.moderated = True
    board.save(update_fields=["moderated"])
    queued = idea_on(board, as_guest, "In de wachtrij", client_msg_id="marker00001")
    services.idea_moderate(idea=queued, by=facilitator, action="approve")
    services.board_set_phase(board=board, by=facilitator, phase="vote")
    events = list(board.events.order_by("seq"))
    assert [event.kind for event in events] == [EventKind.IDEA, EventKind.IDEA, EventKind.BOARD]
    checked = 0
    for event in events:
        for audience in Audience:
            if audience < event.audience:
                continue  # this audience never gets the event
            name = audience.label
            expected = (board.pk, event.seq, getattr(event, f"prev_{name}"), False)
            text = pushed(event, name)
            assert readings(text) == dict.fromkeys(("boards.events", "cmij.js", "drills"), expected), text[
                :200
            ]
            assert sockets.pushed_seq(text) == event.seq  # the consumer's behind-count
            assert sockets.is_board_event(text)
            checked += 1
    assert checked == 7  # the queued idea to facilitators; the approval and the phase to all three


def test_every_reader_sees_a_snapshot_as_one_with_no_prev(board, as_guest):
    idea_on(board, as_guest, "Een idee", client_msg_id="marker00002")
    board.refresh_from_db()
    for audience in Audience:
        text = rendering.render_snapshot(board, audience.label, "en")
        expected = (board.pk, rendering.audience_seq(board, audience.label), None, True)
        assert readings(text) == dict.fromkeys(("boards.events", "cmij.js", "drills"), expected), text[:200]


def test_what_is_not_a_board_event_has_no_marker(board):
    for text in (rendering.render_presence(board.pk, 3, "nl"), '<div id="live-refetch" data-board="1">', ""):
        assert readings(text) == {}
        assert sockets.pushed_seq(text) is None
        assert not sockets.is_board_event(text)
    notice = rendering.render_partial("notice-oob", {"board": board, "message": "Nee"}, "nl")
    assert notice.startswith(f'<div id="board-{board.pk}-') and not sockets.is_board_event(notice)


def glue_event_start() -> re.Pattern[str]:
    """The glue's EVENT_START, read from static/js/cmij.js (a JavaScript literal that is also a Python regex)."""
    source = (ROOT / "static" / "js" / "cmij.js").read_text()
    found = re.search(r"var EVENT_START = /(.+)/;", source)
    assert found, "static/js/cmij.js has no EVENT_START"
    return re.compile(found.group(1))


def test_every_reader_takes_a_message_the_hub_joined_apart_into_its_events(board, as_guest, facilitator):
    """The in-process hub joins the board events queued for one topic (realtime.hub.joined): every
    reader splits the message into the same events, in order, and the consumer counts each."""
    for n in range(3):
        idea_on(board, as_guest, f'Idee {n} met <b>opmaak</b> & een "citaat"', client_msg_id=f"joined{n:05}")
    services.board_set_phase(board=board, by=facilitator, phase="vote")
    events = [pushed(event, "participants") for event in board.events.order_by("seq")]
    assert len(events) == 4
    [(_topic, message)] = joined([("t", text, True) for text in events])

    assert split_events(message) == events
    assert [part for part in glue_event_start().split(message) if part] == events
    assert [part for part in room.EVENT_START.split(message) if part] == events
    assert [part for part in GLUE_EVENT_START.split(message) if part] == events
    assert sockets.event_count(message) == 4
    assert [sockets.event_count(text) for text in events] == [1, 1, 1, 1]
