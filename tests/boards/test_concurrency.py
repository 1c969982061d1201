"""seq order is commit order, even when many phones post at once (SQLite here; PostgreSQL in pass 2)."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections

from boards import services
from boards.identity import Participant
from boards.models import BoardEvent, Idea

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_posts_get_unique_consecutive_seqs_in_commit_order(board, meeting):
    guests = [
        services.guest_join(meeting=meeting, code=meeting.join_code, display_name=f"Gast {n}")
        for n in range(8)
    ]
    prompt = board.prompts.first()
    errors: list[BaseException] = []
    start = threading.Barrier(len(guests))

    def poster(guest) -> None:
        try:
            start.wait()
            for n in range(5):
                services.idea_create(
                    board=board,
                    participant=Participant(guest=guest),
                    prompt=prompt,
                    text=f"{guest.display_name}: idee {n}",
                    client_msg_id=f"g{guest.pk}-n{n}-concurrent",
                )
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=poster, args=(guest,)) for guest in guests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    events = list(BoardEvent.objects.filter(board=board).order_by("seq"))
    assert [event.seq for event in events] == list(range(1, 41))
    assert [event.prev_participants for event in events] == list(range(0, 40))
    # Commit order: each event's idea was created no later than the next event's idea.
    ideas = {idea.pk: idea for idea in Idea.objects.filter(board=board)}
    created = [ideas[event.refs["ideas"][0]].created_at for event in events]
    assert created == sorted(created)
    board.refresh_from_db()
    assert board.last_seq == 40
