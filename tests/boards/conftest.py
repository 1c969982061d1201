from __future__ import annotations

import pytest

from boards.identity import Participant
from boards.models import Board, Guest
from boards.services import board_create, guest_join
from tests import factories


@pytest.fixture
def organiser(db):
    return factories.organiser()


@pytest.fixture
def facilitator(db):
    return factories.MemberFactory()


@pytest.fixture
def session(organiser, facilitator):
    return factories.session(by=organiser, facilitators=[facilitator])


@pytest.fixture
def board(session) -> Board:
    return session.boards.get(kind=Board.Kind.PLENARY)


@pytest.fixture
def breakout(session, organiser) -> Board:
    return board_create(session=session, by=organiser, title="Ruimte om te maken", theme="Werkplaatsen")


@pytest.fixture
def guest(session) -> Guest:
    return guest_join(session=session, code=session.join_code, display_name="Gast Anna")


@pytest.fixture
def as_guest(guest) -> Participant:
    return Participant(guest=guest)


@pytest.fixture
def as_member(member) -> Participant:
    return Participant(user=member)
