"""Every email goes out through cmij.emails: its subject one line; a failure never raised, a temporary
one sent again after a growing wait, a permanent one (or the last attempt's) recorded as a FailedEmail."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cmij.emails import deliver, email_subject, is_temporary, send_email_on_commit
from cmij.models import FailedEmail
from tests.helpers.clients import client_for
from tests.helpers.factories import organiser
from tests.helpers.servers import free_port
from tests.helpers.smtp import smtp_server
from tests.helpers.tasks import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

SEND_EMAIL = "cmij.emails.send_email"


def a_message(to: str = "maker@example.nl", subject: str = "Uitnodiging", **kwargs) -> EmailMessage:
    return EmailMessage(subject=subject, body="Tot donderdag!\nGroet,\nCMIJ", to=[to], **kwargs)


@pytest.mark.parametrize(
    "separator",
    ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\r\n\r\n", " \t\n "],
)
def test_a_subject_is_always_one_line(separator):
    assert email_subject(f"  Open podium{separator}in de bibliotheek\n") == "Open podium in de bibliotheek"


def test_a_subject_loses_bidi_controls_and_keeps_everything_else():
    assert email_subject("Anouk \u202egnimmargorp\u202c “Zee” & <kust>") == "Anouk gnimmargorp “Zee” & <kust>"


@pytest.mark.parametrize(
    ("error", "temporary"),
    [
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPConnectError(421, b"busy"), True),
        (smtplib.SMTPResponseException(451, b"try later"), True),
        (smtplib.SMTPSenderRefused(452, b"full", "noreply@cmij.nl"), True),
        (smtplib.SMTPRecipientsRefused({"a@x.nl": (450, b"later"), "b@x.nl": (451, b"later")}), True),
        (ConnectionRefusedError(111, "refused"), True),
        (TimeoutError("timed out"), True),
        (smtplib.SMTPRecipientsRefused({"a@x.nl": (450, b"later"), "b@x.nl": (550, b"no")}), False),
        (smtplib.SMTPRecipientsRefused({"a@x.nl": (550, b"no such mailbox")}), False),
        (smtplib.SMTPResponseException(554, b"rejected"), False),
        (smtplib.SMTPNotSupportedError("no SMTPUTF8"), False),
        (ValueError("anything else"), False),
    ],
)
def test_which_failures_are_temporary(error, temporary):
    assert is_temporary(error) is temporary


def test_a_bad_header_is_recorded_at_once_never_retried_and_never_raised():
    message = a_message(headers={"X-Kenmerk": "een\nBcc: iedereen@example.org"})
    assert deliver(message) is False
    [failed] = FailedEmail.objects.all()
    assert failed.recipient == "maker@example.nl" and failed.subject == "Uitnodiging"
    assert failed.reason.startswith("BadHeaderError") and failed.permanent and failed.attempts == 1
    assert mail.outbox == [] and not DBTaskResult.objects.exists()


def test_the_task_sends_a_subject_with_a_line_break_on_one_line():
    send_email_on_commit(a_message(subject="Uitnodiging\r\nBcc: iedereen@example.org"))
    run_worker()
    [message] = mail.outbox
    assert message.subject == "Uitnodiging Bcc: iedereen@example.org"
    assert message.body == "Tot donderdag!\nGroet,\nCMIJ"
    assert not FailedEmail.objects.exists()


def test_a_message_the_backend_did_not_send_is_recorded():
    message = EmailMessage(subject="Aan niemand", body="...", to=[])
    assert deliver(message) is False
    [failed] = FailedEmail.objects.all()
    assert failed.recipient == "" and "sent nothing" in failed.reason


def test_a_temporary_failure_is_tried_the_set_number_of_times_then_recorded(settings):
    settings.CMIJ_EMAIL_ATTEMPTS = 3
    with smtp_server(refuse={"vol@example.nl": "452 4.2.2 Mailbox full"}) as server:
        send_email_on_commit(a_message("vol@example.nl"))
        run_worker()
    assert server.rcpt_seen == ["vol@example.nl"] * 3
    attempts = DBTaskResult.objects.filter(task_path=SEND_EMAIL).order_by("enqueued_at")
    assert [task.args_kwargs["kwargs"].get("attempt", 1) for task in attempts] == [1, 2, 3]
    assert {task.status for task in attempts} == {"SUCCESSFUL"}  # never a failed task: recorded instead
    [failed] = FailedEmail.objects.all()
    assert failed.recipient == "vol@example.nl" and failed.attempts == 3 and not failed.permanent
    assert failed.reason.startswith("452 4.2.2 Mailbox full")


def test_an_unreachable_mail_server_counts_as_temporary(settings):
    settings.CMIJ_EMAIL_ATTEMPTS = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
    send_email_on_commit(a_message())
    run_worker()
    assert DBTaskResult.objects.filter(task_path=SEND_EMAIL).count() == 2
    [failed] = FailedEmail.objects.all()
    assert (
        failed.reason.startswith("ConnectionRefusedError") and failed.attempts == 2 and not failed.permanent
    )


def test_a_retry_waits_longer_each_attempt(settings):
    settings.CMIJ_EMAIL_RETRY_BACKOFF = 60
    with smtp_server(fail_once={"grijs@example.nl": "451 4.7.1 Greylisted"}) as server:
        send_email_on_commit(a_message("grijs@example.nl"))
        before = timezone.now()
        run_worker()
        assert server.received == []  # the retry waits: the worker's batch run leaves it
        retry = DBTaskResult.objects.get(task_path=SEND_EMAIL, status="READY")
        assert retry.args_kwargs["kwargs"]["attempt"] == 2
        assert before + timedelta(seconds=55) < retry.run_after < timezone.now() + timedelta(seconds=65)

        # Its time comes; it fails again (now for good, say) and the third waits twice as long.
        server.fail_once["grijs@example.nl"] = "451 4.7.1 Still greylisted"
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        before = timezone.now()
        run_worker()
        third = DBTaskResult.objects.get(task_path=SEND_EMAIL, status="READY")
        assert third.args_kwargs["kwargs"]["attempt"] == 3
        assert before + timedelta(seconds=115) < third.run_after < timezone.now() + timedelta(seconds=125)

        DBTaskResult.objects.filter(pk=third.pk).update(run_after=timezone.now())
        run_worker()
    assert server.delivered_to() == ["grijs@example.nl"]
    assert not FailedEmail.objects.exists()


def test_allauths_emails_get_a_one_line_subject_from_the_adapter(client, member, settings):
    """allauth's own subject prefix (here with a line break) goes through email_subject too: the
    adapter's hook makes the message one line before it is even enqueued."""
    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CMIJ\r\nBcc: iedereen@example.org] "
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302

    [enqueued] = DBTaskResult.objects.filter(task_path=SEND_EMAIL)
    subject = enqueued.args_kwargs["kwargs"]["subject"]
    assert subject.startswith("[CMIJ Bcc: iedereen@example.org] ") and subject == email_subject(subject)
    run_worker()
    [message] = mail.outbox
    assert message.to == [member.email] and message.subject == subject


def test_organisers_read_failed_emails_in_the_admin_and_nobody_edits_them(member):
    deliver(a_message("weg@example.nl", headers={"X-Kenmerk": "een\ntwee"}))
    failed = FailedEmail.objects.get()
    boss = client_for(organiser())
    page = boss.get("/beheer/cmij/failedemail/")
    assert page.status_code == 200 and "weg@example.nl" in page.content.decode()
    assert boss.get(f"/beheer/cmij/failedemail/{failed.pk}/change/").status_code == 200  # to read
    assert boss.get("/beheer/cmij/failedemail/add/").status_code == 403
    assert boss.post(f"/beheer/cmij/failedemail/{failed.pk}/delete/", {"post": "yes"}).status_code == 403
    assert FailedEmail.objects.filter(pk=failed.pk).exists()
    assert client_for(member).get("/beheer/cmij/failedemail/").status_code == 302  # to the admin's login
