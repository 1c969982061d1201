"""Reads about sessions worth naming."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from boards.models import Session


def upcoming_sessions() -> QuerySet[Session]:
    return (
        Session.objects.filter(ends_at__gte=timezone.now())
        .select_related("municipality")
        .order_by("starts_at")
    )


def past_sessions() -> QuerySet[Session]:
    return (
        Session.objects.filter(ends_at__lt=timezone.now())
        .select_related("municipality")
        .order_by("-starts_at")
    )
