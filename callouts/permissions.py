"""Who may do what with callouts: one function per decision, used by views, services and templates
(tests/callouts/test_views.py checks them as a matrix: anonymous, member, author, organiser)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from boards.permissions import is_organiser
from callouts.models import Callout, Event
from profiles.models import Profile
from profiles.permissions import can_view_profile, is_member

User = AbstractBaseUser | AnonymousUser | None


def can_read_feed(user: User) -> bool:
    """Callouts carry members' names: the feed and callouts are for members."""
    return is_member(user)


def can_view_callout(user: User, callout: Callout) -> bool:
    """Members read any callout, closed and expired ones too; a hidden one only its author and organisers."""
    if not is_member(user):
        return False
    if callout.is_hidden:
        return callout.author_id == user.pk or is_organiser(user)
    return True


def can_post_callout(user: User) -> bool:
    return is_member(user)


def can_change_callout(user: User, callout: Callout) -> bool:
    """Edit, close, renew and delete: the author's own."""
    return is_member(user) and callout.author_id == user.pk


def can_respond(user: User, callout: Callout) -> bool:
    """Start a thread: any member but the author, while the callout is in the feed."""
    return is_member(user) and callout.author_id != user.pk and callout.in_feed


def can_report(user: User, callout: Callout) -> bool:
    return is_member(user) and callout.author_id != user.pk and not callout.is_hidden


def can_hide(user: User) -> bool:
    return is_organiser(user)


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
