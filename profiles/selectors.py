"""Reads about members worth naming: the directory, a profile page, everything about you."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Q, QuerySet

from notifications.models import NotificationSettings
from profiles import registry
from profiles.models import Profile
from profiles.search import profiles_matching


@dataclass(frozen=True)
class DirectoryQuery:
    search: str = ""
    discipline_ids: frozenset[int] = field(default_factory=frozenset)
    municipality_ids: frozenset[int] = field(default_factory=frozenset)
    kern_ids: frozenset[int] = field(default_factory=frozenset)
    level: str = ""
    stage: str = ""
    pay: str = ""
    open_to_collaboration: bool = False


def directory_profiles(
    *, viewer: AbstractBaseUser | None = None, query: DirectoryQuery | None = None
) -> QuerySet[Profile]:
    """Active members' profiles with what a card shows, in a fixed number of queries however many.

    Members see every member; a visitor who is not logged in sees the public profiles only.
    """
    profiles = (
        Profile.objects.filter(user__is_active=True)
        .select_related("municipality", "kern")
        .prefetch_related("disciplines")
        .order_by("display_name", "pk")
    )
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        profiles = profiles.filter(public=True)
    query = query or DirectoryQuery()
    if query.discipline_ids:
        through = Profile.disciplines.through.objects.filter(discipline_id__in=query.discipline_ids)
        profiles = profiles.filter(pk__in=through.values("profile_id"))
    if query.municipality_ids or query.kern_ids:
        profiles = profiles.filter(
            Q(municipality_id__in=query.municipality_ids) | Q(kern_id__in=query.kern_ids)
        )
    for name in ("level", "stage", "pay"):
        value = getattr(query, name)
        if value:
            # "both" counts for either: an amateur-and-professional is found among the professionals.
            profiles = profiles.filter(**{f"{name}__in": [value, Profile.Level.BOTH]})
    if query.open_to_collaboration:
        profiles = profiles.filter(open_to_collaboration=True)
    return profiles_matching(profiles, query.search)


def member_data(user: AbstractBaseUser) -> dict[str, Any]:
    """Everything the platform keeps about a member, for "download your data": the account, then what
    every app holds about them, link by link (profiles/registry.py's `personal_data`), each row with
    its id."""
    data: dict[str, Any] = {
        "account": {
            "id": user.pk,
            "email": user.email,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
    }
    for held in registry.personal_data:
        if held.key:
            data[held.key] = held.export(user) if held.export else held_rows(held, user)
    return data


def held_rows(held: registry.Held, user: AbstractBaseUser) -> list[dict[str, Any]]:
    """The rows of `held.model` linked to the member by `held.link`, oldest first: each its id and
    `held.fields`, dates as ISO 8601."""
    # Each as an expression of its own name ("discipline" may not name a lookup of the model's own
    # "discipline" field), read back by the name in the file.
    names = list(held.columns)
    columns = {f"held_{n}": F(lookup) for n, lookup in enumerate(held.columns.values())}
    rows = held.model.objects.filter(**{held.link: user}).order_by("pk").values("pk", **columns)
    return [
        {"id": row["pk"], **{name: _as_json(row[f"held_{n}"]) for n, name in enumerate(names)}}
        for row in rows
    ]


def _as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def profile_data(user: AbstractBaseUser) -> dict[str, Any]:
    """The member's profile, for "download your data" (profiles/apps.py)."""
    profile = user.profile
    return {
        "id": profile.pk,
        "display_name": profile.display_name,
        "municipality": profile.municipality.name if profile.municipality else None,
        "kern": profile.kern.name if profile.kern else None,
        "disciplines": [d.slug for d in profile.disciplines.all()],
        "level": profile.level,
        "stage": profile.stage,
        "pay": profile.pay,
        "organisations": profile.organisations,
        "bio": profile.bio,
        "website": profile.website,
        "links": profile.links,
        "helps_with": profile.helps_with,
        "looking_for": profile.looking_for,
        "open_to_collaboration": profile.open_to_collaboration,
        "public": profile.public,
        "show_email": profile.show_email,
        "preferred_language": profile.preferred_language,
        "has_photo": bool(profile.photo),
    }


def notification_settings_data(user: AbstractBaseUser) -> dict[str, Any]:
    """How the member hears of things (the defaults until they chose), for "download your data"."""
    settings = NotificationSettings.objects.filter(member=user).first()
    return {
        "id": settings.pk if settings else None,
        "email": settings.email if settings else NotificationSettings.Email.DAILY,
        "follows_chosen": settings.follows_chosen if settings else False,
    }
