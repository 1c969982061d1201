"""The board page a phone loads (#29): 500 ideas of 140 characters, its bytes, whose controls it
carries and its queries. Per-person controls are rendered for one's own ideas only."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from boards import rendering
from boards.identity import Participant
from boards.models import Board, Guest, Idea
from tests.helpers.clients import session_key

pytestmark = pytest.mark.django_db

TEXT = ("Meer podia voor jonge makers in de IJmond: elke maand een open avond in de bibliotheek, " * 2)[:140]
BUDGET = {"participants": 150 * 1024, "facilitators": 300 * 1024}


def fill(board: Board, count: int, mine: Guest, other: Guest) -> None:
    prompts = list(board.prompts.all())
    Idea.objects.bulk_create(
        Idea(board=board, prompt=prompts[n % len(prompts)], text=TEXT, client_msg_id=f"{board.pk}-{n:030d}",
             author_guest=mine if n < 3 else other, author_name=(mine if n < 3 else other).display_name)
        for n in range(Idea.objects.filter(board=board).count(), count)
    )  # fmt: skip


def guest_client(guest: Guest) -> Client:
    client = Client()
    client.cookies["sessionid"] = session_key(guest)
    return client


@pytest.fixture
def room(board, guest, facilitator):
    other = Guest.objects.create(meeting=board.meeting, display_name="Gast Bram")
    fac = Client()
    fac.force_login(facilitator)
    return board, guest, other, {"participants": guest_client(guest), "facilitators": fac}


def page(client: Client, board: Board) -> bytes:
    response = client.get(board.get_absolute_url())
    assert response.status_code == 200
    return response.content


def size_with_500_ideas(room, audience: str, phase: str) -> int:
    """The bytes of the board page with 500 ideas, for `audience` in `phase`."""
    board, mine, other, clients = room
    fill(board, 500, mine, other)
    Board.objects.filter(pk=board.pk).update(phase=phase, votes_per_participant=3)  # the default
    return len(page(clients[audience], board))


# Not met for a participant while voting (#29): each card then carries the vote button that works
# without JavaScript (about 100 bytes) and the count (about 45), 70 KB over 500 cards on top of the
# 150 KB the collect phase fills. strict: when it fits, this marker must go.
VOTING_OVER_BUDGET = pytest.mark.xfail(
    strict=True, reason="#29: a participant's page while voting is over 150 KB"
)


@pytest.mark.parametrize(
    ("audience", "phase"),
    [
        ("participants", "collect"),
        pytest.param("participants", "vote", marks=VOTING_OVER_BUDGET),
        ("facilitators", "collect"),
        ("facilitators", "vote"),
    ],
)
def test_the_board_page_with_500_ideas_fits_its_budget(room, phase, audience):
    size = size_with_500_ideas(room, audience, phase)
    assert size <= BUDGET[audience], f"{audience}, {phase}: {size / 1024:.1f} KB"


#: What the page reached (#29; from 894 and 706 KB for a participant, 1577 and 1598 KB for a
#: facilitator, when every card carried every control): a ceiling, so the weight cannot creep back.
#: With room for longer ids: on PostgreSQL a whole run's ideas share one sequence, and an id is in a
#: card up to five times (a facilitator's).
REACHED = {
    ("participants", "collect"): 150 * 1024,
    ("participants", "vote"): 225 * 1024,
    ("facilitators", "collect"): 285 * 1024,
    ("facilitators", "vote"): 300 * 1024,
}


@pytest.mark.parametrize("phase", ["collect", "vote"])
@pytest.mark.parametrize("audience", ["participants", "facilitators"])
def test_the_board_page_with_500_ideas_stays_as_light_as_it_became(room, phase, audience):
    size = size_with_500_ideas(room, audience, phase)
    assert size <= REACHED[audience, phase], f"{audience}, {phase}: {size / 1024:.1f} KB"


def test_own_controls_are_only_in_ones_own_cards(room):
    board, mine, other, clients = room
    fill(board, 20, mine, other)
    html = page(clients["participants"], board).decode()
    own = set(Idea.objects.filter(author_guest=mine).values_list("pk", flat=True))
    theirs = set(Idea.objects.filter(author_guest=other).values_list("pk", flat=True))
    edits = {int(pk) for pk in re.findall(r'action="/ideeen/(\d+)/bewerken/"', html)}
    deletes = {int(pk) for pk in re.findall(r'action="/ideeen/(\d+)/verwijderen/"', html)}
    # In my own cards, and once in my-state's template of them (its placeholder id); nobody else's.
    assert edits == deletes == own | {rendering.MINE_PLACEHOLDER}
    assert not edits & theirs
    # Without JavaScript: my card itself carries its controls, shown, with my idea's text to change.
    card = re.search(rf'<article id="idea-{min(own)}".*?</article>', html, re.S)[0]
    assert f'id="idea-edit-{min(own)}"' in card and TEXT in card.split("<textarea", 1)[1]
    assert 'data-in="collect" hidden' not in card
    # The other guest's page has no controls for my ideas.
    other_html = page(guest_client(other), board).decode()
    assert not {int(pk) for pk in re.findall(r"/ideeen/(\d+)/bewerken/", other_html)} & own


def test_ones_own_state_carries_one_template_per_kind_of_own_part_however_many_ideas(room):
    """A poster's answer holds their my-state: as small with thirty ideas of theirs as with three."""
    board, mine, other, _clients = room
    sizes = []
    for count in (3, 30):
        Idea.objects.filter(board=board).delete()
        fill(board, count, mine, other)
        Idea.objects.filter(board=board).update(author_guest=mine)
        state = rendering.render_my_state(board, Participant(guest=mine), "nl")
        assert state.count("<template ") == 1
        sizes.append(len(re.sub(r'data-own="[^"]*"', "", state)))  # all but the list of one's ideas
    assert sizes[0] == sizes[1]


def test_a_shared_push_of_a_card_carries_nobodys_controls(room):
    board, mine, other, _clients = room
    fill(board, 5, mine, other)
    idea = Idea.objects.filter(author_guest=mine).first()
    for audience in (rendering.PARTICIPANTS, rendering.FACILITATORS):
        card = rendering.render_idea_oob(idea.pk, audience, "nl")
        assert "/bewerken/" not in card and "/verwijderen/" not in card and "data-mine" not in card


@pytest.mark.parametrize("audience", ["participants", "facilitators"])
def test_the_board_page_makes_as_many_queries_for_500_ideas_as_for_50(room, audience):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    board, mine, other, clients = room
    Board.objects.filter(pk=board.pk).update(phase="vote", votes_per_participant=3)
    counts = []
    for total in (50, 500):
        fill(board, total, mine, other)
        with CaptureQueriesContext(connection) as queries:
            page(clients[audience], board)
        counts.append(len(queries))
    assert counts[0] == counts[1] > 0, counts
