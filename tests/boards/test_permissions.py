"""Who may do what, as a matrix: every role against every action, over HTTP and over WebSocket."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from boards import services
from boards.identity import GUESTS_KEY, Participant
from boards.models import Board, Guest, Idea
from cmij.asgi import application
from tests.helpers import factories

ROLES = [
    "anonymous",
    "guest",
    "guest_of_another_session",
    "member",
    "facilitator",
    "facilitator_of_another_board",
    "organiser",
    "projector_link",
]
ORIGIN = "http://127.0.0.1:8000"


@pytest.fixture
def world(db, meeting, board, breakout, facilitator, organiser):
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
    idea, _ = services.idea_create(
        board=board,
        participant=Participant(guest=author),
        prompt=board.prompts.first(),
        text="Idee",
        client_msg_id="matrix000001",
    )
    return {"board": board, "idea": idea, "people": people}


def session_key_for(role: str, people: dict) -> str | None:
    """A Django session as that role's browser would have it."""
    person = people.get(role)
    if person is None:
        return None
    if isinstance(person, Guest):
        store = SessionStore()
        store[GUESTS_KEY] = {str(person.meeting_id): person.pk}
        store.create()
        return store.session_key
    client = Client()
    client.force_login(person)
    return client.cookies["sessionid"].value


def client_for(role: str, people: dict) -> Client:
    client = Client()
    key = session_key_for(role, people)
    if key:
        client.cookies["sessionid"] = key
    return client


ALLOWED = {
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


def do(action: str, client: Client, world: dict, role: str):
    board, idea = world["board"], world["idea"]
    token = f"?t={board.projector_token}" if role == "projector_link" else ""
    if action == "view":
        return client.get(board.get_absolute_url() + token)
    if action == "post":
        return client.post(
            reverse("boards:idea_create", args=[board.pk]) + token,
            {"text": "Nieuw", "prompt": board.prompts.first().pk, "client_msg_id": f"matrix-{role}"},
        )
    if action == "vote":
        Board.objects.filter(pk=board.pk).update(phase=Board.Phase.VOTE)
        return client.post(reverse("boards:idea_vote", args=[idea.pk]) + token)
    if action == "hide":
        return client.post(reverse("boards:idea_hide", args=[idea.pk]) + token)
    if action == "phase":
        return client.post(reverse("boards:board_phase", args=[board.pk]) + token, {"phase": "discuss"})
    if action == "export":
        return client.get(reverse("boards:export", args=[board.pk, "csv"]) + token)
    if action == "projector":
        return client.get(
            reverse("boards:projector", args=[board.pk])
            + (f"?t={board.projector_token}" if role == "projector_link" else "")
        )
    if action == "create_session":
        return client.get(reverse("boards:meeting_create"))
    raise AssertionError(action)


def happened(action: str, response, world: dict) -> bool:
    board, idea = world["board"], world["idea"]
    idea.refresh_from_db()
    board.refresh_from_db()
    return {
        "view": response.status_code == 200,
        "post": Idea.objects.filter(text="Nieuw").exists(),
        "vote": idea.vote_count == 1,
        "hide": idea.status == Idea.Status.HIDDEN,
        "phase": board.phase == Board.Phase.DISCUSS,
        "export": response.status_code == 200,
        "projector": response.status_code == 200,
        "create_session": response.status_code == 200,
    }[action]


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_http_permission_matrix(world, role, action):
    client = client_for(role, world["people"])
    response = do(action, client, world, role)
    assert happened(action, response, world) == (role in ALLOWED[action]), (
        role,
        action,
        response.status_code,
    )
    if role not in ALLOWED[action]:
        assert response.status_code in {302, 403}, response.status_code


WS_ALLOWED = {"guest", "member", "facilitator", "facilitator_of_another_board", "organiser", "projector_link"}
WS_POST_ALLOWED = ALLOWED["post"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
async def test_websocket_permission_matrix(role, settings, request):
    settings.CMIJ_ALLOWED_ORIGINS = [ORIGIN]
    world = await sync_to_async(request.getfixturevalue)("world")
    board = world["board"]
    key = await sync_to_async(session_key_for)(role, world["people"])
    headers = [(b"origin", ORIGIN.encode())]
    if key:
        headers.append((b"cookie", f"sessionid={key}".encode()))
    query = f"?t={board.projector_token}" if role == "projector_link" else ""
    communicator = WebsocketCommunicator(application, f"/ws/boards/{board.pk}/{query}", headers=headers)
    connected, _ = await communicator.connect()
    assert connected  # always accepted first, so a refusal is a 4008 the browser can see

    closed = None
    if role in WS_ALLOWED:
        prompt = await sync_to_async(lambda: board.prompts.first().pk)()
        await communicator.send_json_to(
            {"action": "post", "text": "Via de socket", "prompt": prompt, "client_msg_id": f"ws-{role}-x1"}
        )
        for _ in range(6):
            if await communicator.receive_nothing(timeout=0.3):
                break
            output = await communicator.receive_output()
            if output["type"] == "websocket.close":
                closed = output["code"]
                break
    else:
        while True:
            output = await communicator.receive_output(timeout=3)
            if output["type"] == "websocket.close":
                closed = output["code"]
                break
    posted = await sync_to_async(Idea.objects.filter(text="Via de socket").exists)()
    assert posted == (role in WS_POST_ALLOWED), role
    assert closed == (None if role in WS_ALLOWED else 4008), role
    await communicator.disconnect()
