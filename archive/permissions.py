"""Who may do what with summaries, topics and proposals: one function per decision, used by views and
templates alike."""

from __future__ import annotations

from archive.models import Summary, TopicProposal
from boards.models import Meeting
from boards.permissions import is_meeting_facilitator
from profiles.roles import User, is_member, is_organiser


def can_edit_summary(user: User, meeting: Meeting) -> bool:
    """Draft, edit, publish and unpublish a meeting's summary: its facilitators and organisers."""
    return is_organiser(user) or is_meeting_facilitator(user, meeting)


def can_view_summary(user: User, summary: Summary) -> bool:
    """A published summary is public; a draft only for those who may edit it."""
    return summary.is_published or can_edit_summary(user, summary.meeting)


def can_create_topic(user: User, meeting: Meeting) -> bool:
    """New topics are made while editing a summary: by the meeting's facilitators and organisers."""
    return can_edit_summary(user, meeting)


def can_see_members_timeline(user: User) -> bool:
    """On a topic page, the ideas, callouts and team pages (they carry members' words) are for members."""
    return is_member(user)


def can_propose_topic(user: User) -> bool:
    """ "Zet weer op de agenda": members; guests have no account and anonymous visitors log in first."""
    return is_member(user)


def can_support_proposal(user: User, proposal: TopicProposal) -> bool:
    """Members support an open proposal (not yet on a programme)."""
    return is_member(user) and proposal.meeting_id is None


def can_schedule_proposal(user: User) -> bool:
    """Putting a proposed topic on a meeting's programme is the organisers' planning."""
    return is_organiser(user)
