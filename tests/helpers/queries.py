"""Queries counted in every thread: CaptureQueriesContext follows one connection, and sync_to_async,
replays and the hub's writes run on others."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends import utils as db_utils


@contextmanager
def queries_in_every_thread() -> Iterator[list[tuple]]:
    """The arguments (SQL, parameters) of every query run inside the block, from any thread."""
    run: list[tuple] = []
    real = db_utils.CursorWrapper.execute

    def recording(self, *args, **kwargs):
        run.append(args)
        return real(self, *args, **kwargs)

    db_utils.CursorWrapper.execute = recording
    try:
        yield run
    finally:
        db_utils.CursorWrapper.execute = real


class CountedQueries:
    """Every query on every database connection, counted through an execute wrapper that
    `connection_created` installs on each connection as it opens (`counted_queries` fixture). Work on
    a board's socket runs on other threads than the test's (the thread for sync work, the worker
    threads of replays), each with its own connection.

    `wrap` also takes a connection that was already open (the test's own, the sync thread's)."""

    def __init__(self) -> None:
        self.on = False
        self.run: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        # SQLite starts a write transaction with a statement of its own (BEGIN IMMEDIATE, at the
        # first write); PostgreSQL's driver does it unseen. Not counted, so both count the same.
        if self.on and not sql.startswith("BEGIN"):
            self.run.append(sql)
        return execute(sql, params, many, context)

    def wrap(self, connection, **kwargs) -> None:
        if self not in connection.execute_wrappers:
            connection.execute_wrappers.append(self)

    def unwrap_all(self) -> None:
        from django.db import connections

        for connection in connections.all(initialized_only=True):
            if self in connection.execute_wrappers:
                connection.execute_wrappers.remove(self)

    @contextmanager
    def counting(self) -> Iterator[list[str]]:
        """The SQL of every query inside the block, from any connection."""
        self.run = []
        self.on = True
        try:
            yield self.run
        finally:
            self.on = False
