"""The fault drills' own PostgreSQL and Redis (one each for the whole run, migrated and seeded once),
two daphne processes per drill, and the table of figures each drill adds to.

Sizing: CMIJ_DRILL_ROUNDS outages of CMIJ_DRILL_OUTAGE seconds per drill (CI: 2 of 20 s; `make
drills`: more and longer). CMIJ_DRILL_REPORT names a file the figures are written to as Markdown.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.drills.instances import own_postgres, own_redis, require_binaries
from tests.drills.room import Daphne, Meeting, Report, daphne_environment
from tests.helpers.servers import ROOT, free_port, server_environment
from tests.helpers.services import require_postgres, require_redis

ROUNDS = int(os.environ.get("CMIJ_DRILL_ROUNDS", "2"))
OUTAGE = float(os.environ.get("CMIJ_DRILL_OUTAGE", "20"))
REPORTS: list[Report] = []

HEADER = (
    "| drill | ideas committed | applied per phone (min–max) | lost | stored twice | duplicates applied "
    "| longest silence on a phone (s) | caught up after the end (s) | errors during the outage | unclear errors | notes |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|"
)


@pytest.fixture(scope="session")
def services(tmp_path_factory):
    """A PostgreSQL cluster and a redis-server of the drills' own (the machine's are never stopped)."""
    require_postgres()  # the drills run where the services run: pass 2 of .ci/run, `make drills`
    require_redis()
    require_binaries()
    yield from _own_services(tmp_path_factory)
    # The drills stopped and killed only their own: the machine's services still answer.
    assert machine_services_answer(), "the machine's PostgreSQL (5432) or Redis (6379) no longer answers"


def machine_services_answer() -> bool:
    postgres = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False)
    redis = subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True, text=True, check=False)
    return postgres.returncode == 0 and redis.stdout.strip() == "PONG"


def _own_services(tmp_path_factory):
    with own_postgres() as postgres, own_redis() as redis:
        media = str(tmp_path_factory.mktemp("media"))  # the demo's posters, never the project's media/
        env = server_environment(
            0, DATABASE_URL=postgres.url, REDIS_URL=redis.url, DEBUG="1", CMIJ_MEDIA_ROOT=media
        )
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        yield postgres, redis, env, tmp_path_factory.mktemp("daphne-logs")
    assert not postgres.directory.exists() and redis.process is None, "a drill's own service was left"


@pytest.fixture
def processes(services, request):
    """Two daphne processes sharing the drills' Redis and PostgreSQL."""
    postgres, redis, _env, logs = services
    extra = getattr(request, "param", {})
    daphnes = []
    for name in ("a", "b"):
        port = free_port()
        env = daphne_environment(port, database_url=postgres.url, redis_url=redis.url, **extra)
        daphnes.append(Daphne(port, env, Path(logs) / f"{request.node.name}-{name}.log"))
    try:
        for daphne in daphnes:
            daphne.start()
        yield daphnes
    finally:
        for daphne in daphnes:
            daphne.stop()


@pytest.fixture
def meeting(services, request) -> Meeting:
    """A new meeting for this drill, so its board starts empty."""
    postgres, _redis, env, _logs = services
    return Meeting.create(postgres.url, env, f"Drill {request.node.name}")


@pytest.fixture
def report():
    def add(row: Report) -> None:
        REPORTS.append(row)

    return add


def pytest_terminal_summary(terminalreporter):
    if not REPORTS:
        return
    table = "\n".join([HEADER, *(row.row() for row in REPORTS)])
    terminalreporter.write_sep("=", f"fault drills: {ROUNDS} outages of {OUTAGE:.0f} s each")
    terminalreporter.write_line(table)
    if path := os.environ.get("CMIJ_DRILL_REPORT"):
        Path(path).write_text(table + "\n")
