"""Every write to notifications: `notify()` makes the rows of a fan-out in one statement, then one "+1"
push and one email task after commit; reading them; the email setting; the daily digest."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cmij.emails import email_subject, send_email_on_commit
from notifications import permissions, selectors
from notifications.models import Digest, Notification, NotificationSettings
from notifications.tasks import language_of, notifications_email
from realtime import broadcast


@transaction.atomic
def email_setting_update(*, member: AbstractBaseUser, email: str) -> NotificationSettings:
    if not permissions.has_notifications(member):
        raise PermissionDenied
    choices, _created = NotificationSettings.objects.get_or_create(member=member)
    choices.email = email
    choices.full_clean()
    choices.save(update_fields=["email"])
    return choices


# --- notifications: rows first, pushes second ----------------------------------------------------


def notify(
    *,
    recipients: QuerySet,
    kind: str,
    actor: AbstractBaseUser | None,
    url: str,
    callout: models.Model | None = None,
    subject: str = "",
    detail: str = "",
) -> list[int]:
    """One row per recipient, made by ONE `INSERT ... SELECT` however many there are, then ONE
    "+1" publish tagged with all of them and ONE email task, both after commit.

    `recipients` is a queryset of user pks; it runs inside the insert, never loaded per member.
    `subject` names what it is about when that is not a callout (an event, a task, a team);
    `detail` carries a reason, e.g. why an event was not published.
    """
    stamp = timezone.now()
    table = Notification._meta.db_table
    try:
        select_sql, select_params = recipients.query.sql_with_params()
    except EmptyResultSet:  # e.g. a callout with no disciplines and no municipality
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (recipient_id, kind, callout_id, actor_id, url, subject, detail, created_at) "
            f"SELECT recipients.pk, %s, %s, %s, %s, %s, %s, %s FROM ({select_sql}) recipients",
            [
                kind,
                callout.pk if callout else None,
                actor.pk if actor else None,
                url,
                subject[:200],
                detail[:500],
                connection.ops.adapt_datetimefield_value(stamp),
                *select_params,
            ],
        )
    made = Notification.objects.filter(kind=kind, callout=callout, created_at=stamp)
    recipient_ids = list(made.values_list("recipient_id", flat=True))
    broadcast.bell_add_on_commit(recipient_ids)
    if recipient_ids:
        transaction.on_commit(
            lambda: notifications_email.enqueue(
                kind=kind, callout_id=callout.pk if callout else None, created_at=stamp.isoformat()
            )
        )
    return recipient_ids


@transaction.atomic
def notification_read(*, member: AbstractBaseUser, notification_id: int) -> None:
    Notification.objects.filter(recipient=member, pk=notification_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    broadcast.bell_count_on_commit(member.pk, selectors.unread_count(member))


@transaction.atomic
def notifications_read_all(*, member: AbstractBaseUser) -> None:
    Notification.objects.filter(recipient=member, read_at__isnull=True).update(read_at=timezone.now())
    broadcast.bell_count_on_commit(member.pk, 0)


# --- the daily digest -----------------------------------------------------------------------------


def digests_send(*, day: date) -> int:
    """One email per member who takes the daily digest and has unread, unemailed notifications.

    Idempotent per member per day: the Digest row and the email are one transaction, and a second
    run finds the row (or the unique constraint stops a concurrent one). Returns how many were sent.
    """
    members = (
        get_user_model()
        .objects.filter(
            is_active=True, notifications__read_at__isnull=True, notifications__emailed_at__isnull=True
        )
        .filter(
            Q(notification_settings__email=NotificationSettings.Email.DAILY)
            | Q(notification_settings__isnull=True)
        )
        .exclude(pk__in=Digest.objects.filter(day=day).values("member_id"))
        .select_related("profile")
        .distinct()
    )
    sent = 0
    for member in members:
        try:
            sent += _digest_send(member=member, day=day)
        except IntegrityError:  # a concurrent run sent this one
            continue
    return sent


@transaction.atomic
def _digest_send(*, member: AbstractBaseUser, day: date) -> int:
    notifications = list(
        Notification.objects.select_for_update(of=("self",))
        .filter(recipient=member, read_at__isnull=True, emailed_at__isnull=True)
        .select_related("callout", "actor__profile")
    )
    if not notifications:
        return 0
    Digest.objects.create(member=member, day=day, notification_count=len(notifications))
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())
    with translation.override(language_of(member)):
        context = {"notifications": notifications, "base_url": settings.CMIJ_BASE_URL, "day": day}
        subject = email_subject(render_to_string("notifications/email/digest_subject.txt", context))
        body = render_to_string("notifications/email/digest.txt", context)
    send_email_on_commit(EmailMessage(subject=subject, body=body, to=[member.email]))
    return 1
