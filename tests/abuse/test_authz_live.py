"""Authorisation over the WebSocket path against a live daphne (#14): the permission matrices of the
boards and callouts tests (their tables, imported) run through real sockets, as a browser's would.

Who may open a board's socket and in which audience, who may post and vote over it, which pushes reach
whom (queued and hidden ideas only facilitators, the join code only the projector), and whose bell a
notification rings on the site socket. Every action that should push runs through the served app (an
HTTP request to daphne, or a socket message), so the pushes are the served process's own, as on the
embedded default. One daphne for the module.
"""

from __future__ import annotations

import re
import secrets

import pytest
from asgiref.sync import sync_to_async
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from boards import services
from boards.models import Board, Guest, Idea, Vote
from notifications.models import Notification
from tests.helpers.browsers import Browser
from tests.helpers.factories import maker, post
from tests.helpers.live import close_all, connect, ready
from tests.helpers.matrices import BOARD_ALLOWED as ALLOWED
from tests.helpers.matrices import BOARD_ROLES as ROLES
from tests.helpers.matrices import BOARD_WS_ALLOWED as WS_ALLOWED
from tests.helpers.matrices import BOARD_WS_POST_ALLOWED as WS_POST_ALLOWED
from tests.helpers.matrices import CALLOUT_ACTIONS as ACTIONS
from tests.helpers.matrices import CALLOUT_MATRIX as MATRIX
from tests.helpers.matrices import LOGIN, session_key_for, world  # noqa: F401  (world: the fixture)
from tests.helpers.waiting import until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_thread_connections"),
    pytest.mark.timeout(120),
]

STAY_AWAY = 4008
# Rows the HTTP matrix has no use for: people whose rights ended while their cookie lives on.
# And a projector link that was never issued (or was rotated away).
GONE = ["kicked_guest", "logged_out_member", "forged_projector_link"]


def gone_keys(matrix_world: dict) -> dict[str, str]:
    """A kicked guest's cookie, and the cookie of a member who has logged out."""
    plenary = matrix_world["board"]
    kicked = services.guest_join(meeting=plenary.meeting, code=plenary.meeting.join_code, display_name="Weg")
    services.guest_kick(guest=kicked, by=matrix_world["people"]["facilitator"])
    member = maker()
    key = session_key_for("member", {"member": member})
    SessionStore(session_key=key).delete()  # what logging out does to the session
    matrix_world["people"].update({"kicked_guest": kicked, "logged_out_member": member})
    return {
        "kicked_guest": session_key_for("kicked_guest", matrix_world["people"]),
        "logged_out_member": key,
        "forged_projector_link": None,
    }


async def test_board_socket_matrix_against_daphne(server, request):
    matrix_world = await sync_to_async(request.getfixturevalue)("world")
    plenary, idea = matrix_world["board"], matrix_world["idea"]
    keys = {role: await sync_to_async(session_key_for)(role, matrix_world["people"]) for role in ROLES}
    keys.update(await sync_to_async(gone_keys)(matrix_world))
    prompt = await sync_to_async(lambda: plenary.prompts.first().pk)()
    roles = ROLES + GONE

    sockets = {}
    tokens = {"projector_link": plenary.projector_token, "forged_projector_link": secrets.token_urlsafe(16)}
    for role in roles:
        query = f"?t={tokens[role]}" if role in tokens else ""
        sockets[role] = await connect(server, f"/ws/boards/{plenary.pk}/{query}", role, keys[role])
    await ready(sockets.values())  # each answered, or closed before it could answer

    # Who may stay: the rest are accepted, then closed with 4008 (what a browser can show).
    closed = {role: sockets[role].close_code for role in roles}
    assert closed == {role: None if role in WS_ALLOWED else STAY_AWAY for role in roles}

    # Who may post over the socket (the plenary collects ideas).
    open_roles = [role for role in roles if role in WS_ALLOWED]
    for n, role in enumerate(open_roles):
        await sockets[role].send(
            action="post", text=f"Live {role}", prompt=prompt, client_msg_id=f"live{n:08d}", HEADERS={}
        )
    expected = {f"Live {role}" for role in open_roles if role in WS_POST_ALLOWED}
    await until(
        sync_to_async(
            lambda: (
                set(Idea.objects.filter(text__startswith="Live ").values_list("text", flat=True)) >= expected
            )
        ),
        8,
        "the allowed posts stored",
    )
    await ready(sockets[role] for role in open_roles)  # every post answered
    stored = set(
        await sync_to_async(
            lambda: list(Idea.objects.filter(text__startswith="Live ").values_list("text", flat=True))
        )()
    )
    assert stored == expected

    # Who may vote over the socket (the plenary in its vote phase).
    await sync_to_async(Board.objects.filter(pk=plenary.pk).update)(phase=Board.Phase.VOTE)
    for role in open_roles:
        await sockets[role].send(action="vote", idea=idea.pk)
    await ready(sockets[role] for role in open_roles)

    def voters() -> set[str]:
        votes = list(Vote.objects.filter(idea=idea))
        names = set()
        for role, person in matrix_world["people"].items():
            if any(
                v.voter_guest_id == person.pk if isinstance(person, Guest) else v.voter_user_id == person.pk
                for v in votes
            ):
                names.add(role)
        return names | ({"?"} if len(votes) > len(names) else set())

    assert await sync_to_async(voters)() == {role for role in open_roles if role in ALLOWED["vote"]}
    assert all(sockets[role].close_code is None for role in open_roles)
    await close_all(sockets.values())


async def test_pushes_reach_only_their_audience_against_daphne(server, request):
    matrix_world = await sync_to_async(request.getfixturevalue)("world")
    plenary, people = matrix_world["board"], matrix_world["people"]
    plenary_meeting = await sync_to_async(lambda: plenary.meeting)()
    await sync_to_async(Board.objects.filter(pk=plenary.pk).update)(moderated=True)
    poster = await sync_to_async(services.guest_join)(
        meeting=plenary_meeting, code=plenary_meeting.join_code, display_name="Schrijver"
    )
    people["poster"] = poster
    keys = {role: await sync_to_async(session_key_for)(role, people) for role in [*ROLES, "poster"]}
    audiences = {
        "participants": ["guest", "member", "facilitator_of_another_board"],
        "projector": ["projector_link"],
        "facilitators": ["facilitator", "organiser"],
    }
    sockets = {}
    for role in [*sum(audiences.values(), []), "poster", "guest_of_another_session"]:
        query = f"?t={plenary.projector_token}" if role == "projector_link" else ""
        sockets[role] = await connect(server, f"/ws/boards/{plenary.pk}/{query}", role, keys[role])
    await ready(sockets.values())
    participants = [sockets[role] for role in audiences["participants"] + ["guest_of_another_session"]]
    projector = [sockets[role] for role in audiences["projector"]]
    facilitators = [sockets[role] for role in audiences["facilitators"]]
    marker = secrets.token_hex(4)

    # A queued idea (the plenary is moderated) reaches the facilitators only.
    prompt = await sync_to_async(lambda: plenary.prompts.first().pk)()
    await sockets["poster"].send(
        action="post", text=f"Wachtend {marker}", prompt=prompt, client_msg_id="queued000001"
    )
    await until(
        sync_to_async(lambda: Idea.objects.filter(text=f"Wachtend {marker}").exists()), 8, "the idea stored"
    )
    queued = await sync_to_async(Idea.objects.get)(text=f"Wachtend {marker}")
    # The post's pushes are published before its answer to the poster; after them, each socket's own
    # answer: what came before it is all there is.
    await sockets["poster"].ready()
    await until(
        lambda: all(f"Wachtend {marker}" in s.text() for s in facilitators), 8, "the facilitators' push"
    )
    await ready(participants + projector)
    assert all(f"Wachtend {marker}" in s.text() for s in facilitators)
    assert not any(f"Wachtend {marker}" in s.text() for s in participants + projector)

    # Approved (over HTTP, through daphne), it reaches everyone: the sockets above were listening.
    moderator = await sync_to_async(Browser(server).log_in)(people["facilitator"])
    page = plenary.get_absolute_url()
    await sync_to_async(moderator.post)(reverse("boards:idea_approve", args=[queued.pk]), {}, page)
    everyone = facilitators + projector + participants[:-1]
    await until(
        lambda: all(f"Wachtend {marker}" in s.text() for s in everyone), 8, "the approved idea's push"
    )
    for socket in facilitators + projector + participants[:-1]:
        assert f"Wachtend {marker}" in socket.text(), socket.name

    # Hidden, it leaves participants and the projector as an empty stub; facilitators keep it.
    before = {s.name: len(s.received) for s in participants + projector + facilitators}
    await sync_to_async(moderator.post)(reverse("boards:idea_hide", args=[queued.pk]), {}, page)

    def since_before(socket) -> str:
        return "\n".join(socket.received[before[socket.name] :])

    # The hide was published before the moderator's request was answered: the stub's arrival, then
    # each socket's answer, come after anything else it sent.
    await until(
        lambda: (
            all(f'<article id="idea-{queued.pk}" class="idea idea--gone"' in since_before(s)
                for s in participants[:-1] + projector)
            and all(f"Wachtend {marker}" in since_before(s) for s in facilitators)
        ),
        8,
        "the hidden idea's pushes",
    )  # fmt: skip
    await ready(participants[:-1] + projector)
    for socket in participants[:-1] + projector:
        after = "\n".join(socket.received[before[socket.name] :])
        assert re.search(rf'<article id="idea-{queued.pk}" class="idea idea--gone"', after), socket.name
        assert f"Wachtend {marker}" not in after, socket.name
    for socket in facilitators:
        assert f"Wachtend {marker}" in "\n".join(socket.received[before[socket.name] :]), socket.name

    # A new join code reaches the projector (and the facilitators), never a participant.
    await sync_to_async(moderator.post)(reverse("boards:join_code_rotate", args=[plenary.pk]), {}, page)
    await until(
        sync_to_async(
            lambda: (
                type(plenary_meeting).objects.get(pk=plenary_meeting.pk).join_code
                != plenary_meeting.join_code
            )
        ),
        8,
        "the join code rotated",
    )
    code = await sync_to_async(lambda: type(plenary_meeting).objects.get(pk=plenary_meeting.pk).join_code)()
    # Published before the request was answered: once the projector and the facilitators have it,
    # each other socket's answer comes after anything it was sent.
    await until(lambda: all(code in s.text() for s in projector + facilitators), 8, "the new code's push")
    await ready(participants + [sockets["poster"]])
    assert all(code in s.text() for s in projector + facilitators)
    assert not any(code in s.text() for s in participants + [sockets["poster"]])

    # A guest of another meeting heard nothing of this plenary at all.
    assert sockets["guest_of_another_session"].close_code == STAY_AWAY
    assert f"Wachtend {marker}" not in sockets["guest_of_another_session"].text()
    await close_all(sockets.values())


async def test_site_socket_feed_and_bell_follow_the_callouts_matrix(server):
    """The callouts matrix's "feed" row decides who may follow the live feed; a notification rings the
    bell of its recipient only (the "notifications" row: each member their own)."""
    author = await sync_to_async(maker)(disciplines=["muziek"])
    people = {
        "anonymous": None,
        "member": await sync_to_async(maker)(),
        "author": author,
        "organiser": await sync_to_async(lambda: maker(is_staff=True))(),
    }
    callout = await sync_to_async(post)(author, title="Gezocht: een decorbouwer")
    keys = {
        role: (await sync_to_async(session_key_for)("member", {"member": user}) if user else None)
        for role, user in people.items()
    }
    sockets = {role: await connect(server, "/ws/live/", role, keys[role]) for role in MATRIX}
    await ready(sockets.values())
    for socket in sockets.values():
        await socket.send(action="feed", query="")
    await ready(sockets.values())
    for role, socket in sockets.items():
        refused = "konden niet worden gebruikt voor live-updates" in socket.text()
        assert refused == (MATRIX[role]["feed"] == LOGIN), (role, socket.text()[-500:])

    # The member responds (over HTTP, through daphne): only the author's bell rings.
    before = {role: len(socket.received) for role, socket in sockets.items()}
    responder = await sync_to_async(Browser(server).log_in)(people["member"])
    method, url, data = ACTIONS["respond"]
    await sync_to_async(responder.post)(url.format(id=callout.pk), data, f"/oproepen/{callout.pk}/")
    await until(
        sync_to_async(lambda: Notification.objects.filter(recipient=author).exists()), 8, "the notification"
    )
    # The "+1" was published before the response was answered: once the author's bell rang, each
    # socket's answer comes after anything it was sent.
    await until(
        lambda: any('id="bell-add"' in m for m in sockets["author"].received[before["author"] :]),
        8,
        "the author's bell",
    )
    await ready(sockets.values())
    rang = {
        role for role, s in sockets.items() if any('id="bell-add"' in m for m in s.received[before[role] :])
    }
    assert rang == {"author"}
    assert all(socket.close_code is None for socket in sockets.values())
    await close_all(sockets.values())
