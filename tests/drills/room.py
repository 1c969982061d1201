"""A meeting room for the fault drills: two daphne processes, phones that follow a board the way the
glue JS does (static/js/cmij.js), people posting ideas, and a proxy the drill can cut.

What a phone does, as in the browser:
- on every open it sends `resume` with the last seq it applied; a pushed event is applied only when
  its `prev` is that seq (otherwise it is dropped and, for a gap, the phone resumes: at most every
  3 s, a gap within them asked about when they are over); a snapshot replaces what it has; `ack`
  every 5 seconds; a message with several events (the hub joined them) is split where each marker
  starts and taken in order;
- every close but 4008 reconnects, whatever its code (1000, 1001, 1006, 1011, 4012, 4013, a refused
  connection), after cmij.js's one backoff: full jitter, a random part of min(5 s, 0.25 s * 2^n),
  n counting the closes since the socket last stayed open 5 s; 4008 means stay away;
- with two addresses (the "client-side list of addresses" of the issue), a failed connection tries
  the next one.
"""

from __future__ import annotations

import asyncio
import html
import json
import random
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import websockets

from realtime.hub import RESUME_HINT
from tests.helpers.browsers import Browser
from tests.helpers.servers import ROOT, server_environment, start_daphne, stop_process, wait_until_healthy
from tests.helpers.traffic import traffic_window
from tests.helpers.waiting import until

EVENT_START = re.compile(r'(?=<div id="board-\d+-seq" data-board=")')
MARKER = re.compile(
    r'^<div id="board-(\d+)-seq" data-board="\d+" data-seq="(\d+)" data-prev="(\d*)"( data-snapshot="1")?'
)
REFETCH = re.compile(r'^<div id="live-refetch" data-board="\d+" data-url="([^"]+)"')
NONCE = re.compile(r"drill-[a-z0-9]+-\d{5}")
ANSWER = '<div id="live-error"'  # a board socket's answer to a message it has no action for
STAY_AWAY = 4008
LOST = {1006, 1011, 1012, 1013}  # the connection failed: try the next address
ACK_EVERY = 5.0
RESUME_EVERY = 3.0  # a gap asks at most this often (cmij.js RESUME_EVERY)
BACKOFF_FIRST = 0.25  # seconds, cmij.js BACKOFF_FIRST
BACKOFF_MOST = 5.0  # cmij.js BACKOFF_MOST
STEADY = 5.0  # open this long, the backoff starts again from the beginning (cmij.js STEADY)


def reconnect_delay(retries: int) -> float:
    """cmij.js after every close but 4008: full jitter up to min(5 s, 0.25 s * 2^retries)."""
    return random.random() * min(BACKOFF_MOST, BACKOFF_FIRST * 2**retries)


# --- the servers ------------------------------------------------------------------------------------


class Daphne:
    """One daphne process on a fixed port, which a drill may kill and start again."""

    def __init__(self, port: int, env: dict[str, str], log: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.env = env
        self.log = log
        self.process = None

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = start_daphne(self.port, self.env, stderr=log)
        wait_until_healthy(self.url, self.process, timeout=60)

    def kill(self) -> None:
        """kill -9: no goodbye to any socket."""
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)


def daphne_environment(port: int, *, database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    return server_environment(port, DATABASE_URL=database_url, REDIS_URL=redis_url, **extra)


# --- the database, read directly (the drills' services are their own) ------------------------------


@dataclass
class Meeting:
    database_url: str
    join_code: str
    board_id: int
    prompt_id: int

    @classmethod
    def create(cls, database_url: str, env: dict[str, str], title: str) -> Meeting:
        """A new meeting with its plenary board, made by the demo's organiser, so each drill's
        board starts empty."""
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", NEW_MEETING],
            cwd=ROOT, env={**env, "CMIJ_DRILL_TITLE": title}, check=True, capture_output=True, text=True,
        )  # fmt: skip
        code, board_id, prompt_id = result.stdout.split()[-3:]
        return cls(database_url, code, int(board_id), int(prompt_id))

    def committed(self, prefix: str) -> Counter[str]:
        """Each drill idea stored on the board, with how many times (1 each: a post is stored once)."""
        with psycopg.connect(self.database_url) as connection:
            rows = connection.execute(
                "SELECT text, count(*) FROM boards_idea WHERE board_id = %s AND text LIKE %s GROUP BY text",
                [self.board_id, f"{prefix}%"],
            ).fetchall()
        return Counter({text: count for text, count in rows})


NEW_MEETING = """
import os
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from boards import services
organiser = get_user_model().objects.filter(is_staff=True).first()
now = timezone.now()
meeting = services.meeting_create(by=organiser, title=os.environ['CMIJ_DRILL_TITLE'], starts_at=now, ends_at=now + timedelta(hours=3))
board = meeting.boards.get()
prompt = board.prompts.first()
print(meeting.join_code, board.pk, prompt.pk)
"""


# --- people posting ideas -------------------------------------------------------------------------


@dataclass
class Poster:
    """Posts ideas over HTTP as the board's form does, at a steady rate, each with its own
    client_msg_id; a failed post is sent again with the same id until it is stored."""

    name: str
    addresses: list[str]
    meeting: Meeting
    rate: float
    prefix: str
    acknowledged: dict[str, float] = field(default_factory=dict)  # nonce -> when the answer came
    errors: Counter[str] = field(default_factory=Counter)
    unclear: list[str] = field(default_factory=list)  # answers that were not a clear, retryable error
    limit: int | None = None

    def __post_init__(self) -> None:
        self.browser = Browser(self.addresses[0]).join(self.meeting.join_code, f"Poster {self.name}")
        self.address = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"poster-{self.name}", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=60)

    def _csrf(self) -> str:
        return next(cookie.value for cookie in self.browser.jar if cookie.name == "csrftoken")

    def _post(self, nonce: str, client_msg_id: str) -> None:
        base = self.addresses[self.address % len(self.addresses)]
        data = {"text": nonce, "prompt": self.meeting.prompt_id, "client_msg_id": client_msg_id}
        request = urllib.request.Request(
            f"{base}/borden/{self.meeting.board_id}/ideeen/",
            data=urllib.parse.urlencode(data).encode(),
            headers={"X-CSRFToken": self._csrf(), "HX-Request": "true", "Referer": base + "/"},
        )
        self.browser.opener.open(request, timeout=10).read()

    def _run(self) -> None:
        number = 0
        next_at = time.monotonic()
        while not self.stopping.is_set() and (self.limit is None or number < self.limit):
            nonce = f"{self.prefix}{self.name}-{number:05d}"
            client_msg_id = secrets.token_hex(16)
            while True:  # the same post again until it is stored (or the drill ends)
                try:
                    self._post(nonce, client_msg_id)
                    self.acknowledged[nonce] = time.monotonic()
                    break
                except urllib.error.HTTPError as error:
                    self.errors[f"HTTP {error.code}"] += 1
                    if error.code != 503 or not error.headers.get("Retry-After"):
                        self.unclear.append(f"HTTP {error.code}: {error.read()[:200]!r}")
                except (OSError, urllib.error.URLError) as error:
                    self.errors[type(getattr(error, "reason", error)).__name__] += 1
                    self.address += 1  # try the other process
                if self.stopping.wait(0.5):
                    return
            number += 1
            next_at += 1 / self.rate
            self.stopping.wait(max(0.0, next_at - time.monotonic()))


# --- phones following the board -----------------------------------------------------------------


@dataclass
class Phone:
    name: str
    addresses: list[str]
    meeting: Meeting
    cookie: str
    origin: str | None = None  # the served site's, when the phone goes through a proxy
    applied: int = 0
    from_events: dict[str, list[int]] = field(default_factory=dict)  # nonce -> seqs of applied events
    from_snapshots: set[str] = field(default_factory=set)
    arrived: dict[str, float] = field(default_factory=dict)  # nonce -> first time this phone had it
    closes: Counter[int] = field(default_factory=Counter)
    opens: int = 0
    refused: bool = False
    last_applied_at: float = 0.0
    acks: int = 0  # acks sent
    answers: int = 0  # error fragments received: answers to `registered`'s question

    def __post_init__(self) -> None:
        self.reading = asyncio.Event()
        self.reading.set()
        self.stopping = asyncio.Event()
        self.retries = 0
        self.opened_at = 0.0
        self.address = 0
        self.resumed_at = 0.0
        self.resume_later: asyncio.Task | None = None
        self.socket = None
        self.last_messages: deque[str] = deque(maxlen=6)

    @property
    def connected_to(self) -> str | None:
        return self.addresses[self.address % len(self.addresses)] if self.socket is not None else None

    @property
    def known(self) -> set[str]:
        return set(self.from_events) | self.from_snapshots

    @property
    def duplicates(self) -> dict[str, list[int]]:
        """Ideas applied by more than one event: the seqs that carried each."""
        return {nonce: seqs for nonce, seqs in self.from_events.items() if len(seqs) > 1}

    def describe(self, committed: set[str]) -> str:
        return (
            f"{self.name}: applied seq {self.applied}, has {len(committed & self.known)} of {len(committed)} "
            f"({len(self.from_snapshots)} from snapshots), opened {self.opens}x, closes {dict(self.closes)}, "
            f"last messages {list(self.last_messages)}"
        )

    def pause(self) -> None:
        """Stop reading and so stop acknowledging, like a phone whose page is frozen."""
        self.reading.clear()

    def unpause(self) -> None:
        self.reading.set()

    async def run(self) -> None:
        while not self.stopping.is_set():
            code = await self._connect_once()
            if code == STAY_AWAY:
                self.refused = True
                return
            self.closes[code] += 1
            if self.opened_at and time.monotonic() - self.opened_at >= STEADY:
                self.retries = 0  # it had been well
            self.opened_at = 0.0
            if code in LOST:
                self.address += 1
            delay = reconnect_delay(self.retries)
            self.retries += 1
            try:
                await asyncio.wait_for(self.stopping.wait(), delay)
            except TimeoutError:
                pass

    async def _connect_once(self) -> int:
        base = self.addresses[self.address % len(self.addresses)]
        url = base.replace("http://", "ws://") + f"/ws/boards/{self.meeting.board_id}/"
        try:
            async with websockets.connect(
                url,
                origin=self.origin or base,
                additional_headers={"Cookie": self.cookie},
                # A browser waits long for a handshake; a short timeout here would count a busy
                # server as a lost connection and back off.
                open_timeout=20,
                close_timeout=2,
            ) as socket:
                self.socket = socket
                self.opens += 1
                self.opened_at = time.monotonic()
                await self._resume(force=True)
                acks = asyncio.create_task(self._ack_every())
                try:
                    while not self.stopping.is_set():
                        await self.reading.wait()
                        receive = asyncio.create_task(socket.recv())
                        stop = asyncio.create_task(self.stopping.wait())
                        done, _ = await asyncio.wait({receive, stop}, return_when=asyncio.FIRST_COMPLETED)
                        if receive not in done:
                            receive.cancel()
                            stop.cancel()
                            return 1000
                        stop.cancel()
                        await self._handle(receive.result())
                finally:
                    acks.cancel()
                    if self.resume_later is not None:
                        self.resume_later.cancel()  # the next socket resumes when it opens
                    self.socket = None
        except websockets.ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd is not None else 1006
        except (OSError, TimeoutError, websockets.InvalidHandshake):
            return 1006
        return 1000

    def _fetch(self, path: str) -> str:
        base = self.origin or self.addresses[self.address % len(self.addresses)]
        request = urllib.request.Request(base + path, headers={"Cookie": self.cookie, "HX-Request": "true"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read().decode()

    async def _send(self, message: dict) -> None:
        if self.socket is not None:
            await self.socket.send(json.dumps({**message, "HEADERS": {}}))

    async def _resume(self, force: bool = False) -> None:
        """As cmij.js's resume: on open at once; for a gap at most every RESUME_EVERY seconds, and a
        gap within those seconds is asked about when they are over, never dropped: when the room is
        quiet after it, nothing else brings the refused push back (a dropped one left a phone of
        the Redis drill 30 ideas short)."""
        wait = 0.0 if force else RESUME_EVERY - (time.monotonic() - self.resumed_at)
        if wait > 0:
            if self.resume_later is None or self.resume_later.done():
                self.resume_later = asyncio.create_task(self._resume_after(wait))
            return
        if self.resume_later is not None and self.resume_later is not asyncio.current_task():
            self.resume_later.cancel()
        self.resume_later = None
        self.resumed_at = time.monotonic()
        await self._send({"action": "resume", "seq": self.applied})

    async def _resume_after(self, wait: float) -> None:
        await asyncio.sleep(wait)
        await self._resume(force=True)

    async def _ack_every(self) -> None:
        while True:
            await traffic_window(ACK_EVERY)  # the page's heartbeat
            if self.reading.is_set():
                await self._send({"action": "ack", "seq": self.applied})
                self.acks += 1

    async def registered(self, within: float = 30.0) -> None:
        """Wait until the server has handled this phone's connect, its hub registration included: it
        handles one socket's messages in order, so its answer to a question sent now (which a board
        socket answers with an error fragment) comes after that."""
        before = self.answers
        await self._send({"action": "are-you-there"})
        await until(lambda: self.answers > before, within, f"{self.name}: an answer from the server")

    async def _handle(self, message: str) -> None:
        self.last_messages.append(message[:110])
        if message.startswith(ANSWER):
            self.answers += 1
            return
        if message.startswith(RESUME_HINT):
            await self._resume(force=True)
            return
        if refetch := REFETCH.match(message):  # a snapshot too large for the socket: over HTTP
            message = await asyncio.to_thread(self._fetch, html.unescape(refetch.group(1)))
        for event in EVENT_START.split(message):  # several when the hub joined them, as cmij.js splits
            if event:
                await self._apply(event)

    async def _apply(self, message: str) -> None:
        match = MARKER.match(message)
        if not match or int(match.group(1)) != self.meeting.board_id:
            return
        seq = int(match.group(2))
        prev = int(match.group(3)) if match.group(3) else None
        snapshot = bool(match.group(4))
        now = time.monotonic()
        nonces = set(NONCE.findall(message))
        if snapshot:
            self.from_snapshots |= nonces
        else:
            if seq <= self.applied:
                return  # seen already
            if prev != self.applied:
                await self._resume()  # a gap: ask for what is missing
                return
            for nonce in nonces:
                self.from_events.setdefault(nonce, []).append(seq)
        self.applied = seq
        self.resumed_at = 0.0
        self.last_applied_at = now
        for nonce in nonces:
            self.arrived.setdefault(nonce, now)


def guest_cookie(base_url: str, meeting: Meeting, name: str) -> str:
    return Browser(base_url).join(meeting.join_code, name).cookie_header()


# --- a proxy the drill controls ---------------------------------------------------------------------


class Proxy:
    """A TCP proxy in front of one address; `cut()` drops every connection and refuses new ones
    (the Wi-Fi gone), `restore()` lets them through again."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.open = True
        self.pairs: set[asyncio.StreamWriter] = set()
        self.server = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.open:
            writer.transport.abort()
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self.pairs |= {writer, upstream_writer}
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer), return_exceptions=True
        )
        self.pairs -= {writer, upstream_writer}

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            writer.transport.abort()

    def cut(self) -> None:
        self.open = False
        for writer in list(self.pairs):
            writer.transport.abort()

    def restore(self) -> None:
        self.open = True

    async def close(self) -> None:
        self.cut()
        self.server.close()


# --- what a drill reports ---------------------------------------------------------------------------


@dataclass
class Outage:
    began: float
    ended: float


@dataclass
class Report:
    """One drill's figures (docs/reliability.md)."""

    drill: str
    committed: int = 0
    applied_min: int = 0
    applied_max: int = 0
    lost: int = 0
    stored_twice: int = 0
    duplicates: int = 0
    receive_again_s: float = 0.0  # the longest silence on a phone while ideas were being posted
    caught_up_s: float = 0.0
    errors: str = ""
    unclear_errors: int = 0
    missing_acknowledged: int = 0
    notes: str = ""

    def row(self) -> str:
        return (
            f"| {self.drill} | {self.committed} | {self.applied_min}–{self.applied_max} | {self.lost} "
            f"| {self.stored_twice} | {self.duplicates} | {self.receive_again_s:.1f} | {self.caught_up_s:.1f} "
            f"| {self.errors or 'none'} | {self.unclear_errors} | {self.notes} |"
        )


def longest_silence(phones: list[Phone], since: float, until: float) -> float:
    """The longest a phone went without a new idea between `since` and `until` while people kept
    posting: how long the fault kept it from receiving."""
    worst = 0.0
    for phone in phones:
        moments = sorted([since, *(when for when in phone.arrived.values() if since <= when <= until), until])
        worst = max(worst, *(later - earlier for earlier, later in zip(moments, moments[1:], strict=False)))
    return worst


# --- a drill: phones and posters around a fault -----------------------------------------------------


class Drill:
    """Twenty phones follow one board, two people post; the drill's fault happens between; then
    every phone must have every stored idea, once."""

    def __init__(self, name: str, meeting: Meeting) -> None:
        self.name = name
        self.meeting = meeting
        self.prefix = f"drill-{name}{secrets.token_hex(2)}"
        self.phones: list[Phone] = []
        self.posters: list[Poster] = []
        self.outages: list[Outage] = []
        self.tasks: list[asyncio.Task] = []

    async def add_phones(
        self, addresses_of: Callable[[int], list[str]], count: int = 20, origins: dict[int, str] | None = None
    ) -> None:
        for number in range(count):
            addresses = addresses_of(number)
            origin = (origins or {}).get(number)
            cookie = await asyncio.to_thread(
                guest_cookie, origin or addresses[0], self.meeting, f"Telefoon {number}"
            )
            self.phones.append(Phone(f"phone{number}", addresses, self.meeting, cookie, origin))
        self.tasks = [asyncio.create_task(phone.run()) for phone in self.phones]
        await until(lambda: all(phone.opens > 0 for phone in self.phones), 30, "every phone connected")
        # Each socket registers with its hub after the accept.
        await asyncio.gather(*(phone.registered() for phone in self.phones))

    async def add_posters(self, addresses: list[list[str]], rate: float = 10.0) -> None:
        for name, own in zip("ab", addresses, strict=False):
            poster = await asyncio.to_thread(Poster, name, own, self.meeting, rate, self.prefix)
            self.posters.append(poster)
            poster.start()

    def posted(self) -> int:
        return sum(len(poster.acknowledged) for poster in self.posters)

    async def outage(
        self,
        begin: Callable,
        end: Callable,
        *,
        lasting: float | None = None,
        ends_when: Callable[[], bool] | None = None,
        within: float = 300.0,
    ) -> Outage:
        """Run `begin`; let the traffic run for `lasting` seconds from then, or until `ends_when()`
        (failing after `within` seconds); run `end`. `begin` and `end` may be coroutines or plain
        calls."""
        assert (lasting is None) != (ends_when is None), "an outage lasts a time or until a condition"
        began = time.monotonic()
        await _call(begin)
        if ends_when is None:
            await traffic_window(max(0.0, began + lasting - time.monotonic()))
        else:
            await until(ends_when, within, "the outage's end")
        await _call(end)
        outage = Outage(began, time.monotonic())
        self.outages.append(outage)
        return outage

    async def finish(self, *, within: float = 60.0) -> Report:
        for poster in self.posters:
            await asyncio.to_thread(poster.stop)
        self.finished_posting = time.monotonic()
        committed = await asyncio.to_thread(self.meeting.committed, self.prefix)
        wanted = set(committed)
        try:
            await until(lambda: all(wanted <= phone.known for phone in self.phones), within, "every idea")
        except AssertionError:
            pass  # the report counts what is missing, and assert_nothing_lost fails on it
        for phone in self.phones:
            phone.stopping.set()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.committed = set(committed)
        return self._report(committed)

    def _report(self, committed: Counter[str]) -> Report:
        applied = [len(set(committed) & phone.known) for phone in self.phones]
        acknowledged = {nonce: when for poster in self.posters for nonce, when in poster.acknowledged.items()}
        errors = Counter()
        for poster in self.posters:
            errors.update(poster.errors)
        return Report(
            drill=self.name,
            committed=len(committed),
            applied_min=min(applied),
            applied_max=max(applied),
            lost=sum(len(set(committed) - phone.known) for phone in self.phones),
            stored_twice=sum(count - 1 for count in committed.values()),
            duplicates=sum(len(phone.duplicates) for phone in self.phones),
            receive_again_s=longest_silence(self.phones, self.outages[0].began, self.finished_posting),
            caught_up_s=self._caught_up(acknowledged),
            errors=", ".join(f"{count}x {kind}" for kind, count in sorted(errors.items())),
            unclear_errors=sum(len(poster.unclear) for poster in self.posters),
            missing_acknowledged=len(set(acknowledged) - set(committed)),
        )

    def _caught_up(self, acknowledged: dict[str, float]) -> float:
        """Seconds from an outage's end until every phone had every idea stored before that end."""
        worst = 0.0
        for outage in self.outages:
            before = [nonce for nonce, when in acknowledged.items() if when <= outage.ended]
            for phone in self.phones:
                for nonce in before:
                    worst = max(worst, phone.arrived.get(nonce, float("inf")) - outage.ended)
        return worst

    def assert_nothing_lost(self, report: Report) -> None:
        assert not any(phone.refused for phone in self.phones), "a phone was told to stay away (4008)"
        assert report.missing_acknowledged == 0, "a post answered as stored is not in the database"
        assert report.committed > 0
        worst = min(self.phones, key=lambda phone: len(self.committed & phone.known))
        assert report.lost == 0, f"{report.lost} ideas missing on phones: {worst.describe(self.committed)}"
        assert report.stored_twice == 0, f"a retried post was stored twice: {report.row()}"
        twice = {phone.name: phone.duplicates for phone in self.phones if phone.duplicates}
        assert report.duplicates == 0, f"an idea was applied twice: {twice}"


async def _call(function: Callable) -> None:
    result = function()
    if asyncio.iscoroutine(result):
        await result
