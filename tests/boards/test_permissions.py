"""Who may do what, as a matrix: every role against every action, over HTTP and over WebSocket."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import reverse

from boards.models import Board, Idea
from cmij.asgi import application
from tests.helpers.matrices import (
    BOARD_ALLOWED,
    BOARD_ROLES,
    BOARD_WS_ALLOWED,
    BOARD_WS_POST_ALLOWED,
    client_as,
    session_key_for,
)
from tests.helpers.sockets import ORIGIN, outputs_before_refusal


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


@pytest.mark.parametrize("action", list(BOARD_ALLOWED))
@pytest.mark.parametrize("role", BOARD_ROLES)
def test_http_permission_matrix(world, role, action):
    client = client_as(role, world["people"])
    response = do(action, client, world, role)
    assert happened(action, response, world) == (role in BOARD_ALLOWED[action]), (
        role,
        action,
        response.status_code,
    )
    if role not in BOARD_ALLOWED[action]:
        assert response.status_code in {302, 403}, response.status_code


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("socket_origin")
@pytest.mark.parametrize("role", BOARD_ROLES)
async def test_websocket_permission_matrix(role, request):
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
    if role in BOARD_WS_ALLOWED:
        prompt = await sync_to_async(lambda: board.prompts.first().pk)()
        await communicator.send_json_to(
            {"action": "post", "text": "Via de socket", "prompt": prompt, "client_msg_id": f"ws-{role}-x1"}
        )
        # Until the post is handled (and the message after it): a close would have come before.
        for output in await outputs_before_refusal(communicator):
            if output["type"] == "websocket.close":
                closed = output["code"]
    else:
        while True:
            output = await communicator.receive_output(timeout=3)
            if output["type"] == "websocket.close":
                closed = output["code"]
                break
    posted = await sync_to_async(Idea.objects.filter(text="Via de socket").exists)()
    assert posted == (role in BOARD_WS_POST_ALLOWED), role
    assert closed == (None if role in BOARD_WS_ALLOWED else 4008), role
    await communicator.disconnect()
