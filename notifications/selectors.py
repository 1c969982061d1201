"""Reads worth naming for notifications: a member's unread count and their notifications."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from notifications.models import Notification


def unread_count(member: AbstractBaseUser) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def notifications(member: AbstractBaseUser) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=member).select_related("callout", "actor__profile")


def unread(member: AbstractBaseUser) -> QuerySet[Notification]:
    return notifications(member).filter(read_at__isnull=True)
