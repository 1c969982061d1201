"""The end of a meeting in one action (#24): its facilitators close every board and land in the
summary's draft; "draft the summary" shows only when it can be done, else what is still open."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from archive import services as archive_services
from archive.models import Summary
from boards import permissions
from boards import services as board_services
from boards.models import Board, BoardEvent
from tests.helpers import factories
from tests.helpers.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def breakout_facilitator(meeting, organiser):
    """A facilitator of one breakout only."""
    user = factories.MemberFactory(display_name="Bram Breakout")
    board_services.board_create(meeting=meeting, by=organiser, title="Werkplaatsen", facilitators=[user])
    return user


def phases(meeting) -> list[str]:
    return list(meeting.boards.order_by("position").values_list("phase", flat=True))


def test_who_may_close_a_whole_meeting(meeting, organiser, facilitator, breakout_facilitator, member):
    assert permissions.can_close_meeting(organiser, meeting)
    assert permissions.can_close_meeting(facilitator, meeting)
    assert not permissions.can_close_meeting(breakout_facilitator, meeting)  # one board is theirs
    assert not permissions.can_close_meeting(member, meeting)
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can_close_meeting(AnonymousUser(), meeting)


def test_one_action_closes_every_board_and_opens_the_draft(meeting, board, breakout, facilitator, organiser):
    board_services.board_set_phase(board=breakout, by=organiser, phase=Board.Phase.VOTE)
    client = client_for(facilitator)
    answer = client.post(reverse("archive:meeting_close", args=[meeting.slug]))
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "archive:summary_edit", args=[meeting.slug]
    )
    assert phases(meeting) == [Board.Phase.CLOSED, Board.Phase.CLOSED]
    # Each board's screens follow: a board event each, after which the board is closed.
    for each in (board, breakout):
        assert BoardEvent.objects.filter(board=each, kind="board").order_by("-seq").first() is not None
    assert Summary.objects.filter(meeting=meeting).exists()
    assert "Alle borden zijn gesloten" in client.get(answer["Location"]).content.decode()


def test_those_who_may_not_close_the_meeting_change_nothing(meeting, breakout, breakout_facilitator, member):
    for user in (breakout_facilitator, member):
        answer = client_for(user).post(reverse("archive:meeting_close", args=[meeting.slug]))
        assert answer.status_code in (302, 403)
        assert answer.status_code == 403 or "verslag" not in answer["Location"]
    assert Board.Phase.CLOSED not in phases(meeting)
    assert not Summary.objects.exists()
    with pytest.raises(PermissionDenied):
        archive_services.meeting_close_and_draft(meeting=meeting, by=breakout_facilitator)


def test_an_existing_draft_is_kept_when_the_meeting_is_closed_again(meeting, facilitator):
    first = archive_services.meeting_close_and_draft(meeting=meeting, by=facilitator)
    Summary.objects.filter(pk=first.pk).update(text="Al bewerkt.")
    again = archive_services.meeting_close_and_draft(meeting=meeting, by=facilitator)
    assert again.pk == first.pk and again.text == "Al bewerkt."


def test_draft_the_summary_shows_only_when_it_can_be_done(
    meeting, board, breakout, facilitator, breakout_facilitator, organiser
):
    draft_form = f'action="{reverse("archive:summary_draft", args=[meeting.slug])}"'
    close_form = f'action="{reverse("archive:meeting_close", args=[meeting.slug])}"'

    # Boards open: no "draft" button; what is missing is named; the meeting's facilitator may close all.
    html = client_for(facilitator).get(meeting.get_absolute_url()).content.decode()
    assert draft_form not in html and close_form in html
    assert "Nog open:" in html and board.title in html and breakout.title in html
    assert "Alle borden sluiten en verslag opstellen" in html
    # A breakout's facilitator sees what is missing, and no button for what they may not do.
    html = client_for(breakout_facilitator).get(meeting.get_absolute_url()).content.decode()
    assert draft_form not in html and close_form not in html and "Nog open:" in html
    # The summary page before the draft says the same.
    html = client_for(facilitator).get(reverse("archive:summary_edit", args=[meeting.slug])).content.decode()
    assert draft_form not in html and close_form in html

    for each in meeting.boards.all():
        board_services.board_set_phase(board=each, by=organiser, phase=Board.Phase.CLOSED)
    html = client_for(facilitator).get(meeting.get_absolute_url()).content.decode()
    assert draft_form in html and close_form not in html and "Nog open:" not in html
    html = client_for(breakout_facilitator).get(meeting.get_absolute_url()).content.decode()
    assert draft_form in html
