"""Who is taking part: a member, or a guest of one meeting (kept in the Django session)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest, HttpResponse

from boards.models import Guest, Idea, Meeting

GUESTS_KEY = "cmij_guests"  # Django session key: {meeting id: guest id}
#: A signed cookie: the guests this browser joined as, so a guest removed from a meeting cannot join it
#: again from this browser under a new name. Not in the Django session: a new session (a cleared
#: session cookie, a new key on login or join) keeps it.
JOINED_COOKIE = "cmij_joined"
JOINED_SALT = "boards.identity.joined"
JOINED_KEEP = 20  # the most recent guests remembered
JOINED_MAX_AGE = 60 * 60 * 24 * 60  # seconds: past any meeting, its guests are removed by then anyway


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


def joined_guest_ids(request: HttpRequest) -> list[int]:
    """The guests this browser joined as: from the signed cookie, and from its session."""
    raw = request.get_signed_cookie(JOINED_COOKIE, default="", salt=JOINED_SALT, max_age=JOINED_MAX_AGE)
    ids = [int(part) for part in raw.split(".") if part.isdigit()]
    ids += [int(v) for v in (request.session.get(GUESTS_KEY) or {}).values() if str(v).isdigit()]
    return ids


def remember_joined(request: HttpRequest, response: HttpResponse, guest: Guest) -> HttpResponse:
    """Add `guest` to the browser's signed cookie of guests it joined as (the newest JOINED_KEEP)."""
    ids = [i for i in joined_guest_ids(request) if i != guest.pk][-(JOINED_KEEP - 1) :] + [guest.pk]
    response.set_signed_cookie(
        JOINED_COOKIE,
        ".".join(str(i) for i in dict.fromkeys(ids)),
        salt=JOINED_SALT,
        max_age=JOINED_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
