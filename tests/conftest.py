from __future__ import annotations

import pytest

from tests.factories import MemberFactory


def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's sync API keeps an event loop running in this thread for the
    rest of the session, which async tests after it could not start their own loop beside."""
    for item in items:
        for folder, marker in (
            ("e2e", pytest.mark.e2e),
            ("integration", pytest.mark.integration),
            ("drills", pytest.mark.drill),
            ("abuse", pytest.mark.abuse),
        ):
            if f"tests/{folder}/" in str(item.fspath):
                item.add_marker(marker)
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def member_factory(db):
    return MemberFactory
