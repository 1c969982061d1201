"""Who may do what with the agenda's events and campaigns: one function per decision."""

from __future__ import annotations

from agenda.models import Event
from profiles.models import Profile
from profiles.permissions import can_view_profile
from profiles.roles import User, is_member, is_organiser

# --- the UIT-agenda ---------------------------------------------------------------------------------
# (tests/callouts/test_agenda.py checks these as a matrix: anonymous, member, submitter, organiser.)


def can_submit_event(user: User) -> bool:
    return is_member(user)


def can_review_events(user: User) -> bool:
    """The queue, approving and refusing: organisers."""
    return is_organiser(user)


def can_set_campaigns(user: User) -> bool:
    """Campaign tags are the organisers' (when approving or editing)."""
    return is_organiser(user)


def is_event_submitter(user: User, event: Event) -> bool:
    return is_member(user) and event.submitted_by_id is not None and event.submitted_by_id == user.pk


def can_view_event(user: User, event: Event) -> bool:
    """A published event (past and cancelled ones too) for everyone; a pending or refused one only
    for its submitter and the organisers."""
    return event.is_published or is_event_submitter(user, event) or is_organiser(user)


def can_edit_event(user: User, event: Event) -> bool:
    return is_event_submitter(user, event) or is_organiser(user)


def can_cancel_event(user: User, event: Event) -> bool:
    return can_edit_event(user, event) and not event.is_cancelled


def can_see_maker(viewer: User, profile: Profile) -> bool:
    """A maker is named where their profile may be seen: public profiles for everyone, every member's
    for members. Public pages show no non-public member."""
    return can_view_profile(viewer, profile)
