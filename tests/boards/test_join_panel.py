"""The projector's join panel (#24): the facilitator sizes it (auto, large, in the corner), stored on
the board; a join event carries it to every projector, and nobody else may change it."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from boards import rendering, services
from boards.events import Audience
from boards.models import Board, BoardEvent
from tests.helpers.clients import HTMX


def test_the_facilitator_sizes_the_join_panel_and_every_projector_hears_it(board, facilitator):
    assert board.join_panel == Board.JoinPanel.AUTO
    services.board_set_join_panel(board=board, by=facilitator, size="large")
    board.refresh_from_db()
    assert board.join_panel == "large"
    event = BoardEvent.objects.filter(board=board).latest("seq")
    assert (event.kind, event.audience) == ("join", Audience.PROJECTOR)
    pushed = rendering.EventRenderer(event.pk)(rendering.PROJECTOR, "nl")
    assert f'id="board-{board.pk}-join"' in pushed and 'data-size="large"' in pushed


def test_only_a_facilitator_sizes_the_join_panel_and_only_to_a_known_size(board, facilitator, member):
    with pytest.raises(PermissionDenied):
        services.board_set_join_panel(board=board, by=member, size="compact")
    with pytest.raises(ValidationError):
        services.board_set_join_panel(board=board, by=facilitator, size="huge")
    board.refresh_from_db()
    assert board.join_panel == "auto"


def test_the_join_panel_control_posts_from_the_facilitators_page(client, board, facilitator, member):
    client.force_login(facilitator)
    page = client.get(reverse("boards:board", args=[board.pk])).content.decode()
    assert reverse("boards:join_panel_set", args=[board.pk]) in page
    response = client.post(reverse("boards:join_panel_set", args=[board.pk]), {"size": "compact"}, **HTMX)
    assert response.status_code == 200
    board.refresh_from_db()
    assert board.join_panel == "compact"
    client.force_login(member)
    response = client.post(reverse("boards:join_panel_set", args=[board.pk]), {"size": "large"}, **HTMX)
    board.refresh_from_db()
    assert board.join_panel == "compact" and response.status_code in {403, 404}


def test_the_join_panel_control_says_which_size_is_chosen(client, board, facilitator):
    """The size chosen is pressed on the facilitator's page; cmij.js keeps it so from the pushed join
    panel's data-size (syncSwitches), as it does for the phase and the lock."""
    services.board_set_join_panel(board=board, by=facilitator, size="compact")
    client.force_login(facilitator)
    page = client.get(reverse("boards:board", args=[board.pk])).content.decode()
    pressed = re.findall(r'name="size" value="(\w+)" class="button--quiet" aria-pressed="true"', page)
    assert pressed == ["compact"]
    assert f'data-join-panel-switch="{board.pk}"' in page
    assert f'id="board-{board.pk}-join" class="join-panel" data-size="compact"' in page
