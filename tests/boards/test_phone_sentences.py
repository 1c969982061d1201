"""Plain sentences instead of a form that silently goes away (issue #24): the lock and each phase
said where the idea form would be, and pushed with the header; joining closed said as such, not as an
invalid code; a removed guest told why before the socket closes with 4008."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from boards import rendering, selectors, services
from boards.events import EventKind
from boards.models import Board, BoardEvent, Guest
from tests.helpers.clients import HTMX, guest_cookie
from tests.helpers.sockets import open_board

SAYS = {
    "locked": "De facilitator heeft dit bord op slot gezet",
    "vote": "Deze fase is om te stemmen",
    "discuss": "Deze fase is om de ideeën te lezen en te bespreken",
    "closed": "Dit bord is gesloten: je kunt de ideeën nog wel lezen.",
}


def page_of(client, board) -> str:
    return client.get(board.get_absolute_url()).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("phase", ["vote", "discuss", "closed"])
def test_each_phase_without_the_idea_form_says_what_it_is_for(client, board, member, facilitator, phase):
    client.force_login(member)
    assert 'data-say="' not in page_of(client, board)  # collecting: the form itself says it
    services.board_set_phase(board=board, by=facilitator, phase=phase)
    page = page_of(client, board)
    assert f'data-say="{phase}"' in page and SAYS[phase] in page
    others = set(SAYS) - {phase}
    assert not any(SAYS[other] in page for other in others)


@pytest.mark.django_db
def test_a_locked_board_says_it_is_locked_in_the_persons_language(client, board, member, facilitator):
    client.force_login(member)
    services.board_set_locked(board=board, by=facilitator, locked=True)
    assert SAYS["locked"] in page_of(client, board)
    client.cookies["django_language"] = "en"
    english = page_of(client, board)
    assert "The facilitator has locked this board: nothing can be added or changed for now." in english
    services.board_set_locked(board=board, by=facilitator, locked=False)
    assert 'data-say="' not in page_of(client, board)


@pytest.mark.django_db
def test_the_sentence_comes_live_with_the_header_for_participants_only(board, facilitator):
    services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.VOTE)
    event = BoardEvent.objects.filter(board=board, kind=EventKind.BOARD).latest("seq")
    pushed = rendering.render_event(event, rendering.PARTICIPANTS, "nl")
    header = pushed[pushed.index(f'id="board-{board.pk}-header"') :]
    assert 'data-say="vote"' in header[: header.index("</header>")]
    # The projector shows the room the board; facilitators switch the phase themselves.
    assert 'data-say="' not in rendering.render_event(event, rendering.PROJECTOR, "nl")
    assert 'data-say="' not in rendering.render_event(event, rendering.FACILITATORS, "nl")


@pytest.mark.django_db
def test_a_correct_code_of_a_meeting_closed_for_joining_says_joining_is_closed(client, meeting, facilitator):
    services.joining_set_open(meeting=meeting, by=facilitator, open=False)
    assert selectors.meeting_closed_for_code(meeting.join_code.lower()) == meeting
    assert selectors.meeting_closed_for_code("FOUTCODE99") is None
    response = client.post(reverse("boards:join"), {"code": meeting.join_code, "display_name": "Femke"})
    page = response.content.decode()
    assert "Meedoen met deze bijeenkomst is gesloten" in page
    assert "niet (meer) geldig" not in page
    assert not Guest.objects.exists()
    wrong = client.post(reverse("boards:join"), {"code": "FOUTCODE99", "display_name": "Femke"})
    assert "niet (meer) geldig" in wrong.content.decode()


@pytest.mark.django_db
def test_guest_join_refuses_a_closed_meeting_as_closed_not_as_a_wrong_code(meeting, facilitator):
    services.joining_set_open(meeting=meeting, by=facilitator, open=False)
    with translation.override("en"), pytest.raises(ValidationError) as closed:
        services.guest_join(meeting=meeting, code=meeting.join_code, display_name="Femke")
    assert closed.value.messages == [
        "Joining this session is closed. Ask the facilitator if you still want to take part."
    ]
    with pytest.raises(ValidationError) as wrong:
        services.guest_join(meeting=meeting, code="FOUTCODE99", display_name="Femke")
    assert "niet (meer) geldig" in wrong.value.messages[0]


@pytest.mark.django_db
def test_the_idea_form_has_a_region_for_a_failed_send_and_a_retry(client, board, member):
    client.force_login(member)
    response = client.post(
        reverse("boards:idea_create", args=[board.pk]),
        {"text": "", "prompt": board.prompts.first().pk, "client_msg_id": "clientid0001"},
        **HTMX,
    )
    form = response.content.decode()
    assert 'data-request-error role="alert"' in form and "data-retry hidden" in form


@pytest.mark.django_db
def test_a_retried_post_with_the_same_client_msg_id_is_stored_once(client, board, member):
    client.force_login(member)
    data = {
        "text": "Twee keer verstuurd",
        "prompt": board.prompts.first().pk,
        "client_msg_id": "clientid0002",
    }
    for _ in range(2):
        response = client.post(reverse("boards:idea_create", args=[board.pk]), data, **HTMX)
        assert "Je idee is toegevoegd." in response.content.decode()
    assert board.ideas.filter(text="Twee keer verstuurd").count() == 1


async def said_before_close(socket) -> tuple[list[str], int]:
    """What the socket was sent up to its close, and the close code."""
    said = []
    while True:
        output = await socket.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            return said, output["code"]
        said.append(output.get("text", ""))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("socket_origin")
async def test_a_removed_guest_is_told_why_in_their_language_before_the_4008(board, guest, facilitator):
    cookie = await sync_to_async(guest_cookie)(guest)
    socket = await open_board(board.pk, cookie=cookie, language="en", audience="participants")
    await sync_to_async(services.guest_kick)(guest=guest, by=facilitator)
    said, code = await said_before_close(socket)
    assert code == 4008
    why = next(text for text in said if text.startswith('<span id="live-why"'))
    assert 'data-why="removed"' in why and "You were removed from this session." in why


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("socket_origin")
async def test_a_refused_stranger_gets_no_reason_only_the_4008(board):
    socket = await open_board(board.pk, language="nl")
    said, code = await said_before_close(socket)
    assert code == 4008 and not any("live-why" in text for text in said)
