"""Reads about members worth naming."""

from __future__ import annotations

from django.db.models import QuerySet

from profiles.models import Profile


def directory_profiles() -> QuerySet[Profile]:
    """Active members' profiles with what a card shows, in a fixed number of queries."""
    return (
        Profile.objects.filter(user__is_active=True)
        .select_related("municipality", "kern")
        .prefetch_related("disciplines")
        .order_by("display_name")
    )
