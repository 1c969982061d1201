"""Who may do what with callouts: one function per decision, used by views, services and templates
(tests/callouts/test_views.py checks them as a matrix: anonymous, member, author, organiser)."""

from __future__ import annotations

from callouts.models import Callout
from profiles.roles import User, is_member, is_organiser


def can_read_feed(user: User) -> bool:
    """Callouts carry members' names: the feed and callouts are for members."""
    return is_member(user)


def can_view_callout(user: User, callout: Callout) -> bool:
    """Members read any callout, closed and expired ones too; a hidden one, or one waiting for an
    organiser, only its author and organisers."""
    if not is_member(user):
        return False
    if callout.is_hidden or callout.is_held:
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
    return is_member(user) and callout.author_id != user.pk and not callout.is_hidden and not callout.is_held


def can_approve(user: User) -> bool:
    """Let a member's first callout through: organisers."""
    return is_organiser(user)


def can_hide(user: User) -> bool:
    return is_organiser(user)
