"""Permission matrices shared by the app's tests and the abuse drills: who may do what on a board (over
HTTP and over its socket) and on the callouts, as tables, with the people of each role."""

from __future__ import annotations

import pytest
from django.test import Client

from boards import services
from boards.identity import Participant
from tests.helpers import factories
from tests.helpers.clients import session_key

# --- a meeting's boards ---------------------------------------------------------------------------

BOARD_ROLES = [
    "anonymous",
    "guest",
    "guest_of_another_session",
    "member",
    "facilitator",
    "facilitator_of_another_board",
    "organiser",
    "projector_link",
]

BOARD_ALLOWED = {
    # action: roles that may
    "view": {"guest", "member", "facilitator", "facilitator_of_another_board", "organiser"},
    "post": {"guest", "member", "facilitator", "facilitator_of_another_board", "organiser"},
    "vote": {"guest", "member", "facilitator", "facilitator_of_another_board", "organiser"},
    "hide": {"facilitator", "organiser"},
    "phase": {"facilitator", "organiser"},
    "export": {"facilitator", "organiser"},
    "projector": {"facilitator", "organiser", "projector_link"},
    "create_session": {"organiser"},
}

# Who may open a board's socket (the projector link too), and who may post over it.
BOARD_WS_ALLOWED = {
    "guest", "member", "facilitator", "facilitator_of_another_board", "organiser", "projector_link",
}  # fmt: skip
BOARD_WS_POST_ALLOWED = BOARD_ALLOWED["post"]


@pytest.fixture
def world(db, meeting, board, breakout, facilitator, organiser):
    """A board with an idea on it, and a person for every role of BOARD_ROLES that is a person."""
    other_meeting = factories.meeting(by=organiser, title="Een andere avond")
    other_facilitator = factories.MemberFactory()
    breakout.facilitators.add(other_facilitator)
    people = {
        "guest": services.guest_join(meeting=meeting, code=meeting.join_code, display_name="Gast"),
        "guest_of_another_session": services.guest_join(
            meeting=other_meeting, code=other_meeting.join_code, display_name="Elders"
        ),
        "member": factories.MemberFactory(),
        "facilitator": facilitator,
        "facilitator_of_another_board": other_facilitator,
        "organiser": organiser,
    }
    author = services.guest_join(meeting=meeting, code=meeting.join_code, display_name="Auteur")
    idea = factories.idea_on(board, Participant(guest=author), "Idee", client_msg_id="matrix000001")
    return {"board": board, "idea": idea, "people": people}


def session_key_for(role: str, people: dict) -> str | None:
    """A Django session as that role's browser would have it (None: no person, no session)."""
    person = people.get(role)
    return session_key(person) if person is not None else None


def client_as(role: str, people: dict) -> Client:
    """A test client with the session of `role` (one of BOARD_ROLES) among `people`."""
    client = Client()
    key = session_key_for(role, people)
    if key:
        client.cookies["sessionid"] = key
    return client


# --- callouts -------------------------------------------------------------------------------------

CALLOUT_ACTIONS = {
    # name: (method, url pattern, data)
    "feed": ("get", "/oproepen/", {}),
    "read": ("get", "/oproepen/{id}/", {}),
    "create": ("get", "/oproepen/nieuw/", {}),
    "edit": ("get", "/oproepen/{id}/bewerken/", {}),
    "close": ("post", "/oproepen/{id}/gevonden/", {}),
    "renew": ("post", "/oproepen/{id}/verlengen/", {}),
    "delete": ("post", "/oproepen/{id}/verwijderen/", {}),
    "respond": ("post", "/oproepen/{id}/reageren/", {"body": "Ik help graag"}),
    "report": ("post", "/oproepen/{id}/melden/", {"reason": "Dit is reclame"}),
    "hide": ("post", "/oproepen/{id}/verbergen/", {"reason": "Reclame"}),
    "reports": ("get", "/oproepen/meldingen/", {}),
    "follows": ("get", "/oproepen/volgen/", {}),
    "notifications": ("get", "/meldingen/", {}),
}

LOGIN = "login"  # sent to the login page
# role -> action -> expected status (LOGIN: sent to the login page)
CALLOUT_MATRIX = {
    "anonymous": dict.fromkeys(CALLOUT_ACTIONS, LOGIN),
    "member": {
        "feed": 200, "read": 200, "create": 200, "edit": 403, "close": 403, "renew": 403, "delete": 403,
        "respond": 302, "report": 302, "hide": 403, "reports": 403, "follows": 200, "notifications": 200,
    },
    "author": {
        "feed": 200, "read": 200, "create": 200, "edit": 200, "close": 302, "renew": 302, "delete": 302,
        "respond": 400, "report": 403, "hide": 403, "reports": 403, "follows": 200, "notifications": 200,
    },
    "organiser": {
        "feed": 200, "read": 200, "create": 200, "edit": 403, "close": 403, "renew": 403, "delete": 403,
        "respond": 302, "report": 302, "hide": 302, "reports": 200, "follows": 200, "notifications": 200,
    },
}  # fmt: skip
