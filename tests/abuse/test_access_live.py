"""Access follows the person, over a live daphne (#28): when something about a person changes (they
log out, are deactivated, delete their account, lose a role, or, as a guest, are removed), every
socket they have follows at once: closed with 4008 (stay away), or moved to the audience they still
have. Every change is made through the served app (an HTTP request to daphne), as the person or an
organiser would make it, so the control messages are the served process's own, as on the embedded
default. One daphne for the module.

The matrix (socket, change: expected):

| socket | logout | deactivation | account deleted | role lost | guest removed |
|---|---|---|---|---|---|
| board, member participant | 4008 | 4008 | 4008 | - | - |
| board, guest participant | - | - | - | - | 4008 |
| board, facilitator | 4008 | 4008 | 4008 | moved to the participants | - |
| site, callout feed | 4008 | 4008 | 4008 | - | - |
| site, team page | 4008 | 4008 | 4008 | stays (team member lost) | - |

A guest has no account to log out of, deactivate or delete, and holds no role; the callout feed is
every member's, so no role gives or takes it; any member watches a team's page live (the hint carries
no content; what the page fetches is checked per request), so leaving the team keeps the watch.

After the close or the move has been handled (the close code, or the snapshot of the new audience),
content the person may no longer see is posted, then a marker the socket may still see: the marker
arrives and the content does not. No time windows.
"""

from __future__ import annotations

import secrets

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.urls import reverse

from boards import services as board_services
from boards.models import Board, Idea
from teams import services as team_services
from tests.helpers.browsers import Browser
from tests.helpers.factories import PASSWORD, idea_on, maker, meeting, organiser, team_of
from tests.helpers.live import close_all, connect, ready
from tests.helpers.matrices import session_key_for
from tests.helpers.waiting import until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_thread_connections"),
    pytest.mark.timeout(180),
]

STAY_AWAY = 4008
CHANGES = ["logout", "deactivation", "account deleted"]
MEMBER_SOCKETS = ["board, member participant", "board, facilitator", "site, callout feed", "site, team page"]


def setting() -> dict:
    """A meeting with a plenary and a breakout, an action team from one of its ideas, an organiser."""
    boss = organiser()
    session = meeting(by=boss, title="Netwerkavond")
    plenary = session.boards.get(kind=Board.Kind.PLENARY)
    breakout = board_services.board_create(meeting=session, by=boss, title="Werkplaats")
    team = team_of(idea_on(plenary, boss), by=boss)
    return {"boss": boss, "meeting": session, "plenary": plenary, "breakout": breakout, "team": team}


def person_in(world: dict) -> object:
    """A member who facilitates the breakout, takes part in the plenary and is in the team."""
    person = maker(password=PASSWORD)
    board_services.board_update(
        board=world["breakout"], by=world["boss"], title=world["breakout"].title, facilitators=[person]
    )
    team_services.team_join(team=world["team"], member=person)
    return person


async def member_sockets(server: str, world: dict, person) -> dict:
    """The person's four sockets: each subscribed as its page would be, and ready."""
    key = await sync_to_async(session_key_for)("member", {"member": person})
    sockets = {
        "board, member participant": await connect(
            server, f"/ws/boards/{world['plenary'].pk}/", "participant", key
        ),
        "board, facilitator": await connect(
            server, f"/ws/boards/{world['breakout'].pk}/", "facilitator", key
        ),
        "site, callout feed": await connect(server, "/ws/live/", "feed", key),
        "site, team page": await connect(server, "/ws/live/", "team", key),
    }
    await sockets["site, callout feed"].send(action="feed", query="")
    await sockets["site, team page"].send(action="team", team=world["team"].pk)
    await ready(sockets.values())
    assert 'data-subscribed="feed"' in sockets["site, callout feed"].text()
    assert 'data-subscribed="team"' in sockets["site, team page"].text()
    assert all(socket.close_code is None for socket in sockets.values())
    return sockets


def change(server: str, what: str, person, world: dict) -> None:
    """Make the change through the served app, as the person or an organiser does."""
    if what == "logout":
        Browser(server).log_in(person).post("/accounts/logout/", {}, "/")
    elif what == "deactivation":
        admin = Browser(server).log_in(world["boss"])
        changelist = reverse("admin:auth_user_changelist")
        admin.post(changelist, {"action": "deactivate", "_selected_action": person.pk, "index": 0})
    elif what == "account deleted":
        Browser(server).log_in(person).post(reverse("profiles:delete"), {"password": PASSWORD})
    else:
        raise ValueError(what)


@pytest.mark.parametrize("what", CHANGES)
async def test_every_socket_of_a_member_closes_when_the_member_logs_out_is_deactivated_or_leaves(
    server, what
):
    world = await sync_to_async(setting)()
    person = await sync_to_async(person_in)(world)
    sockets = await member_sockets(server, world, person)

    await sync_to_async(change)(server, what, person, world)

    for cell, socket in sockets.items():
        await until(lambda socket=socket: socket.close_code is not None, 15, f"{cell}: closed after {what}")
    assert {cell: socket.close_code for cell, socket in sockets.items()} == dict.fromkeys(
        MEMBER_SOCKETS, STAY_AWAY
    )
    if what != "logout":
        gone = await sync_to_async(
            lambda: not get_user_model().objects.filter(pk=person.pk, is_active=True).exists()
        )()
        assert gone
    await close_all(sockets.values())


async def test_a_removed_guests_socket_closes(server):
    world = await sync_to_async(setting)()
    board = world["plenary"]
    joined = await sync_to_async(lambda: Browser(server).join(world["meeting"].join_code, "Gast Anna"))()
    socket = await connect(server, f"/ws/boards/{board.pk}/", "guest", joined.session_id())
    await ready([socket])
    assert socket.close_code is None
    guest = await sync_to_async(lambda: world["meeting"].guests.get(display_name="Gast Anna"))()

    facilitator = await sync_to_async(Browser(server).log_in)(world["boss"])
    await sync_to_async(facilitator.post)(
        reverse("boards:guest_kick", args=[board.pk]), {"guest": guest.pk}, board.get_absolute_url()
    )

    await until(lambda: socket.close_code is not None, 15, "the guest's socket closed")
    assert socket.close_code == STAY_AWAY
    await close_all([socket])


async def test_a_facilitator_who_loses_the_role_is_moved_to_the_participants(server):
    world = await sync_to_async(setting)()
    person = await sync_to_async(person_in)(world)
    breakout = world["breakout"]
    await sync_to_async(Board.objects.filter(pk=breakout.pk).update)(moderated=True)
    key = await sync_to_async(session_key_for)("member", {"member": person})
    socket = await connect(server, f"/ws/boards/{breakout.pk}/", "facilitator", key)
    await ready([socket])

    # The organiser takes the role away (the breakout's form, through daphne).
    boss = await sync_to_async(Browser(server).log_in)(world["boss"])
    before = len(socket.received)
    await sync_to_async(boss.post)(
        reverse("boards:board_edit", args=[breakout.pk]),
        {f"board-{breakout.pk}-title": breakout.title},
        world["meeting"].get_absolute_url(),
    )
    await until(
        lambda: any('data-snapshot="1"' in message for message in socket.received[before:]),
        15,
        "the participants' snapshot",
    )
    assert socket.close_code is None

    # A queued idea (facilitators only), then an approved one (everyone): the second arrives, the
    # first does not.
    marker = secrets.token_hex(4)
    guest_browser = await sync_to_async(lambda: Browser(server).join(world["meeting"].join_code, "Gast"))()
    prompt = await sync_to_async(lambda: breakout.prompts.first().pk)()
    for text in (f"Wachtend {marker}", f"Goedgekeurd {marker}"):
        await sync_to_async(guest_browser.post)(
            reverse("boards:idea_create", args=[breakout.pk]),
            {"text": text, "prompt": prompt, "client_msg_id": secrets.token_hex(6)},
            breakout.get_absolute_url(),
        )
    approved = await sync_to_async(Idea.objects.get)(text=f"Goedgekeurd {marker}")
    await sync_to_async(boss.post)(
        reverse("boards:idea_approve", args=[approved.pk]), {}, breakout.get_absolute_url()
    )
    await until(lambda: f"Goedgekeurd {marker}" in socket.text(), 15, "the approved idea")
    await ready([socket])
    assert f"Wachtend {marker}" not in socket.text()
    assert socket.close_code is None
    await close_all([socket])


async def test_a_member_who_leaves_the_team_still_watches_its_page(server):
    world = await sync_to_async(setting)()
    person = await sync_to_async(person_in)(world)
    key = await sync_to_async(session_key_for)("member", {"member": person})
    socket = await connect(server, "/ws/live/", "team", key)
    team = world["team"]
    await socket.send(action="team", team=team.pk)
    await ready([socket])
    member = await sync_to_async(Browser(server).log_in)(person)
    await sync_to_async(member.post)(reverse("teams:team_leave", args=[team.pk]), {}, team.get_absolute_url())
    assert not await sync_to_async(team.memberships.filter(member=person).exists)()

    # The leave's own hint has come; the next change's hint is the marker.
    await until(lambda: socket.text().count(f'data-team="{team.pk}" data-url') == 2, 15, "the leave's hint")
    before = len(socket.received)
    newcomer = await sync_to_async(lambda: Browser(server).log_in(maker()))()
    await sync_to_async(newcomer.post)(
        reverse("teams:team_join", args=[team.pk]), {}, team.get_absolute_url()
    )
    assert await sync_to_async(team.memberships.count)() == 2  # the coordinator and the newcomer
    await until(
        lambda: any(f'data-team="{team.pk}"' in message for message in socket.received[before:]),
        15,
        "the team's hint",
    )
    assert socket.close_code is None
    await close_all([socket])
