"""A Redis server and a PostgreSQL cluster of the drill's own, on free ports, removed afterwards.

Drills stop, kill and restart these; the machine's shared services on 5432 and 6379 are never
touched (DESIGN.md, "Tests and CI").
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from tests.helpers.servers import free_port
from tests.helpers.services import skip_or_fail
from tests.helpers.waiting import sync_until


class OwnRedis:
    """`redis-server` on its own port, keeping nothing on disk, like the machine's."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        sync_until(self.answers, 30.0, f"redis-server on {self.port} answering")

    def answers(self) -> bool:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True, timeout=5
        )
        return result.stdout.strip() == "PONG"

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """SIGTERM lets it shut down; SIGKILL is a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=10)
        self.process = None


class OwnPostgres:
    """A PostgreSQL cluster in a temporary directory (initdb as the postgres user), trust auth."""

    def __init__(self) -> None:
        self.port = free_port()
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
        self.directory = Path(tempfile.mkdtemp(prefix="cmij-drill-pg-"))
        self.data = self.directory / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/cmij"

    def _as_postgres(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *command], capture_output=True, text=True, check=check, timeout=60)

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute("CREATE DATABASE cmij")

    @property
    def admin_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=off"
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "log"),
            "-o", options, "-w", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False
        )

    def terminate_backends(self) -> int:
        """pg_terminate_backend on every connection to the app's database; returns how many."""
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            rows = connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = 'cmij' AND pid <> pg_backend_pid()"
            ).fetchall()
        return len(rows)

    def remove(self) -> None:
        self.stop(mode="immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


def require_binaries() -> None:
    missing = [name for name in ("redis-server", "redis-cli", "runuser") if not shutil.which(name)]
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        missing.append("initdb (postgresql)")
    if missing:
        skip_or_fail(f"the fault drills need {', '.join(missing)}")


@contextmanager
def own_redis() -> Iterator[OwnRedis]:
    redis = OwnRedis()
    try:
        redis.start()
        yield redis
    finally:
        redis.stop(signal.SIGKILL)


@contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    postgres = OwnPostgres()
    try:
        postgres.create()
        yield postgres
    except subprocess.CalledProcessError as error:
        pytest.fail(f"own PostgreSQL cluster: {error.stderr}", pytrace=False)
    finally:
        postgres.remove()
