"""Guests are removed a set time after their meeting; their ideas and votes stay, nameless."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from boards import services, tasks
from boards.identity import Participant
from boards.models import Board, Guest
from tests.helpers.factories import idea_on

pytestmark = pytest.mark.django_db(transaction=True)


def test_creating_a_meeting_schedules_the_removal_of_its_guests(meeting, settings):
    result = DBTaskResult.objects.get(task_path="boards.tasks.guests_remove")
    assert result.run_after == meeting.ends_at + timedelta(days=settings.CMIJ_GUEST_RETENTION_DAYS)
    assert result.args_kwargs["kwargs"] == {"meeting_id": meeting.pk}


def test_guests_are_removed_after_the_retention_and_their_ideas_stay_nameless(
    meeting, board, guest, facilitator
):
    idea = idea_on(board, Participant(guest=guest), "Blijft staan", client_msg_id="staysafter01")
    services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.VOTE)
    services.idea_vote(idea=idea, participant=Participant(guest=guest))

    meeting.ends_at = timezone.now() - timedelta(days=30)
    meeting.starts_at = meeting.ends_at - timedelta(hours=2)
    meeting.save()
    assert tasks.guests_remove.call(meeting_id=meeting.pk) == 1

    idea.refresh_from_db()
    assert not Guest.objects.exists()
    assert idea.text == "Blijft staan" and idea.author_name == "" and idea.author_guest is None
    assert idea.vote_count == 1 and idea.votes.count() == 1


def test_a_removal_that_comes_too_early_waits_for_the_meetings_new_end(meeting, guest):
    DBTaskResult.objects.all().delete()
    assert tasks.guests_remove.call(meeting_id=meeting.pk) == 0
    assert Guest.objects.exists()
    assert DBTaskResult.objects.filter(task_path="boards.tasks.guests_remove").exists()


def test_the_worker_runs_due_removals(meeting, guest):
    meeting.ends_at = timezone.now() - timedelta(days=30)
    meeting.starts_at = meeting.ends_at - timedelta(hours=2)
    meeting.save()
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert not Guest.objects.exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_privacy_page_says_how_long_guests_are_kept(client, settings):
    settings.CMIJ_GUEST_RETENTION_DAYS = 7
    page = client.get("/privacy/").content.decode()
    assert "7 dagen" in page or "7 days" in page
