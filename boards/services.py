"""Every write to sessions."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from boards import permissions
from boards.models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, Session
from profiles.models import Municipality


def join_code_new() -> str:
    """A fresh join code: 10 characters of 31 gives about 49 bits, far beyond guessing."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not Session.objects.filter(join_code=code).exists():
            return code


def session_slug_new(title: str, starts_at: datetime) -> str:
    base = slugify(f"{starts_at:%Y-%m-%d} {title}")[:150] or "bijeenkomst"
    slug, n = base, 2
    while Session.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def session_create(
    *,
    by: AbstractUser,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
    municipality: Municipality | None = None,
    theme: str = "",
    description: str = "",
    facilitators: list[AbstractUser] = (),
) -> Session:
    if not permissions.can_create_session(by):
        raise PermissionDenied
    session = Session(
        title=title,
        slug=session_slug_new(title, starts_at),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        municipality=municipality,
        theme=theme,
        description=description,
        join_code=join_code_new(),
        created_by=by,
    )
    session.full_clean()
    session.save()
    session.facilitators.set(facilitators)
    return session
