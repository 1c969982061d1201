"""The board socket: audiences, resume, per-person state, and the per-recipient path."""

from __future__ import annotations

import asyncio
import re
import threading

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from boards import rendering, services, sockets
from boards.events import read_seq_marker, split_events
from boards.identity import Participant
from boards.models import Board, Idea
from cmij.asgi import application
from realtime import names
from realtime.hub import get_hub
from realtime.presence import get_presence
from tests.helpers.clients import client_for, guest_cookie, member_cookie
from tests.helpers.factories import MemberFactory, idea_on
from tests.helpers.queries import queries_in_every_thread
from tests.helpers.sockets import (
    ORIGIN,
    closed_with,
    next_message,
    nothing_answered,
    nothing_more,
    open_board,
    registered,
)
from tests.helpers.waiting import until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("socket_origin")]
SEQ = re.compile(r'data-seq="(\d+)"')


def participants(board, language="nl") -> str:
    """The topic of the board's participants in `language`: where their pushes (and a sentinel) go."""
    return names.board_audience(board.pk, "participants", language)


async def participant_socket(board, guest, language="nl"):
    """`guest`'s socket on `board`, registered with the participants."""
    cookie = await sync_to_async(guest_cookie)(guest)
    return await open_board(board.pk, cookie=cookie, language=language, audience="participants")


async def facilitator_socket(board, user):
    """`user`'s socket on `board`, registered with the facilitators."""
    cookie = await sync_to_async(member_cookie)(user)
    return await open_board(board.pk, cookie=cookie, audience="facilitators")


async def test_a_new_idea_reaches_participants_with_its_seq(board, guest, as_guest):
    socket = await participant_socket(board, guest)
    await sync_to_async(idea_on)(board, as_guest, "Een gezamenlijke UIT-agenda")
    pushed = await next_message(socket)
    assert pushed.startswith(
        f'<div id="board-{board.pk}-seq" data-board="{board.pk}" data-seq="1" data-prev="0"'
    )
    assert "Een gezamenlijke UIT-agenda" in pushed
    await socket.disconnect()


async def test_a_stranger_is_accepted_then_closed_with_4008(board):
    communicator = WebsocketCommunicator(
        application, f"/ws/boards/{board.pk}/", headers=[(b"origin", ORIGIN.encode())]
    )
    connected, _ = await communicator.connect()
    assert connected  # accepted first, so the browser sees 4008 and not 1006
    assert await closed_with(communicator) == 4008


async def test_a_queued_idea_reaches_facilitators_only(board, guest, as_guest, facilitator):
    await sync_to_async(services.board_update_settings)(board=board, by=facilitator, moderated=True)
    participant = await participant_socket(board, guest)
    moderator = await facilitator_socket(board, facilitator)
    await sync_to_async(idea_on)(board, as_guest, "Nog even wachten")
    assert "Nog even wachten" in await next_message(moderator)
    assert await nothing_more(participant, participants(board))
    await participant.disconnect()
    await moderator.disconnect()


async def test_a_hidden_idea_leaves_participants_and_its_text_never_reaches_them(
    board, guest, as_guest, facilitator
):
    idea = await sync_to_async(idea_on)(board, as_guest, "Iets ongepasts")
    participant = await participant_socket(board, guest)
    await sync_to_async(services.idea_moderate)(idea=idea, by=facilitator, action="hide")
    pushed = await next_message(participant)
    assert f'id="idea-{idea.pk}"' in pushed and "hidden" in pushed
    assert "Iets ongepasts" not in pushed
    # Not in a replay either.
    await participant.send_json_to({"action": "resume", "seq": 0})
    replay = "".join([await next_message(participant) for _ in range(2)])
    assert "Iets ongepasts" not in replay
    await participant.disconnect()


async def test_the_join_code_never_reaches_a_participants_socket(board, guest, facilitator, meeting):
    participant = await participant_socket(board, guest)
    projector = await open_board(board.pk, query=f"?t={board.projector_token}", audience="projector")
    new_code = await sync_to_async(services.join_code_rotate)(meeting=meeting, by=facilitator)
    assert new_code in await next_message(projector)
    assert await nothing_more(participant, participants(board))
    await participant.send_json_to({"action": "resume", "seq": 0})
    assert await nothing_answered(participant)  # nothing the participants' stream missed
    await participant.disconnect()
    await projector.disconnect()


async def test_resume_replays_exactly_the_missed_events_of_the_audience(board, guest, as_guest, facilitator):
    await sync_to_async(services.board_update_settings)(board=board, by=facilitator, moderated=True)  # 1 P
    queued = await sync_to_async(idea_on)(board, as_guest, "In de wachtrij")  # 2 F
    await sync_to_async(services.idea_moderate)(idea=queued, by=facilitator, action="approve")  # 3 P
    await sync_to_async(idea_on)(board, as_guest, "Tweede")  # 4 F (queued)
    participant = await participant_socket(board, guest)
    await participant.send_json_to({"action": "resume", "seq": 1})
    replayed = await next_message(participant)
    assert SEQ.search(replayed).group(1) == "3"
    assert 'data-prev="1"' in replayed and "In de wachtrij" in replayed
    assert await nothing_answered(participant)  # 2 and 4 are for facilitators only
    await participant.disconnect()


async def test_a_large_gap_gets_a_snapshot(board, guest, as_guest, monkeypatch):
    monkeypatch.setattr(sockets, "REPLAY_LIMIT", 2)
    for n in range(4):
        await sync_to_async(idea_on)(board, as_guest, f"Idee {n}")
    participant = await participant_socket(board, guest)
    await participant.send_json_to({"action": "resume", "seq": 0})
    snapshot = await next_message(participant)
    assert 'data-snapshot="1"' in snapshot and 'data-seq="4"' in snapshot
    assert all(f"Idee {n}" in snapshot for n in range(4))
    await participant.disconnect()


async def test_a_post_over_the_socket_is_stored_once_per_client_msg_id(board, guest):
    participant = await participant_socket(board, guest)
    prompt = await sync_to_async(lambda: board.prompts.first().pk)()
    message = {
        "action": "post",
        "text": "Via de socket",
        "prompt": prompt,
        "client_msg_id": "retry1234567",
        "HEADERS": {},
    }
    await participant.send_json_to(message)
    await participant.send_json_to(message)
    # The push, and two answers, each the form and my state in one frame (in either order).
    frames = [await next_message(participant) for _ in range(3)]
    answers = [frame for frame in frames if f'id="board-{board.pk}-form"' in frame]
    assert len(answers) == 2 and all(f'id="board-{board.pk}-me"' in answer for answer in answers)
    assert await sync_to_async(Idea.objects.filter(client_msg_id="retry1234567").count)() == 1
    await participant.disconnect()


async def test_bad_posts_get_an_error_next_to_the_form_and_change_nothing(board, guest):
    participant = await participant_socket(board, guest)
    prompt = await sync_to_async(lambda: board.prompts.first().pk)()
    await participant.send_json_to(
        {"action": "post", "text": "x" * 500, "prompt": prompt, "client_msg_id": "toolong12345"}
    )
    reply = await next_message(participant)
    assert f'id="board-{board.pk}-form"' in reply and "280" in reply
    await participant.send_json_to({"action": "vote", "idea": "not a number"})
    assert "kon niet worden gelezen" in await next_message(participant)
    assert not await sync_to_async(Idea.objects.exists)()
    await participant.disconnect()


async def test_an_english_participant_gets_english_fragments(board, guest, as_guest, facilitator):
    idea = await sync_to_async(idea_on)(board, as_guest)
    await sync_to_async(services.board_set_phase)(board=board, by=facilitator, phase=Board.Phase.VOTE)
    english = await participant_socket(board, guest, language="en")
    dutch = await participant_socket(board, guest, language="nl")
    await sync_to_async(services.idea_vote)(idea=idea, participant=as_guest)
    assert "1 vote" in await next_message(english)
    assert "1 stem" in await next_message(dutch)
    await english.disconnect()
    await dutch.disconnect()


def without_the_idea_itself(fragment: str, idea: Idea) -> str:
    """A pushed idea with what is the idea's own (its id, its seq marker, its time) blanked."""
    fragment = re.sub(r'data-(seq|prev)="[^"]*"', r'data-\1=""', fragment)
    return re.sub(rf"(idea-|idea-edit-|/ideeen/|&quot;idea&quot;: ?){idea.pk}(?!\d)", r"\1#", fragment)


async def test_an_anonymous_boards_fragments_carry_no_author(board, guest, as_guest, facilitator, member):
    """The same idea by two authors is pushed as the same fragment, but for the idea's own id, seq
    and time: nothing in it (name, id) tells who wrote it."""
    await sync_to_async(services.board_update_settings)(board=board, by=facilitator, anonymous=True)
    other = await sync_to_async(MemberFactory)(display_name="Otto Ander")
    participant = await participant_socket(board, guest)
    pushed = []
    for author in (member, other):
        idea = await sync_to_async(idea_on)(board, Participant(user=author), "Anoniem idee")
        pushed.append(without_the_idea_itself(await next_message(participant), idea))
    name = await sync_to_async(lambda: member.profile.display_name)()
    assert "Anoniem idee" in pushed[0]
    assert name not in pushed[0] and "Otto Ander" not in pushed[1]
    assert pushed[0] == pushed[1]
    await participant.disconnect()


async def test_a_demoted_facilitator_stops_getting_facilitator_fragments_at_once(
    board, guest, as_guest, facilitator
):
    from realtime import control

    await sync_to_async(services.board_update_settings)(board=board, by=facilitator, moderated=True)
    moderator = await facilitator_socket(board, facilitator)
    await sync_to_async(board.facilitators.remove)(facilitator)
    await sync_to_async(control.recheck_roles)(names.moderators_group(board.pk))
    snapshot = await next_message(moderator)
    assert 'data-snapshot="1"' in snapshot and "board--facilitators" not in snapshot
    await registered(participants(board))
    await sync_to_async(idea_on)(board, as_guest, "Geheime wachtrij")
    # On the participants' topic now: a queued idea on the facilitators' would have come before.
    assert await nothing_more(moderator, participants(board))
    await moderator.disconnect()


async def test_a_kicked_guest_is_closed_with_4008(board, guest, facilitator):
    participant = await participant_socket(board, guest)
    await sync_to_async(services.guest_kick)(guest=guest, by=facilitator)
    assert await closed_with(participant) == 4008


async def test_a_push_to_200_sockets_makes_no_query_and_never_enters_dispatch(
    board, guest, as_guest, monkeypatch
):
    from realtime import consumers

    sockets_ = [await participant_socket(board, guest) for _ in range(200)]
    dispatched = []
    original = consumers.BoardConsumer.dispatch

    async def counting_dispatch(self, message):
        dispatched.append(message["type"])
        return await original(self, message)

    monkeypatch.setattr(consumers.BoardConsumer, "dispatch", counting_dispatch)
    hub = get_hub()
    topic = names.board_audience(board.pk, "participants", "nl")
    await registered(topic, 200)
    fragment = (
        f'<div id="board-{board.pk}-seq" data-board="{board.pk}" data-seq="1" data-prev="0" hidden></div>'
    )
    with queries_in_every_thread() as queries:  # any query, from any thread, while the hub writes
        delivered = await hub.deliver(topic, fragment)
    assert delivered == 200
    assert queries == []
    assert dispatched == []
    for socket in sockets_:
        assert "data-seq" in await next_message(socket)
    # Together: with Redis, a consumer whose count publish was coalesced away can take until the
    # communicator's one-second wait to finish after its disconnect (see the session note).
    await asyncio.gather(*(socket.disconnect() for socket in sockets_))


async def test_the_participant_count_follows_sockets_and_heartbeats(board, guest, settings):
    settings.CMIJ_PRESENCE_TTL = 0.5
    first = await participant_socket(board, guest)
    assert "1 aanwezig" in await first.receive_from(timeout=3)
    second = await participant_socket(board, guest)
    assert "2 aanwezig" in await second.receive_from(timeout=3)
    # A socket whose process died sends no heartbeat: it stops counting after the expiry.
    await get_presence().touch(board.pk, "a-socket-of-a-dead-process")

    async def all_expired() -> bool:  # no heartbeat yet: every entry lapses, the dead one (touched last) too
        return await get_presence().count(board.pk) == 0

    await until(all_expired, what="the presence entries to expire")
    await first.send_json_to({"action": "ack", "seq": 0})
    await second.send_json_to({"action": "ack", "seq": 0})
    counts = {await first.receive_from(timeout=3) for _ in range(2)}
    assert any("2 aanwezig" in text for text in counts)
    await second.disconnect()
    assert "1 aanwezig" in await first.receive_from(timeout=3)
    await first.disconnect()


async def test_a_socket_far_behind_its_acknowledgement_is_closed_with_4013(board, guest, as_guest, settings):
    settings.CMIJ_SOCKET_MAX_BEHIND = 2
    slow = await participant_socket(board, guest)
    await slow.send_json_to({"action": "ack", "seq": 1})
    await nothing_answered(slow)  # the ack is handled before the ideas come
    for n in range(4):  # seq 1..4: the fourth is 3 past the acknowledged 1
        await sync_to_async(idea_on)(board, as_guest, f"Snel achter elkaar {n}")
    assert await closed_with(slow) == 4013


async def test_a_message_the_hub_joined_counts_each_of_its_events_against_the_limit(
    board, guest, as_guest, settings
):
    """When its loop is behind, the in-process hub sends several board events in one message
    (realtime.hub.joined); a phone that does not read them is as far behind as if they had come one
    by one."""
    settings.CMIJ_SOCKET_MAX_BEHIND = 3
    events = []
    for n in range(3):
        await sync_to_async(idea_on)(board, as_guest, f"Samen in een bericht {n}")
    for event in await sync_to_async(list)(board.events.order_by("seq")):
        events.append(await sync_to_async(rendering.render_event)(event, "participants", "nl"))
    slow = await participant_socket(board, guest)
    await slow.send_json_to({"action": "ack", "seq": 0})
    await nothing_answered(slow)
    await get_hub().deliver(participants(board), "".join(events))  # three events, one message
    assert sockets.event_count(await next_message(slow)) == 3
    await sync_to_async(idea_on)(board, as_guest, "De vierde")  # 3 past the acknowledged seq
    assert await closed_with(slow) == 4013


async def test_a_phone_catching_up_from_far_behind_is_not_closed_for_the_distance(
    board, guest, as_guest, settings
):
    """What a resume replays is not counted as unread: a phone back from a long outage catches up
    instead of being closed again and again (found by fault drill 2)."""
    settings.CMIJ_SOCKET_MAX_BEHIND = 3
    for n in range(10):
        await sync_to_async(idea_on)(board, as_guest, f"Gemist {n}")
    phone = await participant_socket(board, guest)
    await phone.send_json_to({"action": "resume", "seq": 0})
    replayed = []
    while len(replayed) < 10:
        text = await phone.receive_from(timeout=3)
        if "Gemist" in text:
            replayed.append(text)
    await sync_to_async(idea_on)(board, as_guest, "Daarna")
    while "Daarna" not in (text := await phone.receive_from(timeout=3)):
        assert "-presence" in text[:60], text[:200]
    await phone.disconnect()


async def test_what_is_pushed_while_a_resume_is_answered_does_not_close_the_phone(
    board, guest, as_guest, settings, monkeypatch
):
    """A large board's snapshot takes a while to render, and the phone's acks wait behind its
    resume: the ideas pushed meanwhile are not held against it. Otherwise a phone back from an
    outage is closed with 4013, resumes, and is closed again for as long as the room posts (found
    by the Redis fault drill)."""
    settings.CMIJ_SOCKET_MAX_BEHIND = 3
    answering, go_on = threading.Event(), threading.Event()
    replay = sockets.replay

    def slow_replay(**kwargs):
        answering.set()
        go_on.wait(10)
        return replay(**kwargs)

    monkeypatch.setattr(sockets, "replay", slow_replay)
    phone = await participant_socket(board, guest)
    await phone.send_json_to({"action": "resume", "seq": 0})
    await until(answering.is_set, what="the resume being answered")
    for n in range(6):  # twice the limit, pushed while the resume renders
        await sync_to_async(idea_on)(board, as_guest, f"Tijdens het inhalen {n}")
    go_on.set()
    arrived = set()
    while len(arrived) < 6:
        arrived |= set(re.findall(r"Tijdens het inhalen \d", await phone.receive_from(timeout=3)))
    await sync_to_async(idea_on)(board, as_guest, "Daarna")
    # Still open (a close would end receive_from): the replay may repeat what was pushed meanwhile
    # (the page keeps one of each seq), then the next idea arrives.
    while "Daarna" not in await phone.receive_from(timeout=3):
        pass
    await phone.disconnect()


async def test_a_resume_is_answered_before_what_was_pushed_while_it_rendered(
    board, guest, as_guest, monkeypatch
):
    """A snapshot read before an idea came, sent after that idea's push, would take the phone's board
    back: the idea gone until the next post shows a gap (found by the Redis fault drill, where a
    phone applied 502 and 503, then a snapshot at 502). The pushes made meanwhile wait for it."""
    answering, go_on = threading.Event(), threading.Event()
    snapshot = sockets.snapshot

    def read_then_slow(**kwargs):
        fragments = snapshot(**kwargs)  # the board as it is now, before the ideas below
        answering.set()
        go_on.wait(10)
        return fragments

    monkeypatch.setattr(sockets, "snapshot", read_then_slow)
    phone = await participant_socket(board, guest)
    await phone.send_json_to({"action": "resume", "seq": 99})  # ahead of the board: a snapshot
    await until(answering.is_set, what="the snapshot read")
    for n in range(3):
        await sync_to_async(idea_on)(board, as_guest, f"Tijdens de snapshot {n}")
    go_on.set()
    events = []
    while len(events) < 4:
        for event in split_events(await phone.receive_from(timeout=3)):  # the hub may join pushes
            if marker := read_seq_marker(event):
                events.append((marker.seq, marker.snapshot))
    assert events == [(0, True), (1, False), (2, False), (3, False)]
    await phone.disconnect()


async def test_a_snapshot_too_large_for_one_message_is_fetched_over_http_instead(
    board, guest, as_guest, monkeypatch
):
    """Daphne refuses socket messages over 1 MiB: a large board's snapshot is a hint to fetch it
    over HTTP, where the board's own page answers ?snapshot=1 for this person's audience."""
    from django.test import AsyncClient

    from boards import sockets

    monkeypatch.setattr(sockets, "SNAPSHOT_MAX_BYTES", 200)
    await sync_to_async(idea_on)(board, as_guest, "Een idee dat de snapshot groot maakt")
    phone = await participant_socket(board, guest)
    await phone.send_json_to({"action": "resume", "seq": 99})  # ahead of the board: a snapshot
    while not (hint := await phone.receive_from(timeout=3)).startswith('<div id="live-refetch"'):
        assert "-presence" in hint[:60], hint[:200]
    url = re.search(r'data-url="([^"]+)"', hint).group(1)
    assert url == f"/borden/{board.pk}/?snapshot=1"
    client = AsyncClient()
    client.cookies["sessionid"] = (await sync_to_async(guest_cookie)(guest)).split("=", 1)[1]
    response = await client.get(url)
    body = response.content.decode()
    assert body.startswith(
        f'<div id="board-{board.pk}-seq" data-board="{board.pk}" data-seq="1" data-prev=""'
    )
    assert 'data-snapshot="1"' in body[:200]
    assert "Een idee dat de snapshot groot maakt" in body
    await phone.disconnect()


async def test_a_new_projector_link_closes_the_old_projectors(board, facilitator):
    projector = await open_board(board.pk, query=f"?t={board.projector_token}", audience="projector")
    await sync_to_async(services.projector_link_rotate)(board=board, by=facilitator)
    assert await closed_with(projector) == 4008


async def test_a_flood_over_several_sockets_of_one_person_is_limited(board, guest, monkeypatch):
    from realtime import consumers

    monkeypatch.setattr(consumers, "PER_PERSON_MESSAGES", 5)
    sockets_ = [await participant_socket(board, guest) for _ in range(3)]
    replies = []
    for n in range(9):  # three per socket: each socket alone stays under its own limit
        socket = sockets_[n % 3]
        await socket.send_json_to({"action": "ack", "seq": 0})
        await socket.send_json_to({"action": "resume", "seq": 999999})
        replies.append(await next_message(socket))
    assert any("Te veel berichten" in reply for reply in replies)
    for socket in sockets_:
        await socket.disconnect()


async def test_a_message_is_read_without_waiting_for_the_posts_queued_for_the_sync_thread(board, guest):
    """Before a message is read, channels' dispatch closed old database connections and the consumer
    counted it against its person's limit in Django's cache: four hops to the process's one thread
    for sync work, where the posts queue. A busy room held every ack, resume and post behind the
    posts four times before it was even read (docs/benchmarks.md). Both now happen on the loop."""
    phone = await participant_socket(board, guest)
    busy, release = threading.Event(), threading.Event()

    def a_long_post() -> None:
        busy.set()
        release.wait(10)

    holding = asyncio.ensure_future(sync_to_async(a_long_post, thread_sensitive=True)())
    await until(busy.is_set, what="the thread for sync work taken")
    try:
        await phone.send_json_to({"action": "resume", "seq": 999999})  # a snapshot, read off that thread
        marker = read_seq_marker(await next_message(phone))
        assert marker is not None and marker.snapshot
    finally:
        release.set()
        await holding
    await phone.disconnect()


async def test_each_event_is_rendered_once_per_audience_and_language_in_use(
    board, guest, as_guest, facilitator, monkeypatch
):
    from boards import rendering

    renders = []
    original = rendering.render_event

    def counting(event, audience, language, **read):
        renders.append((audience, language))
        return original(event, audience, language, **read)

    monkeypatch.setattr(rendering, "render_event", counting)
    dutch = [await participant_socket(board, guest) for _ in range(3)]
    english = await participant_socket(board, guest, language="en")
    moderator = await facilitator_socket(board, facilitator)
    await sync_to_async(idea_on)(board, as_guest, "Eén keer renderen")
    for socket in [*dutch, english, moderator]:
        assert "Eén keer renderen" in await next_message(socket)
    assert sorted(renders) == [("facilitators", "nl"), ("participants", "en"), ("participants", "nl")]
    for socket in [*dutch, english, moderator]:
        await socket.disconnect()


async def test_logging_out_closes_the_members_sockets_with_4008(board, member):
    client = await sync_to_async(client_for)(member)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    socket = await open_board(board.pk, cookie=cookie, audience="participants")
    await sync_to_async(client.post)("/accounts/logout/")
    assert await closed_with(socket) == 4008
