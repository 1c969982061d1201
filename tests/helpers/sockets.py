"""Sockets as the pages open them, through the real ASGI application (origin check, session, routing),
and two ways to prove that nothing more arrived, with no fixed wait:

- a push: `nothing_more(socket, topic)` publishes a sentinel on one of the socket's topics after
  everything before it. The hub delivers in publish order (in process: one queue per hub, for every
  topic; Redis: one pub/sub connection per process, in the order Redis took the publishes), so a
  push published before the sentinel came before it: whatever arrived first is all there is.
- an answer to what the socket sent: `nothing_answered(socket)` sends a message the socket refuses.
  A consumer handles its socket's messages one at a time, in order, so whatever the earlier
  messages brought came before that refusal.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.utils import translation

from cmij.asgi import application
from realtime import names
from realtime.broadcast import apublish
from realtime.hub import get_hub
from tests.helpers.clients import member_cookie
from tests.helpers.waiting import until

ORIGIN = "http://127.0.0.1:8000"

Noise = Callable[[str], bool]


@pytest.fixture
def socket_origin(settings):
    """The test sockets' origin is one the site is served on."""
    settings.CMIJ_ALLOWED_ORIGINS = [ORIGIN]


def is_noise(text: str) -> bool:
    """Participant counts and the bell come and go with every socket; most tests look past them."""
    return "-presence" in text[:60] or 'id="bell-' in text[:20]


# --- opening -------------------------------------------------------------------------------------


async def open_socket(path: str, *, cookie: str = "", language: str | None = "nl") -> WebsocketCommunicator:
    """A connected socket on `path`, from the site's origin, with `cookie` and the language switch's cookie."""
    cookies = "; ".join(part for part in (cookie, f"django_language={language}" if language else "") if part)
    headers = [(b"origin", ORIGIN.encode())]
    if cookies:
        headers.append((b"cookie", cookies.encode()))
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await socket.connect()
    assert connected
    return socket


async def open_site(user=None, *, language: str | None = None) -> WebsocketCommunicator:
    """The site socket every page opens, of `user` (or a visitor), in `language` (None: no switch
    cookie, the site's default), once registered: a member's has read the bell count it gets last."""
    cookie = await sync_to_async(member_cookie)(user) if user is not None else ""
    socket = await open_socket("/ws/live/", cookie=cookie, language=language)
    if user is not None:
        assert 'id="bell-set"' in await socket.receive_from(timeout=3)  # the count on connect
    else:
        await registered(names.site(language or settings.LANGUAGE_CODE))
    return socket


async def open_board(
    board_id: int, *, cookie: str = "", language: str = "nl", query: str = "", audience: str | None = None
) -> WebsocketCommunicator:
    """A connected board socket (`query`: e.g. the projector's ?t=...); with `audience`, once the hub
    holds it among that audience's sockets of its language."""
    topic = names.board_audience(board_id, audience, language) if audience else None
    before = len(get_hub().sockets.get(topic, ())) if topic else 0
    socket = await open_socket(f"/ws/boards/{board_id}/{query}", cookie=cookie, language=language)
    if topic:
        await registered(topic, before + 1)
    return socket


async def registered(topic: str, count: int = 1) -> None:
    """Wait until this loop's hub holds `count` sockets of `topic`, its subscription confirmed (Redis):
    a socket registers after its accept, so a push before that would miss it."""

    def held() -> bool:
        hub = get_hub()
        subscribing = hub._subscribing.get(topic)
        return len(hub.sockets.get(topic, ())) >= count and subscribing is not None and subscribing.done()

    await until(held, what=f"{count} socket(s) registered on {topic}")


# --- reading -------------------------------------------------------------------------------------


async def next_message(socket: WebsocketCommunicator, timeout: float = 3, *, noise: Noise = is_noise) -> str:  # noqa: ASYNC109
    """The next message that is not noise (participant counts and the bell, by default)."""
    while True:
        text = await socket.receive_from(timeout=timeout)
        if not noise(text):
            return text


async def closed_with(socket: WebsocketCommunicator) -> int:
    """The code the socket is closed with (whatever it was sent before)."""
    while True:
        output = await socket.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            return output["code"]


# --- nothing more: a sentinel for pushes ----------------------------------------------------------


async def received_before_sentinel(
    socket: WebsocketCommunicator,
    topic: str,
    within: float = 5.0,
) -> list[str]:
    """What `socket` got before a sentinel published now on `topic`, one of the socket's topics."""
    token = secrets.token_hex(8)
    await apublish(topic, f'<div id="test-sentinel" data-sentinel="{token}" hidden></div>')
    got = []
    while True:
        text = await socket.receive_from(timeout=within)
        if token in text:
            return got
        got.append(text)


def is_sentinel(text: str) -> bool:
    """A sentinel of `received_before_sentinel`, as a socket or a fake one gets it."""
    return text.startswith('<div id="test-sentinel"')


async def nothing_more(socket: WebsocketCommunicator, topic: str, *, noise: Noise | None = is_noise) -> bool:
    """True when nothing (but noise, unless `noise=None`) reached `socket` before a sentinel on `topic`.

    Pick the socket's topic on which the unwanted push would have come (or, if the socket must not be
    on that one, a topic it is on). Every other socket of that topic gets the sentinel too: one that
    reads on reads past it with `next_message(socket, noise=is_sentinel)`."""
    got = await received_before_sentinel(socket, topic)
    unexpected = [text for text in got if noise is None or not noise(text)]
    assert unexpected == [], f"unexpected: {unexpected[0][:200]}"
    return True


# --- nothing more: a refusal for answers -----------------------------------------------------------

BARRIER = {"action": "test-barrier"}  # an action no socket has: refused, in order, with an error


def is_barrier_refusal(text: str, language: str = "nl") -> bool:
    """The error a socket answers BARRIER with, in the socket's language."""
    with translation.override(language):
        refusal = translation.gettext("This action is not available here.")
    return text.startswith('<div id="live-error"') and refusal in text


async def outputs_before_refusal(socket: WebsocketCommunicator, language: str = "nl") -> list[dict]:
    """Every output (sends, and a close) before the answer to BARRIER sent now; stops at a close."""
    await socket.send_json_to(BARRIER)
    outputs = []
    while True:
        output = await socket.receive_output(timeout=5)
        if output["type"] == "websocket.send" and is_barrier_refusal(output.get("text") or "", language):
            return outputs
        outputs.append(output)
        if output["type"] == "websocket.close":
            return outputs


async def nothing_answered(
    socket: WebsocketCommunicator, language: str = "nl", *, noise: Noise | None = is_noise
) -> bool:
    """True when the messages sent on `socket` so far brought nothing more (but noise) and no close."""
    outputs = await outputs_before_refusal(socket, language)
    assert all(output["type"] == "websocket.send" for output in outputs), outputs[-1]
    unexpected = [o["text"] for o in outputs if noise is None or not noise(o.get("text") or "")]
    assert unexpected == [], f"unexpected: {unexpected[0][:200]}"
    return True


# --- the site socket's subscriptions ---------------------------------------------------------------


def acknowledgement(what: str) -> str:
    """The start of the site socket's answer to a `feed` or `team` message, once the hub has it."""
    return f'<div id="live-subscribed" data-subscribed="{what}"'


async def feed_subscribed(socket: WebsocketCommunicator, **filters) -> None:
    """Send the page's filters as the glue does, and wait for the acknowledgement: from now on the
    socket gets the new callouts that match."""
    await socket.send_to(text_data=json.dumps({"action": "feed", "query": urlencode(filters, doseq=True)}))
    answer = await socket.receive_from(timeout=5)
    assert answer.startswith(acknowledgement("feed")), answer


async def watch_team(socket: WebsocketCommunicator, team_id) -> str:
    """Ask to watch a team, as its page does; the answer after the acknowledgement (the hint that
    comes at once), or the error."""
    await socket.send_to(text_data=json.dumps({"action": "team", "team": team_id, "HEADERS": {}}))
    answer = await socket.receive_from(timeout=3)
    if answer.startswith(acknowledgement("team")):
        assert f'data-subscribed="team" data-team="{team_id}"' in answer, answer
        answer = await socket.receive_from(timeout=3)
    return answer
