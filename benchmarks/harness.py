"""The harness: servers, subscribers, publishers, and one measured run.

Loopback only. Every run is bounded: warm-up messages, counted messages at a fixed rate, then a drain
period; whatever has not arrived by then is counted as lost. Times are CLOCK_MONOTONIC, shared by
every process on the machine, so a publisher's send time and a subscriber's arrival time compare.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parents[1]
TMP = ROOT / "benchmarks" / "results" / "tmp"
CLIENT_PROCESSES = 2
DRAIN_SECONDS = 3.0
# The servers and the setup process sign sessions with the same (throwaway) secret.
SECRET_KEY = "benchmark-only-" + secrets.token_urlsafe(40)
PADDING = "x" * 900  # a fragment of about 1 KB, as a board card is


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def say(text: str) -> None:
    print(text, flush=True)


# --- processes and what they cost ------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User plus system CPU of a process, from /proc (clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


@dataclass
class Server:
    """One or more server processes of a variant, with the URLs subscribers open."""

    name: str
    processes: list[subprocess.Popen]
    ws_urls: list[str]
    origin: list[str] = field(default_factory=list)

    def cpu(self) -> float:
        return sum(cpu_seconds(p.pid) for p in self.processes)

    def rss(self) -> int:
        return sum(rss_bytes(p.pid) for p in self.processes)

    def settle(self, limit: float = 20.0) -> float:
        """Wait until the server is idle (under a fifth of a core for half a second), at most `limit`
        seconds: a run that overloaded it leaves work behind that would count against the next."""
        started = time.monotonic()
        while time.monotonic() - started < limit:
            before = self.cpu()
            time.sleep(0.5)
            if self.cpu() - before < 0.1:
                break
        return time.monotonic() - started

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"a server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {timeout}s")


def start_raw() -> Server:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.peers.raw", str(port)], cwd=ROOT)
    wait_for_port(port, process)
    return Server("A raw websockets", [process], [f"ws://127.0.0.1:{port}/"])


def daphne_command(port: int, app: str) -> list[str]:
    # daphne's listen backlog is 50 unless raised: 1000 phones connecting at once need more.
    endpoint = f"tcp:port={port}:backlog=1024:interface=127.0.0.1"
    return [sys.executable, "-m", "daphne", "-v", "0", "-e", endpoint, "--websocket_timeout", "-1", app]


def start_tutorial(redis_url: str) -> Server:
    port = free_port()
    env = {**os.environ, "REDIS_URL": redis_url, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        daphne_command(port, "benchmarks.peers.tutorial:application"), cwd=ROOT, env=env
    )
    wait_for_port(port, process)
    return Server("B Channels tutorial", [process], [f"ws://127.0.0.1:{port}/ws/chat/bench/"])


def app_environment(
    database_url: str, redis_url: str | None, ports: list[int], root: Path = ROOT
) -> dict[str, str]:
    origins = ",".join(f"http://127.0.0.1:{port}" for port in ports)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cmij.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "DEBUG": "0",
        "CMIJ_BASE_URL": f"http://127.0.0.1:{ports[0]}",
        "CSRF_TRUSTED_ORIGINS": origins,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CMIJ_MAX_GUESTS_PER_SESSION": "100000",
        "PYTHONPATH": str(root),
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def app_command(port: int, root: Path) -> list[str]:
    """This tree's app as `manage.py serve` starts it (its listen backlog and handshake timeout,
    cmij/serving.py); the landed commit's as the harness always started it."""
    if root != ROOT:
        return daphne_command(port, "cmij.asgi:application")
    from cmij.serving import daphne_command as served

    return [*served("127.0.0.1", port, behind_proxy=False)[:-1], "-v", "0", "cmij.asgi:application"]


def start_app(
    name: str, database_url: str, redis_url: str | None, processes: int, path: str, root: Path = ROOT
) -> Server:
    """Our app on daphne; subscribers open `path` (a board's socket, or the site socket). `root`: the
    checkout whose code it runs (another one for the landed commit, benchmarks/baseline.py)."""
    ports = [free_port() for _ in range(processes)]
    env = app_environment(database_url, redis_url, ports, root)
    started = [subprocess.Popen(app_command(port, root), cwd=root, env=env) for port in ports]
    for port, process in zip(ports, started, strict=True):
        wait_for_port(port, process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10):
            pass
    return Server(
        name,
        started,
        [f"ws://127.0.0.1:{port}{path}" for port in ports],
        [f"http://127.0.0.1:{port}" for port in ports],
    )


# --- subscribers ------------------------------------------------------------------------------------


class Subscribers:
    """`count` connections over CLIENT_PROCESSES processes, kept open over several runs.

    `spread`: open them evenly over that many seconds (a room arriving), else as fast as they go.
    `ordinal`: count frames with this marker instead of looking for nonces (the bell's "+1").
    """

    def __init__(
        self,
        server: Server,
        count: int,
        cookies: list[str] | None,
        *,
        stall: int = 0,
        spread: float = 0.0,
        ordinal: str | None = None,
    ) -> None:
        TMP.mkdir(parents=True, exist_ok=True)
        server.settle()
        self.count, self.stall = count, stall
        self.procs: list[subprocess.Popen] = []
        self.specs: list[Path] = []
        shares = [
            count // CLIENT_PROCESSES + (1 if i < count % CLIENT_PROCESSES else 0)
            for i in range(CLIENT_PROCESSES)
        ]
        offset = 0
        for index, share in enumerate(shares):
            if share == 0:
                continue
            url = server.ws_urls[index % len(server.ws_urls)]
            origin = server.origin[index % len(server.origin)] if server.origin else "http://127.0.0.1"
            if cookies:
                headers = [[["Origin", origin], ["Cookie", c]] for c in cookies[offset : offset + share]]
            else:
                headers = [[["Origin", origin]]]
            spec = {"urls": [url], "headers": headers, "count": share, "stall": stall * share // max(count, 1),
                    "spread": spread, "ordinal": ordinal, "wait_first_frame": bool(server.origin)}  # fmt: skip
            spec_file = TMP / f"spec-{uuid.uuid4().hex}.json"
            spec_file.write_text(json.dumps(spec))
            self.specs.append(spec_file)
            self.procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "benchmarks.subscriber", str(spec_file)],
                    cwd=ROOT,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )  # fmt: skip
            )
            offset += share
        self.connected, self.failed = 0, 0
        self.connect_seconds = self.connect_p50_ms = self.connect_p99_ms = 0.0
        for proc in self.procs:
            line = proc.stdout.readline().split()
            if not line or line[0] != "connected":
                self.close()
                raise RuntimeError("a subscriber process failed to connect")
            self.connected += int(line[1])
            self.connect_seconds = max(self.connect_seconds, float(line[2]))
            self.connect_p50_ms = max(self.connect_p50_ms, float(line[3]))
            self.connect_p99_ms = max(self.connect_p99_ms, float(line[4]))
            self.failed += int(line[5])
        self.cpu_seconds = 0.0

    @property
    def readers(self) -> int:
        return self.connected - self.stall * self.connected // max(self.count, 1)

    def collect(self) -> dict:
        """What arrived since the last collect: received ids, closes, and the clients' CPU meanwhile."""
        received: dict[str, list[int]] = {}
        closes: list[int] = []
        cpu = 0.0
        for proc in self.procs:
            out = TMP / f"sub-{uuid.uuid4().hex}.json"
            proc.stdin.write(f"dump {out}\n")
            proc.stdin.flush()
            if proc.stdout.readline().strip() != "dumped":
                raise RuntimeError("a subscriber process stopped answering")
            data = json.loads(out.read_text())
            out.unlink(missing_ok=True)
            cpu += data["cpu_seconds"]
            closes += data["closed_by_server"]
            for message_id, times in data["received"].items():
                received.setdefault(message_id, []).extend(times)
        spent, self.cpu_seconds = cpu - self.cpu_seconds, cpu
        return {"received": received, "closed_by_server": closes, "client_cpu_seconds": spent}

    def close(self) -> None:
        for proc in self.procs:
            try:
                proc.stdin.write("stop\n")
                proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass
        for proc in self.procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
        for spec_file in self.specs:
            spec_file.unlink(missing_ok=True)


# --- publishers: how each variant sends a message with a nonce ----------------------------------------


def fragment(message_id: int) -> str:
    return f'<div id="bench-{message_id}" hx-swap-oob="true">bench-{message_id}x {PADDING}</div>'


class Publisher:
    async def open(self) -> None: ...
    async def send(self, message_id: int) -> None: ...
    async def close(self) -> None: ...

    async def finish(self, deadline: float) -> None:
        """Before closing: wait (until the monotonic `deadline` at most) for answers still owed."""

    def figures(self, counted_from: int) -> dict:
        """What the publisher itself measured, of the messages from `counted_from` on."""
        return {}


class RawPublisher(Publisher):
    def __init__(self, server: Server) -> None:
        self.url = server.ws_urls[0] + "publish"

    async def open(self) -> None:
        self.socket = await websockets.connect(self.url, max_size=None)

    async def send(self, message_id: int) -> None:
        await self.socket.send(fragment(message_id))

    async def close(self) -> None:
        await self.socket.close()


class TutorialPublisher(Publisher):
    """A chat client of the room: it sends, the group fans out (to it too; it reads and drops those)."""

    def __init__(self, server: Server) -> None:
        self.url = server.ws_urls[0]

    async def open(self) -> None:
        self.socket = await websockets.connect(self.url, max_size=None)
        self.drain = asyncio.create_task(self._drain())

    async def _drain(self) -> None:
        async for _frame in self.socket:
            pass

    async def send(self, message_id: int) -> None:
        await self.socket.send(json.dumps({"message": fragment(message_id)}))

    async def close(self) -> None:
        self.drain.cancel()
        await self.socket.close()


class HubPublisher(Publisher):
    """C-hub: a ready fragment published straight to the hub's Redis topic (no database, no render)."""

    def __init__(self, redis_url: str, topic: str) -> None:
        self.redis_url, self.topic = redis_url, topic

    async def open(self) -> None:
        import redis.asyncio as aioredis

        self.client = aioredis.Redis.from_url(self.redis_url)

    async def send(self, message_id: int) -> None:
        await self.client.publish(self.topic, fragment(message_id))

    async def close(self) -> None:
        await self.client.aclose()


class AppPublisher(Publisher):
    """C-app: real ideas posted over the board socket by guests, as phones post them (several guests,
    so no one goes over the per-person message limit).

    It also times the cost of a post as the poster sees it (#29): from the send to the answer the
    server sends the poster only (the fresh idea form and the poster's own state, boards/sockets.py
    `act`), recognised in the poster's own socket by the form's or the own state's element id. A
    socket's actions are handled in order, so its answers pair with its posts first in, first out;
    an error (`live-error`, the board's notice) answers a post that was refused."""

    def __init__(self, server: Server, cookies: list[str], prompt_id: int) -> None:
        self.server, self.cookies, self.prompt_id = server, cookies, prompt_id
        self.next = 0
        board = re.search(r"/ws/boards/(\d+)/", server.ws_urls[0]).group(1)
        self.answers = (f'id="board-{board}-form"', f'id="board-{board}-me"')
        self.refusals = ('id="live-error"', f'id="board-{board}-notice"')
        self.pending: list[deque[tuple[int, int]]] = []  # per socket: (message id, sent ns)
        self.confirmed: dict[int, float] = {}  # message id -> ms from the send to the answer
        self.refused: list[int] = []

    async def open(self) -> None:
        self.sockets = []
        for index, cookie in enumerate(self.cookies):
            url = self.server.ws_urls[index % len(self.server.ws_urls)]
            origin = self.server.origin[index % len(self.server.origin)]
            for attempt in range(3):  # a busy server drops handshakes it cannot accept within 5 s
                try:
                    socket = await websockets.connect(
                        url, additional_headers={"Origin": origin, "Cookie": cookie}, max_size=None
                    )
                    break
                except (OSError, TimeoutError, websockets.InvalidHandshake):
                    if attempt == 2:
                        raise
                    await asyncio.sleep(1.0)
            self.sockets.append(socket)
        self.pending = [deque() for _ in self.sockets]
        self.answered = asyncio.Event()
        self.drains = [asyncio.create_task(self._drain(i, s)) for i, s in enumerate(self.sockets)]

    async def _drain(self, index: int, sock) -> None:
        pending = self.pending[index]
        try:
            async for frame in sock:
                now = time.monotonic_ns()
                if not pending:
                    continue
                text = frame.decode() if isinstance(frame, bytes) else frame
                if any(marker in text for marker in self.answers):
                    message_id, sent_at = pending.popleft()
                    self.confirmed[message_id] = (now - sent_at) / 1e6
                elif any(marker in text for marker in self.refusals):
                    self.refused.append(pending.popleft()[0])
                else:
                    continue
                self.answered.set()
        except websockets.ConnectionClosed:
            pass

    async def send(self, message_id: int) -> None:
        index = self.next % len(self.sockets)
        sock = self.sockets[index]
        self.next += 1
        text = f"Idee bench-{message_id}x: een open atelierroute langs de makers van IJmond. " * 2
        payload = json.dumps(
            {
                "action": "post",
                "prompt": self.prompt_id,
                "text": text[:400],
                "client_msg_id": uuid.uuid4().hex,
            }
        )
        self.pending[index].append((message_id, time.monotonic_ns()))
        await sock.send(payload)

    async def finish(self, deadline: float) -> None:
        while any(self.pending):
            self.answered.clear()
            try:
                await asyncio.wait_for(self.answered.wait(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                return

    def figures(self, counted_from: int) -> dict:
        times = [ms for message_id, ms in self.confirmed.items() if message_id >= counted_from]
        owed = [
            message_id for queue in self.pending for message_id, _sent in queue if message_id >= counted_from
        ]
        return {
            "post_ms": [round(ms, 1) for ms in times],
            "post_p50_ms": round(percentile(times, 0.5), 1),
            "post_p99_ms": round(percentile(times, 0.99), 1),
            "posts_confirmed": len(times),
            "posts_refused": len([m for m in self.refused if m >= counted_from]),
            "posts_unanswered": len(owed),
        }

    async def close(self) -> None:
        for task in self.drains:
            task.cancel()
        await asyncio.gather(*(s.close() for s in self.sockets), return_exceptions=True)


class ConnectProbe:
    """The cost of a connect as a phone sees it (#29), while a run goes on: every `interval` seconds
    a new guest socket opens (open loop: a slow connect does not delay the next), and the time from
    the start of the connect to its first frame is recorded (our server sends the participant count
    once the socket is registered); then it closes. A socket without a first frame within `timeout`
    seconds counts as failed. `cookies`: guests of the board that no subscriber uses, taken in turn."""

    def __init__(
        self, server: Server, cookies: list[str], *, interval: float = 0.5, timeout: float = 10.0,
        limit: int = 0,
    ) -> None:  # fmt: skip
        self.server, self.cookies = server, cookies
        self.interval, self.timeout, self.limit = interval, timeout, limit
        self.times: list[float] = []
        self.failed = 0
        self.closing: list[asyncio.Task] = []

    async def run(self, stop: asyncio.Event) -> None:
        """Open probes until `stop` is set (or `limit` opened), then wait for the open ones."""
        probes: list[asyncio.Task] = []
        started = time.monotonic()
        while not stop.is_set() and not (self.limit and len(probes) >= self.limit):
            probes.append(asyncio.create_task(self._one(self.cookies[len(probes) % len(self.cookies)])))
            delay = started + len(probes) * self.interval - time.monotonic()
            try:
                await asyncio.wait_for(stop.wait(), max(0.0, delay))
            except TimeoutError:
                pass
        await asyncio.gather(*probes)
        await asyncio.gather(*self.closing, return_exceptions=True)

    async def _one(self, cookie: str) -> None:
        began = time.monotonic_ns()
        try:
            async with asyncio.timeout(self.timeout):
                sock = await websockets.connect(
                    self.server.ws_urls[0],
                    additional_headers={"Origin": self.server.origin[0], "Cookie": cookie},
                    max_size=None, open_timeout=None, ping_interval=None,
                )  # fmt: skip
                try:
                    await sock.recv()
                except BaseException:
                    self.closing.append(asyncio.create_task(sock.close()))
                    raise
        except (TimeoutError, OSError, websockets.InvalidHandshake, websockets.ConnectionClosed):
            self.failed += 1
            return
        self.times.append((time.monotonic_ns() - began) / 1e6)
        self.closing.append(asyncio.create_task(sock.close()))

    def figures(self) -> dict:
        return {
            "connect_ms": [round(ms, 1) for ms in self.times],
            "probe_connect_p50_ms": round(percentile(self.times, 0.5), 1),
            "probe_connect_p99_ms": round(percentile(self.times, 0.99), 1),
            "probes_live": len(self.times),
            "probes_failed": self.failed,
        }


class HttpPublisher(Publisher):
    """A member's form posted over HTTP, as htmx posts it (session and CSRF cookies, Origin)."""

    path = ""

    def __init__(self, server: Server, cookie: str) -> None:
        self.server = server
        self.csrf = secrets.token_hex(16)
        self.cookie = f"{cookie}; csrftoken={self.csrf}"

    def fields(self, message_id: int) -> dict[str, str]:
        raise NotImplementedError

    def _post(self, message_id: int) -> None:
        origin = self.server.origin[0]
        request = urllib.request.Request(
            origin + self.path,
            data=urllib.parse.urlencode(self.fields(message_id), doseq=True).encode(),
            headers={"Cookie": self.cookie, "X-CSRFToken": self.csrf, "Origin": origin, "HX-Request": "true",
                     "Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    async def send(self, message_id: int) -> None:
        await asyncio.to_thread(self._post, message_id)


class CorrectionPublisher(HttpPublisher):
    """A moderation edit: the board's facilitator corrects an idea's text, which every phone sees."""

    def __init__(self, server: Server, cookie: str, idea_id: int) -> None:
        super().__init__(server, cookie)
        self.path = f"/ideeen/{idea_id}/corrigeren/"

    def fields(self, message_id: int) -> dict[str, str]:
        return {
            "text": f"Gecorrigeerd bench-{message_id}x: een open atelierroute langs de makers van IJmond."
        }


class CalloutPublisher(HttpPublisher):
    """A member posts a callout for a discipline every subscribed member follows."""

    path = "/oproepen/nieuw/"

    def __init__(self, server: Server, cookie: str, discipline_id: int) -> None:
        super().__init__(server, cookie)
        self.discipline_id = discipline_id

    def fields(self, message_id: int) -> dict[str, str]:
        expires = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
        return {"kind": "collaboration", "title": f"Gezocht: bench-{message_id}x", "body": "Wie doet mee?",
                "disciplines": str(self.discipline_id), "municipality": "", "happens_on": "", "place": "",
                "expires_on": expires}  # fmt: skip


# --- one run --------------------------------------------------------------------------------------


@dataclass
class RunResult:
    variant: str
    subscribers: int
    rate: float
    messages: int
    connect_seconds: float
    last_p50_ms: float
    last_p99_ms: float
    all_p50_ms: float
    expected: int
    delivered: int
    lost: int
    server_us_per_delivery: float
    client_cpu_seconds: float
    extra: dict = field(default_factory=dict)

    def row(self) -> dict:
        return self.__dict__.copy()


def open_measuring_memory(
    server: Server, count: int, cookies: list[str] | None, **options
) -> tuple[Subscribers, float]:
    """Open `count` subscribers on a server that has had none yet; KB of server memory per connection."""
    before = server.rss()
    group = Subscribers(server, count, cookies, **options)
    time.sleep(1.0)  # the last sockets' registration and first frames done, before reading the RSS
    return group, round(max(0, server.rss() - before) / max(1, group.connected) / 1024, 1)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(
    server: Server,
    publisher: Publisher,
    group: Subscribers,
    *,
    rate: float,
    messages: int,
    warmup: int = 3,
    first_id: int = 0,
    probe: ConnectProbe | None = None,
    answer_wait: float = DRAIN_SECONDS,
) -> RunResult:
    """Publish warm-up and counted messages at `rate` to an open group, drain, and count. With a
    `probe`, new sockets are opened and timed while the messages go out. The publisher waits for
    answers it is owed (a post's, to its poster) up to `answer_wait` seconds after the last message;
    the subscribers' deliveries and the server's CPU are counted at the end of the drain all the same."""
    server.settle()
    group.collect()  # whatever arrived before this run is not this run's
    cpu_before = server.cpu()

    def drained() -> tuple[float, dict]:
        return server.cpu(), group.collect()

    sent, (cpu_after, results) = asyncio.run(
        _publish(publisher, rate, warmup + messages, first_id, drained, probe, answer_wait)
    )
    cpu = cpu_after - cpu_before
    received = results["received"]
    readers = group.readers
    counted = {mid: at for mid, at in sent.items() if mid >= first_id + warmup}
    last, every = [], []
    delivered = 0
    for message_id, sent_at in counted.items():
        arrivals = received.get(str(message_id), [])
        delivered += len(arrivals)
        latencies = [(t - sent_at) / 1e6 for t in arrivals]
        every.extend(latencies)
        if len(arrivals) >= readers and latencies:
            last.append(max(latencies))
    expected = readers * len(counted)
    total_deliveries = sum(len(received.get(str(mid), [])) for mid in sent)
    extra = {"closed_by_server": results["closed_by_server"], **publisher.figures(first_id + warmup)}
    if probe is not None:
        extra |= probe.figures()
    return RunResult(
        variant=server.name,
        subscribers=group.count,
        rate=rate,
        messages=len(counted),
        connect_seconds=round(group.connect_seconds, 3),
        last_p50_ms=round(percentile(last, 0.5), 1),
        last_p99_ms=round(percentile(last, 0.99), 1),
        all_p50_ms=round(statistics.median(every), 1) if every else float("nan"),
        expected=expected,
        delivered=delivered,
        lost=expected - delivered,
        server_us_per_delivery=round(cpu / max(1, total_deliveries) * 1e6, 1),
        client_cpu_seconds=round(results["client_cpu_seconds"], 1),
        extra=extra,
    )


async def _publish(
    publisher: Publisher,
    rate: float,
    count: int,
    first_id: int,
    drained,
    probe: ConnectProbe | None = None,
    answer_wait: float = DRAIN_SECONDS,
):
    """Send at `rate`; (the send times, what `drained()` returns at the end of the drain)."""

    async def at_drain_end(when: float):
        await asyncio.sleep(max(0.0, when - time.monotonic()))
        return await asyncio.to_thread(drained)  # the loop goes on taking answers meanwhile

    await publisher.open()
    stop = asyncio.Event()
    probing = asyncio.create_task(probe.run(stop)) if probe is not None else None
    sent: dict[int, int] = {}
    interval = 1.0 / rate
    start = time.monotonic()
    try:
        for index in range(count):
            target = start + index * interval
            delay = target - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            message_id = first_id + index
            sent[message_id] = time.monotonic_ns()
            await publisher.send(message_id)
    finally:
        stop.set()
        ended = time.monotonic() + 0.2
        drain = asyncio.create_task(at_drain_end(ended + DRAIN_SECONDS))
        await asyncio.sleep(0.2)
        await publisher.finish(ended + max(DRAIN_SECONDS, answer_wait))
        if probing is not None:
            await probing
        await publisher.close()
        counted = await drain
    return sent, counted


#: The scratch files this process made: removed at its end, and only those (another run may be going).
SCRATCH: list[Path] = []


def scratch_file(suffix: str) -> Path:
    TMP.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=suffix, dir=TMP)
    os.close(handle)
    SCRATCH.append(Path(name))
    return Path(name)


def remove_scratch() -> None:
    for path in SCRATCH:
        for leftover in path.parent.glob(path.name + "*"):  # with SQLite's -wal and -shm
            leftover.unlink(missing_ok=True)
