"""Sessions and sockets hardened (#27): a new identity gets a new session key; text the database
cannot store is a field error on the socket; a refused socket ignores what arrives before its close."""

from __future__ import annotations

import json
import logging

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.urls import reverse

from boards.models import Idea
from cmij.asgi import application
from tests.helpers.clients import guest_cookie
from tests.helpers.factories import PASSWORD
from tests.helpers.sockets import ORIGIN, closed_with, next_message, open_board, open_site

# --- a new session key for a new identity --------------------------------------------------------


def session_key(client) -> str:
    return client.cookies["sessionid"].value


@pytest.mark.django_db
def test_joining_as_a_guest_gives_a_new_session_key(client, meeting):
    session = client.session  # a session that exists before the join (planted, say)
    session["planted"] = "by someone else"
    session.save()
    client.cookies["sessionid"] = session.session_key
    before = session_key(client)
    response = client.post(reverse("boards:join"), {"code": meeting.join_code, "display_name": "Sanne"})
    assert response.status_code == 302
    assert session_key(client) != before
    assert client.session.get("planted") == "by someone else"  # the data moves with it
    assert client.get(response.url).status_code == 200  # and the new key holds the guest


@pytest.mark.django_db
def test_logging_in_and_out_give_a_new_session_key(client, member):
    session = client.session
    session["planted"] = "x"
    session.save()
    client.cookies["sessionid"] = session.session_key
    before = session_key(client)
    assert client.post("/accounts/login/", {"login": member.email, "password": PASSWORD}).status_code == 302
    logged_in = session_key(client)
    assert logged_in != before
    assert client.post("/accounts/logout/").status_code == 302
    assert session_key(client) not in (logged_in, before)


# --- the board socket: what the database cannot store --------------------------------------------


@pytest.mark.parametrize("unstorable", ["Idee \ud800", "Idee \x00"], ids=["lone surrogate", "NUL"])
@pytest.mark.parametrize("field", ["text", "client_msg_id", "prompt"])
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("socket_origin")
async def test_an_unstorable_text_in_a_socket_message_is_a_field_error(
    board, guest, caplog, field, unstorable
):
    cookie = await sync_to_async(guest_cookie)(guest)
    socket = await open_board(board.pk, cookie=cookie, audience="participants")
    prompt = await sync_to_async(lambda: board.prompts.first().pk)()
    message = {"action": "post", "text": "Een idee", "prompt": prompt, "client_msg_id": "abcdefgh1234"}
    message[field] = unstorable
    with caplog.at_level(logging.WARNING):
        # json.dumps writes the lone surrogate as \ud800, which the consumer's json.loads gives back.
        await socket.send_to(text_data=json.dumps(message))
        reply = await next_message(socket)
    assert f'id="board-{board.pk}-form"' in reply or "error" in reply
    if field == "text":
        assert 'aria-invalid="true"' in reply and 'class="form-errors"' in reply  # the field, with why
        assert "Idee \ufffd</textarea>" in reply  # what was typed, the broken character shown as such
    assert not await sync_to_async(Idea.objects.exists)()
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []
    await socket.disconnect()


# --- a refused socket -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("socket_origin")
async def test_a_refused_socket_ignores_what_arrives_before_its_close(board, caplog):
    communicator = WebsocketCommunicator(
        application, f"/ws/boards/{board.pk}/", headers=[(b"origin", ORIGIN.encode())]
    )
    connected, _ = await communicator.connect()
    assert connected
    with caplog.at_level(logging.WARNING):
        for message in (
            {"action": "post", "text": "Toch iets", "prompt": 1},
            {"action": "vote", "idea": 1},
            {"action": "resume", "seq": 0},
            {"action": "ack", "seq": 0},
        ):
            await communicator.send_json_to(message)
        assert await closed_with(communicator) == 4008
        assert await communicator.receive_nothing(timeout=0.3)
    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []
    assert not await sync_to_async(Idea.objects.exists)()
    await communicator.disconnect()


@pytest.mark.parametrize("unstorable", ["zoek=Sanne\ud800", "zoek=Sanne%00", "zoek=Sanne\x00"])
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("socket_origin")
async def test_an_unstorable_feed_filter_on_the_site_socket_is_refused_with_a_reason(
    member, caplog, unstorable
):
    socket = await open_site(member)
    with caplog.at_level(logging.WARNING):
        await socket.send_to(text_data=json.dumps({"action": "feed", "query": unstorable}))
        reply = await next_message(socket)
    assert "live" in reply.lower() and "error" in reply  # "These filters could not be used for live updates."
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []
    await socket.disconnect()
