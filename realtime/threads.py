"""Database reads off the process's one thread for sync work, where every post and sync view queues."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from channels.db import database_sync_to_async
from django.db import connections


def off_the_sync_thread(function: Callable[..., Any]) -> Callable[..., Any]:
    """A read-only database function run on a worker thread, giving its connection back when done."""

    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        finally:
            give_back_connections()

    return database_sync_to_async(run, thread_sensitive=False)


def give_back_connections() -> None:
    """PostgreSQL's connections (CONN_MAX_AGE 0) go back to psycopg's pool at once: a worker thread
    may end without Django ever closing what it opened, and the pool ran dry in the consumer tests
    when only Django's own clean-up was relied on. SQLite's stay with the thread (cmij/settings.py)."""
    for connection in connections.all(initialized_only=True):
        if connection.settings_dict["CONN_MAX_AGE"] == 0:
            connection.close()
