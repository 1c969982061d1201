"""Run the benchmarks.

    python -m benchmarks run            # everything `make bench` runs (about 18 minutes here)
    python -m benchmarks run --only A,C-app-embedded --subscribers 100 --rates 5 --again-rates "" --no-pages
    python -m benchmarks knee --subscribers 1000   # the highest rate with p99 <= 250 ms and no loss
    python -m benchmarks smoke          # a few clients and messages through every path: delivery counts only
    python -m benchmarks run --baseline ""   # without the landed commit beside the current tree (#29)

Results go to benchmarks/results/: latest.md (the table), latest.json (every number) and PNG plots.
Loopback only; every run stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import baseline, harness
from benchmarks.harness import say

RESULTS = harness.ROOT / "benchmarks" / "results"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
VARIANTS = ["A", "B", "C-hub-1p", "C-hub-2p", "C-app-embedded", "C-app-2p"]
POSTERS = 10
#: Guests kept apart for the connect probe of the cost run (#29): a new socket every half second.
PROBES = 40
#: How long after its last post the cost run waits for the posts' answers: a saturated server's
#: answers come seconds late, and an answer not waited for would have no time to count.
COST_ANSWER_WAIT = 30.0
CURRENT = "current"


def setup_database(database_url: str, guests: int, *extra: str, root: Path = harness.ROOT) -> dict:
    """The benchmark data, made by `root`'s own benchmarks.setup against its own models."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.setup", database_url, str(guests), *extra],
        cwd=root, check=True, capture_output=True, text=True,
        env={**baseline.environment(root), "SECRET_KEY": harness.SECRET_KEY},
    )  # fmt: skip
    return json.loads(output.stdout)


def fresh_postgres(name: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
    except Exception as error:  # reported, and the variants that need it are left out
        say(f"  PostgreSQL unavailable ({error.__class__.__name__}): leaving out its variants")
        return None
    return f"{PG_ADMIN_URL}/{name}"


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:
        say("  Redis unavailable: leaving out the variants that need it")
        return False


def connection_counts(database: str | None) -> dict:
    counts = {}
    try:
        import redis

        counts["redis_clients"] = redis.Redis.from_url(REDIS_URL).info("clients")["connected_clients"]
    except Exception:
        pass
    if database:
        try:
            import psycopg

            with psycopg.connect(f"{PG_ADMIN_URL}/postgres", connect_timeout=3) as conn:
                counts["postgres_connections"] = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [database]
                ).fetchone()[0]
        except Exception:
            pass
    return counts


class Variants:
    """Starts each variant's server, and makes its publishers."""

    def __init__(self, subscribers_max: int) -> None:
        self.guests = subscribers_max + POSTERS
        self.redis = redis_available()
        self.pg_url = fresh_postgres("cmij_bench") if self.redis else None
        self.sqlite = harness.scratch_file(".sqlite3")
        say(f"  preparing data: {self.guests} guests (SQLite{', PostgreSQL' if self.pg_url else ''})")
        self.embedded = setup_database(f"sqlite:///{self.sqlite}", self.guests, "--ideas", "1")
        self.pg = setup_database(self.pg_url, self.guests, "--ideas", "1") if self.pg_url else None

    def available(self, name: str) -> bool:
        if name == "A" or name == "C-app-embedded":
            return True
        return self.redis and (name == "B" or self.pg is not None)

    def start(self, name: str) -> tuple[harness.Server, dict | None, str | None]:
        """(server, its data from benchmarks.setup, database name for connection counts)."""
        if name == "A":
            return harness.start_raw(), None, None
        if name == "B":
            return harness.start_tutorial(REDIS_URL), None, None
        if name == "C-app-embedded":
            data = self.embedded
            server = harness.start_app(
                f"{name} (SQLite, in-process)",
                f"sqlite:///{self.sqlite}",
                None,
                1,
                f"/ws/boards/{data['board']}/",
            )
            return server, data, None
        data = self.pg
        processes = 1 if name == "C-hub-1p" else 2
        server = harness.start_app(
            f"{name} (Redis, PostgreSQL)", self.pg_url, REDIS_URL, processes, f"/ws/boards/{data['board']}/"
        )
        return server, data, "cmij_bench"

    @staticmethod
    def publisher(name: str, server: harness.Server, data: dict | None) -> harness.Publisher:
        if name == "A":
            return harness.RawPublisher(server)
        if name == "B":
            return harness.TutorialPublisher(server)
        if name.startswith("C-hub"):
            return harness.HubPublisher(REDIS_URL, data["topic"])
        return harness.AppPublisher(server, data["cookies"][:POSTERS], data["prompt"])

    @staticmethod
    def subscriber_cookies(data: dict | None) -> list[str] | None:
        return data["cookies"][POSTERS:] if data else None


def messages_for(rate: float) -> int:
    return 30 if rate < 5 else 100


def storm_spread(count: int) -> float:
    """The issue's connect storm, 1000 phones within 2 s: round 2 opens its groups at that pace."""
    return 2.0 * count / 1000


class Matrix:
    """The runs of one `python -m benchmarks run`, numbered so every message id is unique."""

    def __init__(self, args) -> None:
        self.args = args
        self.rows: list[dict] = []
        self.next_id = 0
        self.started = time.monotonic()

    def log(self, text: str) -> None:
        say(f"[{time.monotonic() - self.started:6.0f}s] {text}")

    def run(self, name, server, publisher, group, *, rate, messages=0, scenario="fan-out", round_=1,
            database=None, idle_kb=None, warmup=3, probe=None, tree=None, answer_wait=harness.DRAIN_SECONDS) -> None:  # fmt: skip
        messages = messages or self.args.messages or messages_for(rate)
        self.log(f"{name}: {scenario}, {group.count} subscribers, {rate:g}/s, {messages} messages"
                 f"{' (5% stalled)' if group.stall else ''}")  # fmt: skip
        first_id = 0 if scenario == "notify" else self.next_id  # the bell counts from 0 on each run
        try:
            result = harness.measure(server, publisher, group, rate=rate, messages=messages, warmup=warmup,
                                     first_id=first_id, probe=probe, answer_wait=answer_wait)  # fmt: skip
        except Exception as error:  # one failed run is reported; the others still run
            self.failed(name, scenario, group.count, rate, error, round_=round_, tree=tree)
            return
        self.next_id += messages + warmup + 10
        row = result.row() | {
            "key": name, "scenario": scenario, "round": round_, "stalled": group.stall,
            "idle_kb_per_connection": idle_kb, "connect_p50_ms": group.connect_p50_ms,
            "connect_p99_ms": group.connect_p99_ms, "connect_failed": group.failed, "connected": group.connected,
        }  # fmt: skip
        row |= connection_counts(database)
        if tree:
            row["tree"] = tree
        self.rows.append(row)
        say(f"         last p50 {row['last_p50_ms']} ms, p99 {row['last_p99_ms']} ms, lost {row['lost']}/"
            f"{row['expected']}, {row['server_us_per_delivery']} µs/delivery, connect {row['connect_seconds']} s")  # fmt: skip
        if probe is not None:
            extra = row["extra"]
            say(f"         post answered p50 {extra['post_p50_ms']} ms, p99 {extra['post_p99_ms']} ms "
                f"({extra['posts_confirmed']} confirmed, {extra['posts_refused']} refused, {extra['posts_unanswered']} "
                f"unanswered); connect to first frame p50 {extra['probe_connect_p50_ms']} ms, p99 "
                f"{extra['probe_connect_p99_ms']} ms ({extra['probes_live']} live, {extra['probes_failed']} failed)")  # fmt: skip

    def failed(self, name, scenario, subscribers, rate, error, *, round_=1, tree=None) -> None:
        say(f"         FAILED: {error.__class__.__name__}: {error}")
        row = {"key": name, "scenario": scenario, "round": round_, "subscribers": subscribers, "rate": rate,
               "error": f"{error.__class__.__name__}: {error}"}  # fmt: skip
        if tree:
            row["tree"] = tree
        self.rows.append(row)


def run_matrix(args, matrix: Matrix) -> None:
    names = args.only.split(",") if args.only else VARIANTS
    counts = sorted((int(s) for s in args.subscribers.split(",")), reverse=True)
    rates = [float(r) for r in args.rates.split(",")]
    again = [float(r) for r in args.again_rates.split(",") if r]
    variants = Variants(counts[0])
    # Every variant twice, the second round in reverse order: A first and last.
    order = [(name, 1) for name in names] + ([(name, 2) for name in reversed(names)] if again else [])
    for name, round_ in order:
        if not variants.available(name):
            continue
        server, data, database = variants.start(name)
        cookies = variants.subscriber_cookies(data)
        try:
            first_kb = None  # server memory per idle connection, from the first group on this server
            if round_ == 1 and name == args.stall_variant:
                # First, on a server no run has loaded yet: 5 % of the readers stop reading.
                count = counts[0]
                group, first_kb = harness.open_measuring_memory(server, count, cookies, stall=count // 20)
                try:
                    matrix.run(name, server, variants.publisher(name, server, data), group, rate=5.0,
                               database=database)  # fmt: skip
                finally:
                    group.close()
            for count in counts if round_ == 1 else counts[:1]:
                # The second round's group is the connect storm: the room arrives at once.
                options = {"spread": storm_spread(count)} if round_ == 2 else {}
                scenario = "storm" if round_ == 2 else "fan-out"
                if count == counts[0] and first_kb is not None:
                    group, idle_kb = harness.Subscribers(server, count, cookies, **options), first_kb
                elif count == counts[0]:
                    group, idle_kb = harness.open_measuring_memory(server, count, cookies, **options)
                    matrix.log(
                        f"{name}: {count} connected in {group.connect_seconds:.1f} s, {idle_kb} KB each"
                    )
                else:
                    group, idle_kb = harness.Subscribers(server, count, cookies), None
                try:
                    plan = rates if round_ == 1 else again
                    if round_ == 1 and count == counts[0] and name in args.slow_rate_variants.split(","):
                        plan = [*plan, 1.0]
                    for rate in plan:
                        matrix.run(name, server, variants.publisher(name, server, data), group, rate=rate,
                                   round_=round_, scenario=scenario, database=database, idle_kb=idle_kb)  # fmt: skip
                    if round_ == 1 and count == counts[0] and name in args.moderation_variants.split(","):
                        publisher = harness.CorrectionPublisher(server, data["member_cookie"], data["idea"])
                        matrix.run(name, server, publisher, group, rate=5.0, messages=50, scenario="moderation",
                                   database=database)  # fmt: skip
                finally:
                    group.close()
        finally:
            server.stop()


def run_cost(args, matrix: Matrix, trees: list[tuple[str, Path]]) -> None:
    """#29's cost of a post and of a connect, seen from the client, for each tree the same way: the
    embedded default on a fresh database made by that tree's setup, its largest group of subscribers
    (64 at a time), ideas posted at the cost rate; meanwhile each post's answer to its poster is
    timed, and a new guest socket opens every `--cost-interval` seconds and is timed to its first
    frame (harness.AppPublisher, harness.ConnectProbe)."""
    subscribers = max(int(s) for s in args.subscribers.split(","))
    rate = args.cost_rate
    for tree, root in trees:
        sqlite = harness.scratch_file(".sqlite3")
        matrix.log(f"cost ({tree}): preparing {subscribers + POSTERS + PROBES} guests (SQLite)")
        server = None
        try:
            data = setup_database(
                f"sqlite:///{sqlite}", subscribers + POSTERS + PROBES, "--ideas", "1", root=root
            )
            server = harness.start_app(f"C-app-embedded ({tree})", f"sqlite:///{sqlite}", None, 1,
                                       f"/ws/boards/{data['board']}/", root=root)  # fmt: skip
            cookies = data["cookies"]
            group = harness.Subscribers(server, subscribers, cookies[POSTERS + PROBES :])
        except Exception as error:  # reported; the other tree is still measured
            matrix.failed("C-app-embedded", "cost", subscribers, rate, error, tree=tree)
            if server is not None:
                server.stop()
            continue
        try:
            matrix.log(f"cost ({tree}): {group.connected} connected in {group.connect_seconds:.1f} s")
            publisher = harness.AppPublisher(server, cookies[:POSTERS], data["prompt"])
            probe = harness.ConnectProbe(
                server, cookies[POSTERS : POSTERS + PROBES], interval=args.cost_interval
            )
            matrix.run("C-app-embedded", server, publisher, group, rate=rate, messages=args.cost_messages,
                       scenario="cost", probe=probe, tree=tree, answer_wait=COST_ANSWER_WAIT)  # fmt: skip
        finally:
            group.close()
            server.stop()


def run_notify(args, matrix: Matrix, database: Path, data: dict) -> None:
    """A callout notifying 2000 connected members: each member's bell "+1" is one delivery."""
    members = len(data["member_cookies"])
    server = harness.start_app(
        "C-app-embedded (SQLite, in-process)", f"sqlite:///{database}", None, 1, "/ws/live/"
    )
    try:
        group, idle_kb = harness.open_measuring_memory(
            server, members, data["member_cookies"], ordinal="data-bell-add"
        )
        matrix.log(f"notify: {members} members connected in {group.connect_seconds:.1f} s, {idle_kb} KB each")
        try:
            publisher = harness.CalloutPublisher(server, data["member_cookie"], data["discipline"])
            matrix.run("C-app-embedded", server, publisher, group, rate=1.0, messages=10, warmup=2,
                       scenario="notify", idle_kb=idle_kb)  # fmt: skip
        finally:
            group.close()
    finally:
        server.stop()


def pages_database(members: int) -> tuple[Path, dict]:
    """One SQLite database for the pages and the notification scenario: a board with 500 ideas, and
    `members` members with the same two disciplines, each logged in."""
    database = harness.scratch_file(".sqlite3")
    say(f"  preparing data: a board with 500 ideas, {members} members with sessions (SQLite)")
    data = setup_database(
        f"sqlite:///{database}", 1, "--ideas", "500", "--members", str(members), "--member-sessions"
    )
    return database, data


#: Runs this tree's benchmarks/pages.py as a file, so that with another checkout as the working
#: directory (and PYTHONPATH) the app it measures is that checkout's.
RUN_PAGES = "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"


def run_pages(database: Path, data: dict, *, root: Path = harness.ROOT, tree: str = CURRENT,
              board_only: bool = False) -> list[dict]:  # fmt: skip
    """The board page with 500 ideas (a participant's, a facilitator's) and with 50, and unless
    `board_only` the directory with 2000 members: bytes, p50, p99, queries; `root`'s code."""
    command = [sys.executable, "-c", RUN_PAGES, str(harness.ROOT / "benchmarks" / "pages.py"),
               f"sqlite:///{database}", json.dumps(data), *(["--board-only"] if board_only else [])]  # fmt: skip
    output = subprocess.run(
        command, cwd=root, check=True, capture_output=True, text=True,
        env={**baseline.environment(root), "SECRET_KEY": harness.SECRET_KEY},
    )  # fmt: skip
    return [{**row, "tree": tree} for row in json.loads(output.stdout)]


def baseline_pages(checkout: baseline.Checkout) -> list[dict]:
    """The landed commit's board page, measured by the same pages.py on its own code and data."""
    database = harness.scratch_file(".sqlite3")
    say(f"  preparing data ({checkout.label}): a board with 500 ideas (SQLite)")
    data = setup_database(f"sqlite:///{database}", 1, "--ideas", "500", root=checkout.root)
    keep = ("board", "cookies", "member_cookie", "board_path")
    return run_pages(database, {k: data[k] for k in keep}, root=checkout.root, tree=checkout.label,
                     board_only=True)  # fmt: skip


def write_results(
    rows: list[dict], pages: list[dict], command: str, seconds: float, name: str, checkout=None
) -> None:
    from benchmarks import report

    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {
        "baseline": {"rev": checkout.rev, "commit": checkout.commit, "label": checkout.label}
        if checkout
        else None,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "seconds": round(seconds),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        "versions": report.versions(),
    }
    (RESULTS / f"{name}.json").write_text(json.dumps({"meta": meta, "runs": rows, "pages": pages}, indent=2))
    (RESULTS / f"{name}.md").write_text(report.markdown(meta, rows, pages))
    if name == "latest":
        report.plots([r for r in rows if "error" not in r], RESULTS)
    say(f"results: {RESULTS / f'{name}.md'}")


def smoke(args) -> int:
    """A few clients and messages through each path the benchmarks take: delivery counts only. The
    posts' answers and a few connect probes are counted too (#29's cost of a post and of a connect;
    the landed commit is not checked out here)."""
    sqlite = harness.scratch_file(".sqlite3")
    data = setup_database(f"sqlite:///{sqlite}", 9, "--ideas", "1", "--members", "4", "--member-sessions")
    app = f"sqlite:///{sqlite}"
    board = f"/ws/boards/{data['board']}/"
    checks = (
        ("A", harness.start_raw, harness.RawPublisher, None, None, None),
        ("C-app-embedded", lambda: harness.start_app("C-app", app, None, 1, board),
         lambda server: harness.AppPublisher(server, data["cookies"][:2], data["prompt"]), data["cookies"][2:7], None,
         lambda server: harness.ConnectProbe(server, data["cookies"][7:9], interval=0.3, limit=SMOKE_PROBES)),
        ("moderation", lambda: harness.start_app("C-app", app, None, 1, board),
         lambda server: harness.CorrectionPublisher(server, data["member_cookie"], data["idea"]), data["cookies"][2:7], None, None),
        ("notify", lambda: harness.start_app("C-app", app, None, 1, "/ws/live/"),
         lambda server: harness.CalloutPublisher(server, data["member_cookie"], data["discipline"]), data["member_cookies"], "data-bell-add", None),
    )  # fmt: skip
    failures = 0
    for name, start, publisher, cookies, ordinal, probe in checks:
        server = start()
        try:
            group = harness.Subscribers(server, len(cookies) if cookies else 5, cookies, ordinal=ordinal)
            try:
                result = harness.measure(server, publisher(server), group, rate=5, messages=5, warmup=1,
                                         probe=probe(server) if probe else None)  # fmt: skip
            finally:
                group.close()
        finally:
            server.stop()
        say(f"{name}: delivered {result.delivered} of {result.expected}")
        failures += result.delivered != result.expected
        if "posts_confirmed" in result.extra:
            posts = result.extra
            say(f"{name}: {posts['posts_confirmed']} of {result.messages} posts confirmed to the poster")
            failures += posts["posts_confirmed"] != result.messages
        if probe:
            say(f"{name}: {result.extra['probes_live']} of {SMOKE_PROBES} connect probes live")
            failures += result.extra["probes_live"] != SMOKE_PROBES
    return 1 if failures else 0


SMOKE_PROBES = 3
KNEE_LADDER = (1, 2, 5, 10, 20, 40, 80, 160)


def knee(args) -> int:
    """The highest rate with last-subscriber p99 at most 250 ms and nothing lost, per variant."""
    names = args.only.split(",")
    variants = Variants(args.subscribers)
    lines = [f"# Knee at {args.subscribers} subscribers", "",
             f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}; machine: {platform.machine()}, "
             f"{os.cpu_count()} cores; command: `python -m benchmarks {' '.join(sys.argv[1:])}`", "",
             "The highest rate (messages/s) whose run had last-subscriber p99 <= 250 ms and no loss.", "",
             "| variant | rate | last p50 ms | last p99 ms | lost | knee |", "|---|---|---|---|---|---|"]  # fmt: skip
    next_id = 0
    for name in names:
        if not variants.available(name):
            continue
        server, data, _database = variants.start(name)
        group = harness.Subscribers(server, args.subscribers, variants.subscriber_cookies(data))
        best = 0.0
        try:
            for rate in KNEE_LADDER:
                if rate < args.from_rate:
                    continue
                say(f"{name}: {args.subscribers} subscribers at {rate}/s")
                result = harness.measure(server, variants.publisher(name, server, data), group, rate=rate,
                                         messages=messages_for(rate), first_id=next_id)  # fmt: skip
                next_id += messages_for(rate) + 10
                ok = result.lost == 0 and result.last_p99_ms <= 250
                lines.append(f"| {name} | {rate} | {result.last_p50_ms} | {result.last_p99_ms} | {result.lost} | "
                             f"{'yes' if ok else 'no'} |")  # fmt: skip
                if not ok:
                    break
                best = rate
        finally:
            group.close()
            server.stop()
        say(f"{name}: knee at {best}/s")
        lines.append(f"| **{name}** | **knee: {best:g}/s** | | | | |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"knee-{args.subscribers}.md").write_text("\n".join(lines) + "\n")
    say(f"results: {RESULTS / f'knee-{args.subscribers}.md'}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="the fan-out matrix and the page timings")
    run.add_argument("--only", default="", help=f"comma-separated variants of {','.join(VARIANTS)}")
    run.add_argument("--subscribers", default="100,1000")
    run.add_argument("--rates", default="5,20")
    run.add_argument(
        "--messages", type=int, default=0, help="counted messages per run (default 100, 30 at 1/s)"
    )
    run.add_argument("--slow-rate-variants", default="C-app-embedded", help="also run these at 1/s")
    run.add_argument(
        "--stall-variant", default="C-app-embedded", help="also run this with 5%% stalled readers"
    )
    run.add_argument(
        "--again-rates", default="20", help="the second round's rates (1000 subscribers); empty: one round"
    )
    run.add_argument(
        "--moderation-variants", default="C-app-embedded,C-app-2p", help="also run a moderation edit"
    )
    run.add_argument(
        "--members", type=int, default=2000, help="members a callout notifies (the notify scenario)"
    )
    run.add_argument("--no-pages", action="store_true", help="leave out the pages and the notify scenario")
    run.add_argument(
        "--name", default="latest", help="write results/NAME.md and NAME.json (plots only for latest)"
    )
    run.add_argument(
        "--baseline", default=baseline.BASELINE,
        help="the landed commit, checked out beside this tree and measured in the same run (#29); empty: none",
    )  # fmt: skip
    run.add_argument("--no-cost", action="store_true", help="leave out the cost of a post and of a connect")
    run.add_argument("--cost-rate", type=float, default=20.0, help="ideas/s during the cost run")
    run.add_argument("--cost-messages", type=int, default=300, help="ideas posted in the cost run")
    run.add_argument("--cost-interval", type=float, default=0.5, help="seconds between connect probes")
    commands.add_parser("smoke", help="a few clients, a few messages, delivery counts only")
    knee_parser = commands.add_parser("knee", help="the highest rate with p99 <= 250 ms and no loss")
    knee_parser.add_argument("--only", default="A,B,C-app-embedded,C-app-2p")
    knee_parser.add_argument("--subscribers", type=int, default=100)
    knee_parser.add_argument("--from-rate", type=float, default=0, help="skip the ladder's lower rates")
    args = parser.parse_args()
    if args.command == "smoke":
        return smoke(args)
    if args.command == "knee":
        return knee(args)
    cost = not args.no_cost and (not args.only or "C-app-embedded" in args.only.split(","))
    # The landed commit is checked out first: a wrong --baseline fails before the long runs.
    checkout = baseline.checkout(args.baseline) if args.baseline and (cost or not args.no_pages) else None
    matrix = Matrix(args)
    run_matrix(args, matrix)
    if cost:
        run_cost(
            args, matrix, [(CURRENT, harness.ROOT)] + ([(checkout.label, checkout.root)] if checkout else [])
        )
    pages = []
    if not args.no_pages:
        database, data = pages_database(args.members)
        pages = run_pages(database, {k: v for k, v in data.items() if k != "member_cookies"})
        if checkout:
            try:
                pages += baseline_pages(checkout)
            except subprocess.CalledProcessError as error:
                say(f"  the baseline's pages failed: {error.stderr[-2000:]}")
        run_notify(args, matrix, database, data)
    rows, started = matrix.rows, matrix.started
    command = "python -m benchmarks " + " ".join(sys.argv[1:])
    write_results(rows, pages, command, time.monotonic() - started, args.name, checkout)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        harness.remove_scratch()
