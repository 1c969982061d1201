"""Who is taking part: a member, or a guest of one meeting (kept in the Django session)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from boards.models import Guest, Idea, Meeting

GUESTS_KEY = "cmij_guests"  # Django session key: {meeting id: guest id}


@dataclass(frozen=True)
class Participant:
    user: AbstractBaseUser | None = None
    guest: Guest | None = None

    @property
    def display_name(self) -> str:
        if self.guest is not None:
            return self.guest.display_name
        profile = getattr(self.user, "profile", None)
        return profile.display_name if profile else getattr(self.user, "email", "")

    @property
    def is_guest(self) -> bool:
        return self.guest is not None

    def author_fields(self) -> dict[str, Any]:
        return {"author_guest": self.guest} if self.guest else {"author_user": self.user}

    def voter_fields(self) -> dict[str, Any]:
        return {"voter_guest": self.guest} if self.guest else {"voter_user": self.user}

    def owns(self, idea: Idea) -> bool:
        if self.guest is not None:
            return idea.author_guest_id == self.guest.pk
        return self.user is not None and idea.author_user_id == self.user.pk


def participant_for(
    *, user: AbstractBaseUser | AnonymousUser | None, django_session: Any, meeting: Meeting
) -> Participant | None:
    """The member, or the guest who joined this meeting in this browser, or None."""
    if user is not None and user.is_authenticated and user.is_active:
        return Participant(user=user)
    guests = (django_session.get(GUESTS_KEY) if django_session is not None else None) or {}
    guest_id = guests.get(str(meeting.pk))
    if guest_id is None:
        return None
    guest = Guest.objects.filter(pk=guest_id, meeting=meeting, kicked=False).first()
    return Participant(guest=guest) if guest else None


def remember_guest(django_session: Any, guest: Guest) -> None:
    guests = dict(django_session.get(GUESTS_KEY) or {})
    guests[str(guest.meeting_id)] = guest.pk
    django_session[GUESTS_KEY] = guests
