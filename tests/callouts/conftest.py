from __future__ import annotations

import pytest

from tests.helpers.factories import maker


@pytest.fixture
def author(db):
    return maker(disciplines=["muziek"], municipality_slug="beverwijk")
