"""Reads about members worth naming: the directory, a profile page, everything about you."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from notifications.models import Notification, NotificationSettings
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


def member_data(user: AbstractBaseUser) -> dict:
    """Everything the platform keeps about a member, for "download your data": the account and the
    profile, each higher app's part (profiles/registry.py), messages and notifications."""
    profile = user.profile
    settings = NotificationSettings.objects.filter(member=user).first()
    data = {
        "account": {
            "email": user.email,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": {
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
        },
    }
    for part in registry.member_data:
        data.update(part(user))
    data.update(
        {
            "messages_sent": [
                {
                    "to": m.recipient.profile.display_name,
                    "body": m.body,
                    "created_at": m.created_at.isoformat(),
                }
                for m in user.messages_sent.select_related("recipient__profile")
            ],
            "messages_received": [
                {
                    "from": m.sender.profile.display_name,
                    "body": m.body,
                    "created_at": m.created_at.isoformat(),
                }
                for m in user.messages_received.select_related("sender__profile")
            ],
            "email_notifications": settings.email if settings else NotificationSettings.Email.DAILY,
            "notifications": [
                {
                    "kind": n.kind,
                    "url": n.url,
                    "created_at": n.created_at.isoformat(),
                    "read": n.read_at is not None,
                }
                for n in Notification.objects.filter(recipient=user)
            ],
        }
    )
    return data
