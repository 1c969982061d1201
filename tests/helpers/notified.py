"""Who was notified of what: the notification rows, as the bell and the notifications page read them."""

from __future__ import annotations

from notifications.models import Notification


def notified(member, kind=None) -> list[Notification]:
    """`member`'s notifications (of `kind` when given)."""
    rows = Notification.objects.filter(recipient=member)
    return list(rows.filter(kind=kind) if kind else rows)


def recipients(kind) -> set[int]:
    """The ids of every member notified of `kind`."""
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))
