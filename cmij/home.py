"""What the home page shows: what is happening in the network for everyone, and above it, for a member,
what concerns them. Every part is a bounded read, so the page costs the same number of queries
however much the network holds (tests/cmij/test_home.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from agenda import selectors as agenda_selectors
from archive import selectors as archive_selectors
from boards import selectors as board_selectors
from callouts import selectors as callout_selectors
from notifications import selectors as notification_selectors
from profiles.references import Names
from profiles.roles import is_member
from teams import selectors as team_selectors

#: How many of each the home page shows; each part links to its full list.
EVENTS = 6
SUMMARIES = 3
MEMBER_ITEMS = 3


def happening(viewer: AbstractBaseUser | AnonymousUser) -> dict[str, Any]:
    """For everyone: the meeting going on now, the next ones, this week's agenda, the latest
    summaries and the current campaign."""
    live = board_selectors.meeting_live()
    upcoming = board_selectors.upcoming_meetings()
    if live is not None:
        upcoming = upcoming.exclude(pk=live.pk)
    events = list(agenda_selectors.this_week()[:EVENTS])
    for event in events:
        event.shown_makers = agenda_selectors.event_makers(event, viewer)
    summaries = list(archive_selectors.published_summaries()[:SUMMARIES])
    return {
        "live": live,
        "live_board": board_selectors.plenary_board(live) if live and is_member(viewer) else None,
        "upcoming": list(upcoming[:2]),
        "this_week": events,
        "summaries": summaries,
        # The members the summaries name, by reference (profiles/references.py): one query.
        "summary_names": Names.of(*(summary.text_html for summary in summaries)),
        "campaign": agenda_selectors.current_campaign(),
    }


def for_member(member: AbstractBaseUser | AnonymousUser) -> dict[str, Any]:
    """For a member: callouts in what they follow, their unread notifications, their teams'
    deadlines and the meetings they said they are coming to. Nothing for a visitor."""
    if not is_member(member):
        return {}
    return {
        "mine": True,
        "followed_callouts": list(callout_selectors.followed_callouts(member)[:MEMBER_ITEMS]),
        "unread": list(notification_selectors.unread(member)[:MEMBER_ITEMS]),
        "unread_count": notification_selectors.unread_count(member),
        "deadlines": list(team_selectors.deadlines_of(member)[:MEMBER_ITEMS]),
        "registrations": list(board_selectors.registrations_coming(member)[:MEMBER_ITEMS]),
    }
