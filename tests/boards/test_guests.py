"""The facilitators' guest list (#24): live for facilitators only, coalesced, and removing a guest
for good: that browser cannot join the meeting again, even with a new session; "remove and give the
room a new code" for someone who would come back from another device."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse

from boards import services
from boards.identity import JOINED_COOKIE
from boards.models import Board, BoardEvent, Guest
from realtime import broadcast, names
from realtime.broadcast import HintCoalescer
from tests.helpers import factories
from tests.helpers.clients import HTMX, client_for, guest_cookie, member_cookie, sent_to_log_in
from tests.helpers.clocks import Clock, Timers
from tests.helpers.sockets import closed_with, next_message, nothing_more, open_board

REMOVED = "Je bent uit deze bijeenkomst verwijderd"


def join(client, meeting, name: str, code: str | None = None):
    return client.post(reverse("boards:join"), {"code": code or meeting.join_code, "display_name": name})


# --- the guest list, coalesced, for facilitators -------------------------------------------------


@pytest.fixture
def hints(monkeypatch):
    """The process's hint coalescer on a clock and timers the test moves; what it publishes, listed."""
    clock, timers, sent = Clock(), Timers(), []
    monkeypatch.setattr(broadcast, "hints", HintCoalescer(1.0, clock=clock, timer=timers))
    monkeypatch.setattr(broadcast, "topics_in_use", lambda topics: set(topics))
    monkeypatch.setattr(broadcast, "publish_from_sync", lambda topic, text, **_: sent.append((topic, text)))
    return timers, sent


def test_a_room_joining_at_once_makes_two_hints_per_board_not_one_per_phone(
    meeting, board, breakout, hints, django_capture_on_commit_callbacks
):
    timers, sent = hints
    topics = {names.board_guests(board.pk), names.board_guests(breakout.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(40):  # forty phones join within the same second
            services.guest_join(meeting=meeting, code=meeting.join_code, display_name=f"Gast {n}")
    assert sorted(topic for topic, _text in sent) == sorted(topics)  # the first, at once
    timers.fire_all()  # the end of the window: the other 39 joins as one hint
    assert len(sent) == 4 and {topic for topic, _text in sent} == topics
    # Only ever a hint to fetch the list (no names ride in it), and only on the facilitators' topics.
    hint = dict(sent)[names.board_guests(board.pk)]
    assert hint.startswith('<div id="live-refetch"') and "Gast" not in hint
    assert f'data-url="{reverse("boards:guest_list", args=[board.pk])}"' in hint


def test_a_removal_hints_the_facilitators_too(
    meeting, board, guest, facilitator, hints, django_capture_on_commit_callbacks
):
    _timers, sent = hints
    with django_capture_on_commit_callbacks(execute=True):
        services.guest_kick(guest=guest, by=facilitator)
    assert [topic for topic, _text in sent] == [names.board_guests(board.pk)]


def test_the_guest_list_is_for_the_boards_facilitators_only(board, guest, facilitator, member):
    url = reverse("boards:guest_list", args=[board.pk])
    answer = client_for(facilitator).get(url, **HTMX)
    html = answer.content.decode()
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    # The list and its count, each swapped in by id: the panels around them stay as they are.
    assert f'<span id="board-{board.pk}-guest-count" hx-swap-oob="true">1</span>' in html
    assert f'id="board-{board.pk}-guest-list"' in html and "Gast Anna" in html
    assert client_for(member).get(url).status_code == 403
    guest_client = client_for()
    join(guest_client, board.meeting, "Nieuwsgierig")
    assert sent_to_log_in(guest_client.get(url))  # a guest is a visitor on a facilitator's page
    assert sent_to_log_in(client_for().get(url))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("socket_origin")
async def test_the_hint_reaches_facilitator_sockets_and_never_participants(board, guest, facilitator):
    moderator = await open_board(
        board.pk, cookie=await sync_to_async(member_cookie)(facilitator), audience="facilitators"
    )
    participant = await open_board(
        board.pk, cookie=await sync_to_async(guest_cookie)(guest), audience="participants"
    )
    await sync_to_async(services.guest_join)(
        meeting=board.meeting, code=board.meeting.join_code, display_name="Late"
    )
    hint = await next_message(moderator)
    assert hint.startswith('<div id="live-refetch"') and reverse("boards:guest_list", args=[board.pk]) in hint
    assert await nothing_more(participant, names.board_audience(board.pk, "participants", "nl"))
    await moderator.disconnect()
    await participant.disconnect()


# --- removing a guest ------------------------------------------------------------------------------


def test_a_removed_guests_browser_cannot_join_the_meeting_again_even_with_a_new_session(
    meeting, board, facilitator
):
    phone = client_for()
    assert join(phone, meeting, "Storend").status_code == 302
    assert JOINED_COOKIE in phone.cookies
    removed = Guest.objects.get(display_name="Storend")
    client_for(facilitator).post(reverse("boards:guest_kick", args=[board.pk]), {"guest": removed.pk}, **HTMX)

    phone.cookies.pop("sessionid")  # a new session: the session key changes, the marker stays
    answer = join(phone, meeting, "Iemand anders")
    assert answer.status_code == 200 and REMOVED in answer.content.decode()
    assert not Guest.objects.filter(display_name="Iemand anders").exists()
    assert phone.get(board.get_absolute_url()).status_code == 302  # not in: back to the join page

    # Another phone in the room joins; the removed browser may join another meeting.
    assert join(client_for(), meeting, "Buurvrouw").status_code == 302
    other = factories.meeting(title="Een andere avond")
    assert join(phone, other, "Storend").status_code == 302


def test_a_forged_or_foreign_marker_keeps_no_one_out(meeting, board, facilitator):
    removed = services.guest_join(meeting=meeting, code=meeting.join_code, display_name="Weg")
    services.guest_kick(guest=removed, by=facilitator)
    phone = client_for()
    phone.cookies[JOINED_COOKIE] = str(removed.pk)  # not signed by the site
    assert join(phone, meeting, "Nieuw").status_code == 302


def test_remove_and_give_the_room_a_new_code(meeting, board, facilitator):
    phone = client_for()
    join(phone, meeting, "Komt terug")
    removed = Guest.objects.get(display_name="Komt terug")
    stays = services.guest_join(meeting=meeting, code=meeting.join_code, display_name="Blijft")
    old_code = meeting.join_code
    events_before = BoardEvent.objects.filter(board=board, kind="join").count()

    answer = client_for(facilitator).post(
        reverse("boards:guest_kick", args=[board.pk]), {"guest": removed.pk, "new_code": "1"}, **HTMX
    )
    html = answer.content.decode()
    assert answer.status_code == 200 and answer["HX-Reswap"] == "none"
    assert f'<span id="board-{board.pk}-guest-count" hx-swap-oob="true">1</span>' in html
    assert "Blijft" in html and "Komt terug" not in html
    meeting.refresh_from_db()
    removed.refresh_from_db()
    stays.refresh_from_db()
    assert removed.kicked and not stays.kicked and meeting.join_code != old_code
    # The projector hears of the new code.
    assert BoardEvent.objects.filter(board=board, kind="join").count() == events_before + 1
    # From another device with the old code: no way in.
    assert "niet (meer) geldig" in join(client_for(), meeting, "Komt terug", code=old_code).content.decode()


def test_removing_without_a_new_code_keeps_the_code(meeting, board, guest, facilitator):
    old_code = meeting.join_code
    client_for(facilitator).post(reverse("boards:guest_kick", args=[board.pk]), {"guest": guest.pk}, **HTMX)
    meeting.refresh_from_db()
    guest.refresh_from_db()
    assert guest.kicked and meeting.join_code == old_code


def test_the_removal_asks_first_in_the_page(client, board, guest, facilitator):
    """A confirmation in the page (no dialog of the browser's): the two choices sit inside a folded
    question, so one tap on "remove" removes no one."""
    client.force_login(facilitator)
    html = client.get(board.get_absolute_url()).content.decode()
    question = html.index(f'id="guest-{guest.pk}-remove"')
    assert html.rindex("<details", 0, question) > html.rindex("</details>", 0, question)
    assert html.index("Ja, verwijderen", question) < html.index("</details>", question)
    assert html.index("Verwijderen en de zaal een nieuwe code geven", question) < html.index(
        "</details>", question
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("socket_origin")
async def test_a_guest_removed_with_a_new_code_is_closed_with_4008(board, guest, facilitator):
    socket = await open_board(
        board.pk, cookie=await sync_to_async(guest_cookie)(guest), audience="participants"
    )
    await sync_to_async(services.guest_kick)(guest=guest, by=facilitator, new_code=True)
    assert await closed_with(socket) == 4008


def test_the_facilitation_panel_comes_before_the_join_panel(client, board, facilitator):
    client.force_login(facilitator)
    html = client.get(board.get_absolute_url()).content.decode()
    assert html.index(f'id="board-{board.pk}-facilitate"') < html.index(f'id="board-{board.pk}-join"')
    assert Board.objects.get(pk=board.pk).phase == Board.Phase.COLLECT
