"""The root role checks every app above `notifications` may use: a member (an active account) and an
organiser (staff). One function each, used by views, services, consumers and templates."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

User = AbstractBaseUser | AnonymousUser | None


def is_member(user: User) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_organiser(user: User) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)
