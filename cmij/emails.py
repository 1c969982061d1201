"""Email leaves through a task, never inside a request: rendered now, sent by the worker.

Every email goes out through `deliver`, one message at a time, and no failure is lost quietly:

- its subject is one line (`email_subject`), whoever wrote the text it was made from;
- a failure never raises out of `deliver`, so one recipient's refused address, bad header or broken
  connection never stops the next recipient's email (notifications.tasks sends a fan-out per recipient);
- a temporary failure (a dropped or refused connection, a 4xx answer) is sent again by the `send_email`
  task after a growing wait (`CMIJ_EMAIL_RETRY_BACKOFF` seconds, doubled each time), up to
  `CMIJ_EMAIL_ATTEMPTS` attempts;
- a permanent failure (a 5xx answer, a bad header, anything not known to be temporary), and a
  temporary one after the last attempt, is recorded as a `FailedEmail` row, which organisers see in
  the admin, and logged.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cmij.models import FailedEmail
from cmij.text import single_line

logger = logging.getLogger(__name__)


def email_subject(text: str) -> str:
    """Any text as an email subject: one line (every line break or separator a space, runs of white
    space one space, stripped). A subject with a line break would be refused (`BadHeaderError`) or,
    worse, read as more headers; every subject we send goes through here."""
    return " ".join(single_line(str(text)).split())


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str | None = None,
    attempt: int = 1,
) -> bool:
    """Send one rendered message (attempt `attempt`); True when it was delivered. A failure is
    retried or recorded by `deliver`, never raised, so the task itself always succeeds."""
    message = EmailMultiAlternatives(subject=email_subject(subject), body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return deliver(message, attempt=attempt)


def send_email_on_commit(message: EmailMessage) -> None:
    """Enqueue a rendered message once the current transaction commits; a rollback drops it."""
    transaction.on_commit(partial(send_email.enqueue, **_task_arguments(message)))


def deliver(message: EmailMessage, *, attempt: int = 1) -> bool:
    """Send `message` now, as attempt `attempt`; True when the mail server took it.

    Never raises for a failure to send: a temporary one is enqueued again (`send_email`, attempt + 1)
    until `CMIJ_EMAIL_ATTEMPTS`; a permanent one, or the last attempt's, is recorded and logged.
    Our messages have one recipient each (a fan-out sends one per recipient), so a refusal is that
    recipient's alone.
    """
    message.subject = email_subject(message.subject)
    try:
        sent = message.send()
    except Exception as error:  # whatever it is: classified and kept, never raised
        return _failed(message, error, attempt=attempt)
    if not sent:  # nothing sent and no error: a message without recipients, or a silenced backend
        failed_email_record(
            message, reason="The mail backend sent nothing (no recipient?).", attempts=attempt, permanent=True
        )
        return False
    return True


def failed_email_record(
    message: EmailMessage, *, reason: str, attempts: int, permanent: bool = True
) -> list[FailedEmail]:
    """Record that `message` was given up, one row per recipient (or one without, if it had none), and
    log it as an error: the organisers' list of emails that did not arrive."""
    recipients = message.recipients() or [""]
    rows = FailedEmail.objects.bulk_create(
        FailedEmail(
            recipient=recipient[:254],
            subject=email_subject(message.subject)[:255],
            reason=reason,
            attempts=attempts,
            permanent=permanent,
        )
        for recipient in recipients
    )
    logger.error(
        "Email to %s given up after %d attempt(s) (%s): %s",
        ", ".join(recipients),
        attempts,
        "permanent" if permanent else "still temporary",
        reason,
    )
    return rows


def is_temporary(error: BaseException) -> bool:
    """Whether sending again later may succeed: the connection failed or dropped, or the server
    answered 4xx (for every refused recipient). A 5xx answer, a bad header, or anything unknown is
    permanent: sending it again would fail the same way."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPException):  # SMTPException is an OSError, but not a network one
        return False
    return isinstance(error, OSError)  # refused or reset connections, timeouts, TLS handshakes


def failure_reason(error: BaseException) -> str:
    """What the server said (its code and text), or the error's kind and message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return "; ".join(
            " ".join(part for part in (str(code), _decoded(text), f"({recipient})") if part)
            for recipient, (code, text) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_decoded(error.smtp_error)}".strip()
    return f"{type(error).__name__}: {error}"


def retry_delay(attempt: int) -> float:
    """Seconds to wait after attempt `attempt` failed: the backoff, doubled for each attempt."""
    return settings.CMIJ_EMAIL_RETRY_BACKOFF * 2 ** (attempt - 1)


def _failed(message: EmailMessage, error: Exception, *, attempt: int) -> bool:
    reason = failure_reason(error)
    temporary = is_temporary(error)
    if temporary and attempt < settings.CMIJ_EMAIL_ATTEMPTS:
        try:
            _send_again(message, attempt=attempt + 1)
        except Exception as enqueue_error:  # then it is recorded below, not lost
            reason = f"{reason}; could not be enqueued again: {enqueue_error!r}"
        else:
            logger.warning(
                "Email to %s failed temporarily (attempt %d of %d), sent again later: %s",
                ", ".join(message.recipients()),
                attempt,
                settings.CMIJ_EMAIL_ATTEMPTS,
                reason,
            )
            return False
    failed_email_record(message, reason=reason, attempts=attempt, permanent=not temporary)
    return False


def _send_again(message: EmailMessage, *, attempt: int) -> None:
    """Enqueue `message` as attempt `attempt`, after the wait (run_after only where there is a wait
    and the task backend can defer: the immediate backend cannot)."""
    delay = retry_delay(attempt - 1)
    retry = send_email
    if delay > 0 and retry.get_backend().supports_defer:
        retry = send_email.using(run_after=timezone.now() + timedelta(seconds=delay))
    transaction.on_commit(partial(retry.enqueue, attempt=attempt, **_task_arguments(message)))


def _task_arguments(message: EmailMessage) -> dict:
    """A rendered message as the `send_email` task's arguments (JSON: strings and a list)."""
    html = next(
        (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"),
        None,
    )
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "to": list(message.to),
        "from_email": message.from_email,
        "html": html,
    }


def _decoded(text: bytes | str) -> str:
    return text.decode(errors="replace") if isinstance(text, bytes) else str(text)
