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
def meeting(organiser, facilitator):
    return factories.meeting(by=organiser, facilitators=[facilitator])


@pytest.fixture
def board(meeting) -> Board:
    return meeting.boards.get(kind=Board.Kind.PLENARY)


@pytest.fixture
def breakout(meeting, organiser) -> Board:
    return board_create(meeting=meeting, by=organiser, title="Ruimte om te maken", theme="Werkplaatsen")


@pytest.fixture
def guest(meeting) -> Guest:
    return guest_join(meeting=meeting, code=meeting.join_code, display_name="Gast Anna")


@pytest.fixture
def as_guest(guest) -> Participant:
    return Participant(guest=guest)


@pytest.fixture
def as_member(member) -> Participant:
    return Participant(user=member)
