"""WebSocket fuzzing (#14): random and mutated frames against the board socket (as a guest) and the
site socket (as a member). Every frame gets a well-formed error (an alert with a reason), no frame
changes anything, no frame reaches the catch-all "a message failed" path, and the socket stays open.
10 000 frames in all, in pass 2 of .ci/run (marker `abuse`, by its folder)."""

from __future__ import annotations

import json
import logging
import math
import re

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boards.models import Board, BoardEvent, Guest, Idea, Vote
from callouts.models import Callout, Follow
from cmij.asgi import application
from notifications.models import Notification
from realtime import consumers
from tests.helpers.clients import guest_cookie, member_cookie
from tests.helpers.sockets import ORIGIN

pytestmark = [pytest.mark.django_db(transaction=True)]

EXAMPLES = 100  # per socket kind
FRAMES = 50  # per example: 2 x 100 x 50 = 10 000 frames

BOARD_ACTIONS = consumers.BoardConsumer.actions
SITE_ACTIONS = consumers.SiteConsumer.actions
# Names a careless dispatcher would call: the consumer's own handlers and methods.
HANDLER_NAMES = [
    "websocket_connect", "websocket_receive", "websocket_disconnect", "control_close", "control_recheck",
    "connect", "disconnect", "receive", "send", "close", "dispatch", "handle_message", "authorise",
    "topics", "send_error", "action_post", "__init__", "__class__", "__dict__", "_act", "heartbeat",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _intlike(value: str) -> bool:
    """Would Django's IntegerField read this as a number? (It drops a trailing ".0".)"""
    try:
        int(re.sub(r"\.0*\s*$", "", value.strip()))
    except ValueError:
        return False
    return True


# Never the id of something on the board: so no generated frame can be a valid action.
not_an_id = st.one_of(
    st.none(),
    st.integers(max_value=0),
    st.integers(min_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: not math.isfinite(x) or x != int(x)),
    st.text(max_size=20).filter(lambda s: not _intlike(s)),
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=5), scalars, max_size=3),
)
# Not a valid seq: a valid one is a non-negative int (bool counts as int in Python, so it is left out).
not_a_seq = st.one_of(
    st.none(),
    st.integers(max_value=-1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=5), scalars, max_size=3),
)
junk = st.dictionaries(st.text(max_size=8).filter(lambda k: k not in ("action",)), json_values, max_size=3)


def with_junk(message: dict) -> st.SearchStrategy[dict]:
    return junk.map(lambda extra: {**extra, **message})


def envelope(actions: frozenset[str]) -> st.SearchStrategy[str | bytes]:
    """Frames that can never be a valid message for a socket with these actions."""
    unknown_action = st.one_of(
        st.text(max_size=30).filter(lambda a: a not in actions), st.sampled_from(HANDLER_NAMES)
    )
    bad_action = st.one_of(scalars.filter(lambda a: not isinstance(a, str)), st.lists(scalars, max_size=2))
    deep = st.integers(min_value=500, max_value=30_000)
    plain_frames = [
        st.text(max_size=200).filter(lambda t: not _valid(t, actions)),  # mostly not JSON at all
        st.binary(max_size=200),  # binary frames
        json_values.filter(lambda v: not isinstance(v, dict)).map(json.dumps),  # JSON, but no object
        st.builds(lambda a, extra: json.dumps({**extra, "action": a}), unknown_action, junk),
        st.builds(lambda a, extra: json.dumps({**extra, "action": a}), bad_action, junk),
        junk.map(json.dumps),  # no action at all
        deep.map(lambda n: "[" * n + "]" * n),  # deep nesting
        deep.map(lambda n: '{"action": "post", "text": ' + "[" * n + "]" * n + "}"),
        st.just(json.dumps({"action": "post", "text": "x" * 70_000})),  # over the size limit
        st.builds(lambda n: json.dumps({"action": "a" * n}), st.integers(60_000, 66_000)),
    ]
    return st.one_of(*plain_frames)


def _valid(text: str, actions: frozenset[str]) -> bool:
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(message, dict) and message.get("action") in actions


board_frames = st.one_of(
    envelope(BOARD_ACTIONS),
    # Known actions with wrong or missing fields, and extra junk.
    st.builds(lambda p, t: {"action": "post", "prompt": p, "text": t}, not_an_id, json_values).flatmap(
        with_junk
    ),
    st.builds(lambda t: {"action": "post", "text": t}, json_values).flatmap(with_junk),
    st.builds(lambda i: {"action": "vote", "idea": i}, not_an_id).flatmap(with_junk),
    st.builds(lambda i: {"action": "unvote", "idea": i}, st.one_of(not_an_id, st.integers(1, 10**6))),
    st.builds(lambda i: {"action": "vote", "idea": i}, st.integers(1, 10**6)),  # no idea on this board
    st.builds(lambda s: {"action": "resume", "seq": s}, not_a_seq).flatmap(with_junk),
    st.builds(lambda s: {"action": "ack", "seq": s}, not_a_seq).flatmap(with_junk),
    st.just({"action": "resume"}),
).map(lambda frame: json.dumps(frame) if isinstance(frame, dict) else frame)

site_frames = st.one_of(
    envelope(SITE_ACTIONS),
    st.builds(lambda q: {"action": "feed", "query": q}, json_values.filter(lambda q: not isinstance(q, str))),
    st.builds(lambda n: {"action": "feed", "query": "zoek=" + "x" * n}, st.integers(2000, 5000)),
    st.builds(
        lambda q: {"action": "feed", "query": q}, st.sampled_from(["soort=geen-soort", "discipline=x" * 3])
    ),
).map(lambda frame: json.dumps(frame) if isinstance(frame, dict) else frame)

ERROR_MARKERS = ('id="live-error"', 'class="form-errors"', "message--error")


def well_formed_error(text: str) -> bool:
    return 'role="alert"' in text and any(marker in text for marker in ERROR_MARKERS)


async def answer(socket: WebsocketCommunicator) -> str:
    """The reply to the frame just sent, skipping pushes that come by themselves (counts, the bell)."""
    while True:
        text = await socket.receive_from(timeout=5)
        if "-presence" not in text[:60] and 'id="bell-' not in text[:20]:
            return text


def snapshot() -> dict:
    boards = list(Board.objects.values_list("pk", "phase", "locked", "moderated", "title").order_by("pk"))
    counts = {
        model.__name__: model.objects.count()
        for model in (Idea, Vote, BoardEvent, Guest, Callout, Follow, Notification)
    }
    return {"boards": boards, **counts}


@pytest.fixture
def board_socket_setup(db):
    from tests.helpers import factories

    organiser = factories.organiser()
    meeting = factories.meeting(by=organiser, facilitators=[])
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.COLLECT, locked=False, moderated=False)
    from boards.services import guest_join

    guest = guest_join(meeting=meeting, code=meeting.join_code, display_name="Gast Fuzz")
    return f"/ws/boards/{board.pk}/", guest_cookie(guest)


@pytest.fixture
def site_socket_setup(db):
    from tests.helpers import factories

    return "/ws/live/", member_cookie(factories.MemberFactory())


@pytest.fixture(autouse=True)
def no_rate_limits(monkeypatch, settings):
    """The rate limits have their own tests; here every frame must reach validation."""
    settings.CMIJ_ALLOWED_ORIGINS = [ORIGIN]
    monkeypatch.setattr(consumers, "PER_PERSON_MESSAGES", 10**9)
    monkeypatch.setattr(consumers, "SOCKET_MESSAGES", 10**9)


async def fuzz(path: str, cookie: str, frames: list[str | bytes], caplog) -> None:
    before = await sync_to_async(snapshot)()
    socket = WebsocketCommunicator(
        application,
        path,
        headers=[(b"origin", ORIGIN.encode()), (b"cookie", f"{cookie}; django_language=nl".encode())],
    )
    connected, _ = await socket.connect()
    assert connected
    try:
        for frame in frames:
            # As daphne hands a frame over (send_to refuses empty frames, which a client may send).
            kind = "bytes" if isinstance(frame, bytes) else "text"
            await socket.send_input({"type": "websocket.receive", kind: frame})
            reply = await answer(socket)
            assert well_formed_error(reply), (frame[:200], reply[:300])
    finally:
        await socket.disconnect()
    assert await sync_to_async(snapshot)() == before
    failures = [
        r for r in caplog.records if r.levelno >= logging.ERROR or "a message failed" in r.getMessage()
    ]
    assert failures == []


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@FUZZ_SETTINGS
@given(frames=st.lists(board_frames, min_size=FRAMES, max_size=FRAMES))
async def test_random_frames_on_the_board_socket_get_an_error_and_change_nothing(
    board_socket_setup, frames, caplog
):
    await fuzz(*board_socket_setup, frames, caplog)


@FUZZ_SETTINGS
@given(frames=st.lists(site_frames, min_size=FRAMES, max_size=FRAMES))
async def test_random_frames_on_the_site_socket_get_an_error_and_change_nothing(
    site_socket_setup, frames, caplog
):
    await fuzz(*site_socket_setup, frames, caplog)
