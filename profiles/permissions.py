"""Who may see and do what with profiles: one function per decision, used by views, services and
templates (tests/profiles/test_visibility.py checks them as a matrix: anonymous, member, the owner)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from profiles.models import Profile
from profiles.roles import User, is_member


def can_view_profile(viewer: User, profile: Profile) -> bool:
    """Members-only by default; a public profile for everyone. Deactivated accounts for organisers."""
    if not profile.user.is_active:
        return bool(is_member(viewer) and viewer.is_staff)
    return profile.public or is_member(viewer)


def can_view_photo(viewer: User, profile: Profile) -> bool:
    """The photo follows its profile page."""
    return bool(profile.photo) and can_view_profile(viewer, profile)


def can_see_email(viewer: User, profile: Profile) -> bool:
    """Never shown unless the member chose to show it (to those who may see the page)."""
    return is_owner(viewer, profile) or (profile.show_email and can_view_profile(viewer, profile))


def is_owner(viewer: User, profile: Profile) -> bool:
    return is_member(viewer) and profile.user_id == viewer.pk


def can_contact(sender: User, recipient: AbstractBaseUser) -> bool:
    return is_member(sender) and recipient.is_active and sender.pk != recipient.pk
