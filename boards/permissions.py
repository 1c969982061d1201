"""Who may do what with sessions; used by views, consumers and templates alike."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def is_organiser(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_create_session(user: AbstractBaseUser | AnonymousUser) -> bool:
    return is_organiser(user)
