"""Notification emails: tasks, enqueued on commit, sent by the worker in the recipient's language."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from cmij.emails import deliver, email_subject, failed_email_record
from notifications.models import Notification, NotificationSettings

logger = logging.getLogger(__name__)


@task()
def notifications_email(*, kind: str, callout_id: int | None, created_at: str) -> int:
    """Email one batch of notifications (one fan-out) to the recipients who want it at once, one
    message per recipient: one recipient's failure (a refused address, an error while rendering their
    message) never stops another's email. Returns how many were delivered now (retries come later)."""
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
        try:
            sent += notification_send(notification)
        except Exception:  # recording the failure failed too: still the next recipient's turn
            logger.exception("Notification email %s could not be sent or recorded", notification.pk)
    return sent


def notification_send(notification: Notification) -> int:
    """Render and deliver one recipient's email. `emailed_at` is set once the email is handed over:
    delivered, waiting for its retry, or recorded as failed (a FailedEmail row); so a notification is
    never emailed twice, nor left for the digest, and a failed one is where organisers see it."""
    recipient = notification.recipient
    try:
        message = notification_message(notification)
    except Exception as error:
        logger.exception("Notification email %s could not be rendered", notification.pk)
        failed_email_record(
            EmailMessage(subject=str(notification.get_kind_display()), to=[recipient.email]),
            reason=f"The email could not be written: {type(error).__name__}: {error}",
            attempts=0,
        )
        delivered = False
    else:
        delivered = deliver(message)
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return int(delivered)


def notification_message(notification: Notification) -> EmailMessage:
    """One recipient's email, in their language; its subject is the notification's line, on one line
    (a name or a reason may hold a line break; the body keeps it)."""
    recipient = notification.recipient
    with translation.override(language_of(recipient)):
        context = {"notification": notification, "base_url": settings.CMIJ_BASE_URL.rstrip("/")}
        subject = email_subject(render_to_string("notifications/email/notification_subject.txt", context))
        body = render_to_string("notifications/email/notification.txt", context)
    return EmailMessage(subject=subject, body=body, to=[recipient.email])


def language_of(member) -> str:
    profile = getattr(member, "profile", None)
    return profile.preferred_language if profile is not None else settings.LANGUAGE_CODE
