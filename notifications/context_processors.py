"""The bell's unread count on every page that shows it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications import permissions, selectors


def bell(request: HttpRequest) -> dict[str, object]:
    """The bell's unread count, counted only when a page shows the bell (members only)."""
    user = getattr(request, "user", None)
    if not permissions.has_notifications(user):
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user))}
