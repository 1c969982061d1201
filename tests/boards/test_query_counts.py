"""A board's socket costs a fixed number of queries per post, vote, connect and resume, however many
ideas the board holds (issue #29): counted on every connection the work uses, since a connect, a
post and a replay run on other threads than the test's.

The figures are asserted exactly: a change that adds a query shows here, and is a choice."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.db.backends.signals import connection_created

from boards.identity import Participant
from boards.models import Board, Guest, Idea
from boards.services import client_msg_id_new, guest_join
from tests.helpers.clients import guest_cookie
from tests.helpers.factories import idea_on
from tests.helpers.queries import CountedQueries
from tests.helpers.sockets import next_message, open_board

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("socket_origin")]

#: The queries of each action on a board's socket: the same for a board of 10 and of 500 ideas.
POST = 17
VOTE = 20
CONNECT = 3
RESUME = 5


@pytest.fixture
async def counted_queries():
    """Counting on every connection: the ones that open from now on (`connection_created`), and the
    ones already open in this thread and in the thread for sync work."""
    counter = CountedQueries()
    connection_created.connect(counter.wrap)

    def wrap_this_thread() -> None:
        counter.wrap(connection)

    wrap_this_thread()
    await sync_to_async(wrap_this_thread)()
    yield counter
    connection_created.disconnect(counter.wrap)
    counter.unwrap_all()
    await sync_to_async(counter.unwrap_all)()


def board_of(board: Board, ideas: int) -> Guest:
    """`board` with `ideas` ideas by as many other guests, and one of them voting; the guest who acts."""
    meeting = board.meeting
    guest = guest_join(meeting=meeting, code=meeting.join_code, display_name="Gast Anna")
    others = Guest.objects.bulk_create(
        [Guest(meeting=meeting, display_name=f"Gast {i}") for i in range(ideas)]
    )
    prompt = board.prompts.first()
    Idea.objects.bulk_create(
        [
            Idea(board=board, prompt=prompt, text=f"Idee {i}: " + "x" * 130, author_guest=guest,
                 author_name=guest.display_name, client_msg_id=client_msg_id_new())
            for i, guest in enumerate(others)
        ]
    )  # fmt: skip
    idea_on(board, Participant(guest=guest), "Het eerste idee van Anna")  # an event to resume from
    return guest


async def connected(board: Board, cookie: str):
    return await open_board(board.pk, cookie=cookie, audience="participants")


@pytest.fixture(params=[10, 500], ids=["10 ideas", "500 ideas"])
async def filled(request, board):
    """The board and the cookie of the guest who acts on it."""
    guest = await sync_to_async(board_of)(board, request.param)
    return board, await sync_to_async(guest_cookie)(guest)


def listed(queries: list[str]) -> str:
    return "\n".join(sql[:200] for sql in queries)


async def test_a_connect(filled, counted_queries):
    board, cookie = filled
    with counted_queries.counting() as queries:
        socket = await connected(board, cookie)
    assert len(queries) == CONNECT, listed(queries)
    await socket.disconnect()


async def test_a_resume(filled, counted_queries):
    board, cookie = filled
    socket = await connected(board, cookie)
    with counted_queries.counting() as queries:
        await socket.send_to(text_data=json.dumps({"action": "resume", "seq": 0}))
        assert "Het eerste idee van Anna" in await next_message(socket)
    assert len(queries) == RESUME, listed(queries)
    await socket.disconnect()


async def test_a_post(filled, counted_queries):
    board, cookie = filled
    prompt = await sync_to_async(lambda: board.prompts.first().pk)()
    socket = await connected(board, cookie)
    message = {
        "action": "post",
        "prompt": prompt,
        "text": "Een open podium",
        "client_msg_id": client_msg_id_new(),
    }
    with counted_queries.counting() as queries:
        await socket.send_to(text_data=json.dumps(message))
        answer = await next_message(socket)
        while '-form" class="idea-form"' not in answer:
            answer = await next_message(socket)
    assert len(queries) == POST, listed(queries)
    await socket.disconnect()


async def test_a_vote(filled, counted_queries):
    board, cookie = filled
    await sync_to_async(Board.objects.filter(pk=board.pk).update)(
        phase=Board.Phase.VOTE, votes_per_participant=3
    )
    idea = await sync_to_async(lambda: board.ideas.exclude(text__startswith="Het eerste").first().pk)()
    socket = await connected(board, cookie)
    with counted_queries.counting() as queries:
        await socket.send_to(text_data=json.dumps({"action": "vote", "idea": idea}))
        answer = await next_message(socket)
        while "-me" not in answer[:80]:
            answer = await next_message(socket)
    assert len(queries) == VOTE, listed(queries)
    await socket.disconnect()
