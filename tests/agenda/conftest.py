"""What the agenda's tests share: a partner's server on loopback, allowed as a source."""

from __future__ import annotations

import pytest

from tests.helpers.feed_server import feed_server


@pytest.fixture
def server(settings):
    """A loopback feed server that sources may fetch from (loopback allowed), with a 3 s deadline."""
    settings.CMIJ_AGENDA_FETCH_ALLOW_NETWORKS = ["127.0.0.1/32"]
    settings.CMIJ_AGENDA_FETCH_DEADLINE = 3
    with feed_server() as served:
        yield served
