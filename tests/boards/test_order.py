"""The order of a column's ideas (boards.selectors.display_key): pinned first, then the newest first
while collecting, the most votes first (ties: the older first) in vote, discuss and closed."""

from __future__ import annotations

import re

import pytest

from boards import rendering, selectors, services
from boards.models import Board, Idea
from tests.helpers import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(board, member):
    first = factories.idea_on(board, member, "Eerste")
    second = factories.idea_on(board, member, "Tweede")
    third = factories.idea_on(board, member, "Derde")
    Idea.objects.filter(pk=second.pk).update(vote_count=2)
    Idea.objects.filter(pk=third.pk).update(vote_count=2)
    Idea.objects.filter(pk=first.pk).update(vote_count=1)
    return first, second, third


def texts(board: Board) -> list[str]:
    return [idea.text for idea in selectors.in_display_order(Idea.objects.filter(board=board), board)]


def test_collect_shows_the_newest_first(board, three):
    assert texts(board) == ["Derde", "Tweede", "Eerste"]


@pytest.mark.parametrize("phase", ["vote", "discuss", "closed"])
def test_after_collect_the_most_votes_come_first_and_ties_keep_the_older_first(board, three, phase):
    board.phase = phase
    assert texts(board) == ["Tweede", "Derde", "Eerste"]


def test_a_pinned_idea_comes_first_in_every_phase(board, three, facilitator):
    services.idea_moderate(idea=three[0], by=facilitator, action="pin")
    assert texts(board)[0] == "Eerste"
    board.phase = "vote"
    assert texts(board)[0] == "Eerste"


def test_the_page_renders_columns_in_display_order_and_says_the_order(board, three):
    html = rendering.render_snapshot(Board.objects.get(pk=board.pk), rendering.PARTICIPANTS, "nl")
    assert 'data-order="newest"' in html
    ids = re.findall(r'<article id="idea-(\d+)"', html)
    assert ids == [str(three[2].pk), str(three[1].pk), str(three[0].pk)]
    assert f'<article id="idea-{three[2].pk}" class="idea" data-votes="2"' in html
    assert f'<article id="idea-{three[0].pk}" class="idea" data-votes="1"' in html


def test_while_collecting_a_card_says_its_votes_only_when_it_has_some(board, three):
    """Nobody votes while the board collects: "0 votes" on every card would be noise. Votes cast
    before (the board went back to collecting) still show; in vote, discuss and closed every card
    says its count, none included."""
    first, second, _third = three
    Idea.objects.filter(pk=first.pk).update(vote_count=0)

    def card(idea: Idea) -> str:
        html = rendering.render_snapshot(Board.objects.get(pk=board.pk), rendering.PARTICIPANTS, "en")
        return html[html.index(f'id="idea-{idea.pk}"') :].split("</article>", 1)[0]

    assert "vote" not in card(first) and "2 votes" in card(second)
    Board.objects.filter(pk=board.pk).update(phase="vote")
    assert "0 votes" in card(first) and "2 votes" in card(second)
