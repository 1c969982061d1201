"""Searching makers: PostgreSQL's full-text search with the Dutch configuration and ranking, and on
SQLite a plain fallback (every word somewhere in the text) with the same interface."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet

from profiles.models import Profile

CONFIG = "dutch"


def search_text_of(
    *, display_name: str, bio: str, organisations: list[str], helps_with: list[str], looking_for: list[str]
) -> str:
    """What a search looks through, kept on the profile by the profile services."""
    return "\n".join([display_name, bio, *organisations, *helps_with, *looking_for])


def profiles_matching(profiles: QuerySet[Profile], text: str) -> QuerySet[Profile]:
    """Filter by search text; on PostgreSQL ordered by rank (the name weighs most), then by name."""
    text = text.strip()
    if not text:
        return profiles
    if connection.vendor == "postgresql":
        vector = SearchVector("display_name", weight="A", config=CONFIG) + SearchVector(
            "search_text", weight="B", config=CONFIG
        )
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        return (
            profiles.annotate(rank=SearchRank(vector, query))
            .filter(rank__gt=0)
            .order_by(F("rank").desc(), "display_name")
        )
    for word in text.split():
        profiles = profiles.filter(Q(search_text__icontains=word))
    return profiles
