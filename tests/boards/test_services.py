"""Board services: every write locks the board, logs an event with the next seq, publishes after commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from boards import selectors, services
from boards.events import Audience
from boards.models import Board, BoardEvent, Idea, Meeting, Vote
from realtime import broadcast
from tests.helpers import factories
from tests.helpers.factories import MemberFactory, idea_on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


P, PR, F = Audience.PARTICIPANTS, Audience.PROJECTOR, Audience.FACILITATORS


def events(board):
    return list(BoardEvent.objects.filter(board=board).order_by("seq").values_list("seq", "audience", "kind"))


def test_a_meeting_gets_a_plenary_board_with_dutch_prompts(meeting, facilitator):
    board = meeting.boards.get()
    assert board.kind == Board.Kind.PLENARY
    assert list(board.prompts.values_list("title", flat=True)) == ["Ideeën", "Vragen", "Kansen"]
    assert list(board.facilitators.all()) == [facilitator]


def test_an_idea_is_stored_logged_and_published_after_commit(
    board, as_guest, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        idea = idea_on(board, as_guest)
    assert idea.status == Idea.Status.VISIBLE
    assert idea.author_name == "Gast Anna"
    assert events(board) == [(1, P, "idea")]
    assert len(callbacks) == 1  # the broadcast waits for the commit


def test_no_broadcast_after_a_rollback(board, as_guest, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            idea_on(board, as_guest)
            raise RuntimeError("something later failed")
    assert callbacks == []
    assert not Idea.objects.exists() and not BoardEvent.objects.exists()


def test_a_retried_post_with_the_same_client_msg_id_is_stored_once(board, as_guest):
    first, created = services.idea_create(
        board=board,
        participant=as_guest,
        prompt=board.prompts.first(),
        text="Eén keer",
        client_msg_id="abcdefgh1234",
    )
    again, created_again = services.idea_create(
        board=board,
        participant=as_guest,
        prompt=board.prompts.first(),
        text="Eén keer",
        client_msg_id="abcdefgh1234",
    )
    assert created and not created_again
    assert first.pk == again.pk
    assert Idea.objects.count() == 1 and BoardEvent.objects.count() == 1


def test_someone_else_cannot_claim_an_ideas_client_msg_id(board, as_guest, as_member):
    idea_on(board, as_guest, client_msg_id="sameid12345")
    with pytest.raises(PermissionDenied):
        idea_on(board, as_member, client_msg_id="sameid12345")


@pytest.mark.parametrize("text", ["", "   ", "x" * 281])
def test_empty_or_too_long_ideas_are_refused_and_nothing_is_stored(board, as_guest, text):
    with pytest.raises(ValidationError):
        idea_on(board, as_guest, text=text)
    assert not Idea.objects.exists() and not BoardEvent.objects.exists()


def test_posting_to_a_locked_board_or_outside_collect_is_refused(board, as_guest, facilitator):
    services.board_set_locked(board=board, by=facilitator, locked=True)
    with pytest.raises(ValidationError, match="op slot"):
        idea_on(board, as_guest)
    services.board_set_locked(board=board, by=facilitator, locked=False)
    services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.VOTE)
    with pytest.raises(ValidationError):
        idea_on(board, as_guest)
    assert not Idea.objects.exists()


def test_with_the_queue_on_an_idea_waits_and_only_facilitators_hear_of_it(board, as_guest, facilitator):
    services.board_update_settings(board=board, by=facilitator, moderated=True)
    idea = idea_on(board, as_guest)
    assert idea.status == Idea.Status.PENDING
    assert events(board)[-1] == (2, F, "idea")
    services.idea_moderate(idea=idea, by=facilitator, action="approve")
    assert events(board)[-1] == (3, P, "idea")
    idea.refresh_from_db()
    assert idea.status == Idea.Status.VISIBLE


def test_hiding_is_a_participant_event_but_editing_a_hidden_idea_is_not(board, as_guest, facilitator):
    idea = idea_on(board, as_guest)
    services.idea_moderate(idea=idea, by=facilitator, action="hide")
    assert events(board)[-1] == (2, P, "idea")  # it leaves the participants' boards
    services.idea_correct(idea=idea, by=facilitator, text="Gecorrigeerd")
    assert events(board)[-1] == (3, F, "idea")
    idea.refresh_from_db()
    assert idea.edited_by_facilitator


def test_prev_chains_per_audience(board, as_guest, facilitator):
    services.board_update_settings(board=board, by=facilitator, moderated=True)  # 1: P
    queued = idea_on(board, as_guest)  # 2: F
    services.join_code_rotate(meeting=board.meeting, by=facilitator)  # 3: PR
    services.idea_moderate(idea=queued, by=facilitator, action="approve")  # 4: P
    rows = {e.seq: e for e in BoardEvent.objects.filter(board=board)}
    assert (rows[4].prev_participants, rows[4].prev_projector, rows[4].prev_facilitators) == (1, 3, 3)
    assert (rows[3].prev_participants, rows[3].prev_projector, rows[3].prev_facilitators) == (None, 1, 2)
    assert (rows[2].prev_participants, rows[2].prev_projector, rows[2].prev_facilitators) == (None, None, 1)
    board.refresh_from_db()
    assert (board.last_seq_participants, board.last_seq_projector, board.last_seq) == (4, 4, 4)


def test_editing_and_deleting_your_own_idea_only_while_collecting(board, as_guest, as_member, facilitator):
    idea = idea_on(board, as_guest)
    with pytest.raises(PermissionDenied):
        services.idea_edit(idea=idea, participant=as_member, text="Niet van mij")
    services.idea_edit(idea=idea, participant=as_guest, text="Beter verwoord")
    idea.refresh_from_db()
    assert idea.text == "Beter verwoord"
    services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.DISCUSS)
    with pytest.raises(PermissionDenied):
        services.idea_delete(idea=idea, participant=as_guest)
    services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.COLLECT)
    services.idea_delete(idea=idea, participant=as_guest)
    assert not Idea.objects.exists()


def test_dot_voting_within_the_budget_and_unvote(board, as_guest, facilitator):
    ideas = [idea_on(board, as_guest, text=f"Idee {n}") for n in range(4)]
    services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.VOTE)
    for idea in ideas[:3]:
        services.idea_vote(idea=idea, participant=as_guest)
    assert selectors.votes_left(board=board, participant=as_guest) == 0
    with pytest.raises(ValidationError, match="al je stemmen"):
        services.idea_vote(idea=ideas[3], participant=as_guest)
    services.idea_unvote(idea=ideas[0], participant=as_guest)
    with pytest.raises(ValidationError, match="al op dit idee gestemd"):
        services.idea_vote(idea=ideas[1], participant=as_guest)
    assert selectors.votes_left(board=board, participant=as_guest) == 1
    services.idea_vote(idea=ideas[3], participant=as_guest)
    assert [Idea.objects.get(pk=i.pk).vote_count for i in ideas] == [0, 1, 1, 1]


def test_voting_only_in_the_vote_phase_and_not_when_voting_is_off(board, as_guest, facilitator):
    idea = idea_on(board, as_guest)
    with pytest.raises(ValidationError):
        services.idea_vote(idea=idea, participant=as_guest)
    services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.VOTE)
    services.board_update_settings(board=board, by=facilitator, votes_per_participant=0)
    with pytest.raises(ValidationError):
        services.idea_vote(idea=idea, participant=as_guest)
    assert not Vote.objects.exists()


def test_merging_combines_votes_and_keeps_the_merged_ideas_inside(board, as_guest, as_member, facilitator):
    a, b = idea_on(board, as_guest, text="Samen een agenda"), idea_on(board, as_member, text="Eén UIT-agenda")
    services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.VOTE)
    services.idea_vote(idea=a, participant=as_guest)
    services.idea_vote(idea=b, participant=as_member)
    services.idea_vote(idea=b, participant=as_guest)
    target = services.ideas_merge(target=a, others=[b], by=facilitator)
    assert target.vote_count == 3
    b.refresh_from_db()
    assert b.merged_into_id == a.pk and b.vote_count == 0
    assert list(target.merged.all()) == [b]


def test_only_moderators_moderate(board, as_guest, member, organiser):
    idea = idea_on(board, as_guest)
    with pytest.raises(PermissionDenied):
        services.idea_moderate(idea=idea, by=member, action="hide")
    services.idea_moderate(idea=idea, by=organiser, action="hide")  # organisers may moderate any board
    idea.refresh_from_db()
    assert idea.status == Idea.Status.HIDDEN


def test_a_facilitator_of_another_board_cannot_moderate_this_one(board, breakout, as_guest, organiser):
    other = MemberFactory()
    breakout.facilitators.add(other)
    idea = idea_on(board, as_guest)
    with pytest.raises(PermissionDenied):
        services.idea_moderate(idea=idea, by=other, action="hide")


def test_the_timer_is_an_end_time(board, facilitator):
    services.timer_start(board=board, by=facilitator, seconds=300)
    board.refresh_from_db()
    assert board.timer_ends_at is not None
    assert events(board)[-1][2] == "timer"
    with pytest.raises(ValidationError):
        services.timer_start(board=board, by=facilitator, seconds=0)


def test_a_guest_joins_with_the_code_in_any_case_and_spacing(meeting):
    code = meeting.join_code
    spaced = f"{code[:5].lower()} {code[5:]}"
    guest = services.guest_join(meeting=meeting, code=spaced, display_name="  Pim  ")
    assert guest.display_name == "Pim" and guest.meeting == meeting


def test_a_wrong_or_closed_code_is_refused(meeting, facilitator):
    with pytest.raises(ValidationError):
        services.guest_join(meeting=meeting, code="WRONGCODE9", display_name="Pim")
    services.joining_set_open(meeting=meeting, by=facilitator, open=False)
    with pytest.raises(ValidationError):
        services.guest_join(meeting=meeting, code=meeting.join_code, display_name="Pim")


def test_rotating_the_code_keeps_guests_who_joined(meeting, guest, facilitator):
    old = meeting.join_code
    new = services.join_code_rotate(meeting=meeting, by=facilitator)
    assert new != old and len(new) >= 8
    guest.refresh_from_db()
    assert not guest.kicked
    with pytest.raises(ValidationError):
        services.guest_join(meeting=meeting, code=old, display_name="Te laat")
    assert BoardEvent.objects.filter(kind="join", audience=PR).exists()


def test_a_join_code_admits_at_most_the_ceiling_of_guests(meeting, settings):
    settings.CMIJ_MAX_GUESTS_PER_SESSION = 2
    for name in ("Een", "Twee"):
        services.guest_join(meeting=meeting, code=meeting.join_code, display_name=name)
    with pytest.raises(ValidationError, match="vol"):
        services.guest_join(meeting=meeting, code=meeting.join_code, display_name="Drie")


def test_a_push_that_fails_after_commit_does_not_fail_the_post(
    board, as_guest, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """Pushes are hints: with Redis away the idea is still stored, and phones resume from the log."""

    def redis_away(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(broadcast, "publish_board", redis_away)
    with django_capture_on_commit_callbacks(execute=True):
        idea = idea_on(board, as_guest)
    assert Idea.objects.filter(pk=idea.pk).exists()
    assert "Connection refused" in caplog.text


@pytest.mark.parametrize("audience", ["participants", "facilitators"])
def test_a_replay_costs_the_same_queries_for_10_events_as_for_60(board, as_guest, audience):
    """A replay runs on the process's one thread for sync work: per-event queries would hold up
    every post and resume through that process (fault drill 4)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from boards import sockets

    access = sockets.BoardAccess(board_id=board.pk, audience=audience)
    counts = []
    for total in (10, 60):
        while BoardEvent.objects.filter(board=board).count() < total:
            idea_on(board, as_guest, text=f"Idee {BoardEvent.objects.count()}")
        with CaptureQueriesContext(connection) as queries:
            fragments = sockets.replay(access=access, since=0, language="nl")
        assert len(fragments) == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_sessions_of_the_same_title_and_day_get_the_next_free_address_in_one_query(
    django_assert_num_queries,
):
    organiser = factories.organiser()
    start = timezone.now() + timedelta(days=7)
    slugs = [factories.meeting(by=organiser, title="Open avond", starts_at=start).slug for _n in range(4)]
    base = f"{start:%Y-%m-%d}-open-avond"
    assert slugs == [base, f"{base}-2", f"{base}-3", f"{base}-4"]
    Meeting.objects.filter(slug=f"{base}-2").delete()
    with django_assert_num_queries(1):
        assert services.meeting_slug_new("Open avond", start) == f"{base}-2"
