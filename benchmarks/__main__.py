"""Run the benchmarks.

    python -m benchmarks run            # everything `make bench` runs (under 15 minutes here)
    python -m benchmarks run --only A,C-app-embedded --subscribers 100 --rates 5
    python -m benchmarks smoke          # a few clients, a few messages: delivery counts only

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

from benchmarks import harness
from benchmarks.harness import say

RESULTS = harness.ROOT / "benchmarks" / "results"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
VARIANTS = ["A", "B", "C-hub-1p", "C-hub-2p", "C-app-embedded", "C-app-2p"]
POSTERS = 10


def setup_database(database_url: str, guests: int, *extra: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.setup", database_url, str(guests), *extra],
        cwd=harness.ROOT, check=True, capture_output=True, text=True,
        env={**os.environ, "SECRET_KEY": harness.SECRET_KEY},
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
    """Starts each variant's server once, with its publisher, and stops it after its runs."""

    def __init__(self, subscribers_max: int) -> None:
        self.guests = subscribers_max + POSTERS
        self.redis = redis_available()
        self.pg_url = fresh_postgres("cmij_bench") if self.redis else None
        self.sqlite = harness.scratch_file(".sqlite3")
        say(f"  preparing data: {self.guests} guests (SQLite{', PostgreSQL' if self.pg_url else ''})")
        self.embedded = setup_database(f"sqlite:///{self.sqlite}", self.guests)
        self.pg = setup_database(self.pg_url, self.guests) if self.pg_url else None

    def available(self, name: str) -> bool:
        if name == "A" or name == "C-app-embedded":
            return True
        return self.redis and (name == "B" or self.pg is not None)

    def start(self, name: str):
        """(server, publisher factory, subscriber cookies, database name for connection counts)."""
        if name == "A":
            server = harness.start_raw()
            return server, lambda: harness.RawPublisher(server), None, None
        if name == "B":
            server = harness.start_tutorial(REDIS_URL)
            return server, lambda: harness.TutorialPublisher(server), None, None
        if name.startswith("C-hub"):
            data = self.pg
            server = harness.start_app(
                f"{name} (Redis, PostgreSQL)", self.pg_url, REDIS_URL, int(name[-2]), data["board"]
            )
            return (
                server,
                lambda: harness.HubPublisher(REDIS_URL, data["topic"]),
                data["cookies"][POSTERS:],
                "cmij_bench",
            )
        if name == "C-app-embedded":
            data = self.embedded
            server = harness.start_app(
                f"{name} (SQLite, in-process)", f"sqlite:///{self.sqlite}", None, 1, data["board"]
            )
            return (
                server,
                lambda: harness.AppPublisher(server, data["cookies"][:POSTERS], data["prompt"]),
                data["cookies"][POSTERS:],
                None,
            )
        data = self.pg
        server = harness.start_app(f"{name} (Redis, PostgreSQL)", self.pg_url, REDIS_URL, 2, data["board"])
        return server, lambda: harness.AppPublisher(server, data["cookies"][:POSTERS], data["prompt"]), data["cookies"][POSTERS:], "cmij_bench"  # fmt: skip


def messages_for(rate: float) -> int:
    return 30 if rate < 5 else 100


def run_matrix(args) -> list[dict]:
    names = args.only.split(",") if args.only else VARIANTS
    subscribers = [int(s) for s in args.subscribers.split(",")]
    rates = [float(r) for r in args.rates.split(",")]
    variants = Variants(max(subscribers))
    order = names + (["A"] if "A" in names and len(names) > 1 else [])  # A first and last
    rows: list[dict] = []
    next_id = 0
    started = time.monotonic()
    for position, name in enumerate(order):
        if not variants.available(name):
            continue
        server, publisher, cookies, database = variants.start(name)
        try:
            idle_kb = None
            if position == 0 or name != "A":
                idle_kb = harness.idle_kb_per_connection(server, max(subscribers), cookies)
                say(f"[{time.monotonic() - started:6.0f}s] {name}: {idle_kb} KB per idle connection")
            plan = [(s, r) for s in subscribers for r in rates]
            if position and name == "A":  # A again, last: the runs the targets compare with
                plan = [(max(subscribers), r) for r in rates]
            if name in args.slow_rate_variants.split(","):
                plan.append((max(subscribers), 1.0))
            if name == args.stall_variant:
                plan.append((max(subscribers), -5.0))  # 5 % of readers stop reading
            for count, rate in plan:
                stall = count // 20 if rate < 0 else 0
                rate = abs(rate)
                messages = args.messages or messages_for(rate)
                say(f"[{time.monotonic() - started:6.0f}s] {name}: {count} subscribers, {rate:g}/s, "
                    f"{messages} messages{' (5% stalled)' if stall else ''}")  # fmt: skip
                result = harness.measure(
                    server, publisher(), subscribers_count=count, rate=rate, messages=messages,
                    cookies=cookies, stall=stall, first_id=next_id,
                )  # fmt: skip
                next_id += messages + 10
                row = result.row() | {
                    "key": name,
                    "round": 2 if position and name == "A" else 1,
                    "stalled": stall,
                    "idle_kb_per_connection": idle_kb,
                }
                row |= connection_counts(database)
                rows.append(row)
                say(f"         last p50 {row['last_p50_ms']} ms, p99 {row['last_p99_ms']} ms, lost {row['lost']}/"
                    f"{row['expected']}, {row['server_us_per_delivery']} µs/delivery, "
                    f"connect {row['connect_seconds']} s")  # fmt: skip
        finally:
            server.stop()
    return rows


def run_pages(args) -> list[dict]:
    """The board page with 500 ideas and the directory with 2000 members: p50, p99, queries."""
    database = harness.scratch_file(".sqlite3")
    data = setup_database(f"sqlite:///{database}", 1, "--ideas", "500", "--members", "2000")
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.pages", f"sqlite:///{database}", json.dumps(data)],
        cwd=harness.ROOT, check=True, capture_output=True, text=True,
        env={**os.environ, "SECRET_KEY": harness.SECRET_KEY},
    )  # fmt: skip
    return json.loads(output.stdout)


def write_results(rows: list[dict], pages: list[dict], command: str, seconds: float) -> None:
    from benchmarks import report

    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "seconds": round(seconds),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        "versions": report.versions(),
    }
    (RESULTS / "latest.json").write_text(json.dumps({"meta": meta, "runs": rows, "pages": pages}, indent=2))
    (RESULTS / "latest.md").write_text(report.markdown(meta, rows, pages))
    report.plots(rows, RESULTS)
    say(f"results: {RESULTS / 'latest.md'}")


def smoke(args) -> int:
    """A few clients and messages through A and our embedded app: delivery counts only."""
    sqlite = harness.scratch_file(".sqlite3")
    data = setup_database(f"sqlite:///{sqlite}", 8)
    failures = 0
    for name, start, publisher, cookies in (
        ("A", harness.start_raw, harness.RawPublisher, None),
        ("C-app-embedded",
         lambda: harness.start_app("C-app-embedded", f"sqlite:///{sqlite}", None, 1, data["board"]),
         lambda server: harness.AppPublisher(server, data["cookies"][:2], data["prompt"]), data["cookies"][2:]),
    ):  # fmt: skip
        server = start()
        try:
            result = harness.measure(
                server, publisher(server), subscribers_count=5, rate=5, messages=5, warmup=1, cookies=cookies
            )
        finally:
            server.stop()
        say(f"{name}: delivered {result.delivered} of {result.expected}")
        failures += result.delivered != result.expected
    sqlite.unlink(missing_ok=True)
    return 1 if failures else 0


def knee(args) -> int:
    """The highest rate with last-subscriber p99 at most 250 ms and nothing lost, per variant."""
    names = args.only.split(",")
    variants = Variants(args.subscribers)
    lines = [f"# Knee at {args.subscribers} subscribers", "",
             "The highest rate (messages/s) whose run had last-subscriber p99 <= 250 ms and no loss.", "",
             "| variant | rate | last p50 ms | last p99 ms | lost | knee |", "|---|---|---|---|---|---|"]  # fmt: skip
    next_id = 0
    for name in names:
        if not variants.available(name):
            continue
        server, publisher, cookies, _database = variants.start(name)
        best = 0.0
        try:
            for rate in (10, 20, 40, 80, 160):
                say(f"{name}: {args.subscribers} subscribers at {rate}/s")
                result = harness.measure(server, publisher(), subscribers_count=args.subscribers, rate=rate,
                                         messages=100, cookies=cookies, first_id=next_id)  # fmt: skip
                next_id += 110
                ok = result.lost == 0 and result.last_p99_ms <= 250
                lines.append(f"| {name} | {rate} | {result.last_p50_ms} | {result.last_p99_ms} | {result.lost} | "
                             f"{'yes' if ok else 'no'} |")  # fmt: skip
                if not ok:
                    break
                best = rate
        finally:
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
    run.add_argument("--slow-rate-variants", default="A,B,C-app-embedded", help="also run these at 1/s")
    run.add_argument(
        "--stall-variant", default="C-app-embedded", help="also run this with 5%% stalled readers"
    )
    run.add_argument("--no-pages", action="store_true")
    commands.add_parser("smoke", help="a few clients, a few messages, delivery counts only")
    knee_parser = commands.add_parser("knee", help="the highest rate with p99 <= 250 ms and no loss")
    knee_parser.add_argument("--only", default="A,B,C-app-embedded,C-app-2p")
    knee_parser.add_argument("--subscribers", type=int, default=100)
    args = parser.parse_args()
    if args.command == "smoke":
        return smoke(args)
    if args.command == "knee":
        return knee(args)
    started = time.monotonic()
    rows = run_matrix(args)
    pages = [] if args.no_pages else run_pages(args)
    write_results(rows, pages, "python -m benchmarks " + " ".join(sys.argv[1:]), time.monotonic() - started)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        harness.remove_scratch()
