"""A database made by an earlier migration history is refused by `migrate` and `serve`, unchanged."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from cmij.old_database import refuse_old_database, unknown_migrations
from tests.helpers.servers import ROOT, free_port, server_environment

# Migrations an earlier main held. The first is in no history; the others stop existing when the apps'
# histories start afresh (issue 23). Only those not on disk now count as earlier.
EARLIER_MIGRATIONS = [
    ("boards", "0099_from_an_earlier_main"),
    ("boards", "0002_boards_ideas_events"),
    ("boards", "0005_topics_summaries_teams_programme"),
    ("callouts", "0002_agenda_topics_notification_subject"),
    ("profiles", "0003_profile_page_photo_tags_visibility"),
]
# Beside them, in an earlier database: names the current history has too, and Django's own.
SHARED_MIGRATIONS = [
    ("contenttypes", "0001_initial"),
    ("profiles", "0001_initial"),
    ("boards", "0001_initial"),
]


def earlier_migrations() -> list[tuple[str, str]]:
    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [key for key in EARLIER_MIGRATIONS if key not in on_disk]


def make_earlier_database(path: Path, migrations: list[tuple[str, str]]) -> None:
    """An SQLite file with Django's django_migrations table holding `migrations`, not in WAL mode (so a
    connection that switched it to WAL would change the file)."""
    with closing(sqlite3.connect(path)) as database:
        database.execute(
            'CREATE TABLE "django_migrations" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
            '"app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL)'
        )
        database.executemany(
            "INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, '2025-01-01 12:00:00')",
            migrations,
        )
        database.commit()


def run_manage(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """`manage.py *args` to its end; its whole process group is killed if it runs past a minute."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    return process.returncode, output


@pytest.mark.parametrize("command", ["migrate", "serve"])
def test_migrate_and_serve_refuse_a_database_from_an_earlier_history_and_change_nothing(tmp_path, command):
    earlier = earlier_migrations()
    assert earlier  # at least the made-up one
    path = tmp_path / "db.sqlite3"
    make_earlier_database(path, [*SHARED_MIGRATIONS, ("auth", "0099_from_an_earlier_django"), *earlier])
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    port = free_port()
    env = server_environment(
        port, DJANGO_SETTINGS_MODULE="cmij.settings", DATABASE_URL=f"sqlite:///{path}", DEBUG="1"
    )
    env.pop("REDIS_URL", None)

    arguments = {"migrate": ["migrate", "--noinput"], "serve": ["serve", "--port", str(port)]}[command]
    returncode, output = run_manage(*arguments, env=env)

    assert returncode != 0, output
    assert "earlier version of CMIJ" in output and "Nothing in it was changed" in output, output
    assert "`make clean`" in output
    assert "{}.{}".format(*min(earlier)) in output
    assert "auth.0099" not in output  # other apps' histories are not ours to judge
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.django_db
def test_only_the_projects_own_migrations_unknown_on_disk_count():
    recorder = MigrationRecorder(connection)
    recorder.record_applied("boards", "0099_from_an_earlier_main")
    recorder.record_applied("auth", "0099_from_an_earlier_django")
    recorder.record_applied("django_tasks_database", "0099_from_an_earlier_release")

    assert unknown_migrations(connection) == ["boards.0099_from_an_earlier_main"]


@pytest.mark.django_db
def test_a_database_made_by_the_current_history_is_accepted():
    assert ("profiles", "0002_reference_data") in MigrationRecorder(connection).applied_migrations()
    assert unknown_migrations(connection) == []
    refuse_old_database()  # raises nothing
