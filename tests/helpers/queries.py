"""Queries counted at the cursor, in every thread: CaptureQueriesContext follows one connection, and
sync_to_async and the hub's writes run on others."""

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
