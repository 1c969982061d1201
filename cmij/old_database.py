"""Refuse a database made by an earlier version of CMIJ, whose migration history no longer exists.

The project's apps began their migration history afresh (issue 23). `migrate` on a database that holds
migrations this history does not know would leave it half-migrated, and the server would run on it;
`migrate` and `serve` call `refuse_old_database()` before anything else, and it changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

# The project's own apps: only their rows in django_migrations are judged (Django's and third-party
# apps' histories did not start afresh).
PROJECT_APP_LABELS = frozenset(
    {"profiles", "notifications", "boards", "teams", "archive", "callouts", "agenda"}
)


class OldDatabase(CommandError):
    """The database holds migrations of the project's apps that the history on disk does not know."""


def refuse_old_database(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Raise OldDatabase when the database `alias` was made by an earlier migration history."""
    with _connection_that_changes_nothing(alias) as connection:
        unknown = unknown_migrations(connection)
    if unknown:
        shown = ", ".join(unknown[:3]) + (f" and {len(unknown) - 3} more" if len(unknown) > 3 else "")
        raise OldDatabase(
            f"This database ({connection.settings_dict['NAME']}) was made by an earlier version of CMIJ "
            f"whose migration history no longer exists ({shown}). Nothing in it was changed. "
            "Start afresh with `make clean` (it deletes db.sqlite3 and .venv), then `make run`; "
            "for PostgreSQL, drop and recreate the database."
        )


def unknown_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    """The project's migrations recorded in the database that the history on disk does not know."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    known.update(key for migration in loader.disk_migrations.values() for key in migration.replaces)
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(
        f"{app}.{name}" for app, name in applied if app in PROJECT_APP_LABELS and (app, name) not in known
    )


_CHECK_ALIAS = "cmij_old_database_check"


@contextmanager
def _connection_that_changes_nothing(alias: str) -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own to the database `alias`, under an alias of its own (the recorder queries
    through `connections[connection.alias]`). Without the settings' init_command: on SQLite that is
    `PRAGMA journal_mode=WAL`, which rewrites the file's header unless the file is in WAL mode already.
    Without a pool: psycopg's pool would outlive the check."""
    settings = connections[alias].settings_dict
    options = {
        key: value for key, value in settings["OPTIONS"].items() if key not in {"init_command", "pool"}
    }
    connection = type(connections[alias])({**settings, "OPTIONS": options}, _CHECK_ALIAS)
    connections[_CHECK_ALIAS] = connection
    try:
        yield connection
    finally:
        connection.close()
        del connections[_CHECK_ALIAS]
