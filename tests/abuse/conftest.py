"""What the abuse drills against a live daphne share: one served app per module, and the worker
threads' database connections closed after each test."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from tests.helpers.servers import daphne


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    """A daphne serving the app on the test database, for the module's tests."""
    with django_db_blocker.unblock(), daphne() as url:
        yield url


@pytest.fixture
async def close_thread_connections():
    """sync_to_async runs the ORM in a worker thread; close its connection, or the test database
    cannot be dropped at the end (PostgreSQL refuses while a session is open)."""
    yield
    await sync_to_async(connections.close_all)()
