"""Notification emails: tasks, enqueued on commit, sent by the worker in the recipient's language."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from notifications.models import Notification, NotificationSettings


@task()
def notifications_email(*, kind: str, callout_id: int | None, created_at: str) -> int:
    """Email one batch of notifications (one fan-out) to the recipients who want it at once."""
    batch = Notification.objects.filter(
        kind=kind,
        callout_id=callout_id,
        created_at=datetime.fromisoformat(created_at),
        emailed_at__isnull=True,
        recipient__is_active=True,
        recipient__notification_settings__email=NotificationSettings.Email.IMMEDIATE,
    ).select_related("recipient__profile", "callout", "actor__profile")
    sent = 0
    for notification in batch:
        sent += notification_send(notification)
    return sent


def notification_send(notification: Notification) -> int:
    recipient = notification.recipient
    with translation.override(language_of(recipient)):
        context = {"notification": notification, "base_url": settings.CMIJ_BASE_URL.rstrip("/")}
        subject = render_to_string("notifications/email/notification_subject.txt", context).strip()
        body = render_to_string("notifications/email/notification.txt", context)
    sent = EmailMessage(subject=subject, body=body, to=[recipient.email]).send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return sent


def language_of(member) -> str:
    profile = getattr(member, "profile", None)
    return profile.preferred_language if profile is not None else settings.LANGUAGE_CODE
