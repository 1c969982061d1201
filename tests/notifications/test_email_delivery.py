"""Notification emails that cannot be lost quietly (#27): a fan-out is sent per recipient, so one
refused address or one broken message never stops another's; a temporary refusal is sent again; a
permanent one is recorded where organisers see it; every subject is one line, and a reason keeps its
lines in the body."""

from __future__ import annotations

import logging
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django_tasks_db.models import DBTaskResult

from agenda import services as agenda_services
from callouts import services as callout_services
from cmij.models import FailedEmail
from notifications import tasks
from notifications.models import Notification
from notifications.services import email_setting_update
from profiles.models import Profile
from tests.helpers.factories import MemberFactory, maker, organiser, post, submit_event
from tests.helpers.smtp import smtp_server
from tests.helpers.tasks import run_worker
from tests.helpers.texts import SEPARATORS

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Decorbouwers gezocht"


def immediately(member) -> None:
    email_setting_update(member=member, email="immediate")


def followers(count: int, *, discipline: str = "theater") -> list[str]:
    """`count` members who follow `discipline` (through their profile) and want emails at once."""
    addresses = []
    for n in range(count):
        member = maker(disciplines=[discipline], email=f"volger{n:02}@example.nl")
        immediately(member)
        addresses.append(member.email)
    return addresses


def test_a_fan_out_to_fifty_reaches_each_once_past_a_refused_and_a_greylisted_address(caplog):
    author = maker(disciplines=["muziek"])
    addresses = followers(50)
    refused, greylisted = "volger07@example.nl", "volger23@example.nl"

    with (
        smtp_server(
            refuse={refused: "550 5.1.1 No such mailbox here"},
            fail_once={greylisted: "451 4.7.1 Greylisted, please try again later"},
        ) as server,
        caplog.at_level(logging.WARNING, logger="cmij.emails"),
    ):
        post(author, title=TITLE, disciplines=["theater"])
        run_worker()  # the fan-out's task, then the greylisted one's retry (no wait in the test settings)

    # 49 messages over SMTP, one per recipient, each recipient exactly once, the refused one never.
    assert len(server.received) == 49
    assert server.delivered_to() == sorted(set(addresses) - {refused})
    assert all(len(received.recipients) == 1 for received in server.received)
    subjects = {str(received.message["Subject"]).strip() for received in server.received}  # unfolded
    assert subjects == {f"Nieuwe oproep voor jou: “{TITLE}”"}

    # The greylisted address was asked twice (451, then taken), by a second task: attempt 2.
    asked = Counter(server.rcpt_seen)
    assert asked[greylisted] == 2 and asked[refused] == 1
    assert all(asked[address] == 1 for address in addresses if address != greylisted)
    [retry] = DBTaskResult.objects.filter(task_path="cmij.emails.send_email")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.args_kwargs["kwargs"]["to"] == [greylisted]
    assert retry.status == "SUCCESSFUL" and retry.return_value is True
    assert len(server.messages_to(greylisted)) == 1

    # The refused one is recorded, with the server's answer, and nothing else is.
    [failed] = FailedEmail.objects.all()
    assert failed.recipient == refused
    assert failed.reason.startswith("550 5.1.1 No such mailbox here")
    assert failed.permanent and failed.attempts == 1
    assert failed.subject == f"Nieuwe oproep voor jou: “{TITLE}”"

    # The fan-out's task succeeded; every notification was handed over (sent, retried or recorded).
    [fan_out] = DBTaskResult.objects.filter(task_path="notifications.tasks.notifications_email")
    assert fan_out.status == "SUCCESSFUL" and fan_out.return_value == 48  # the 49th came on its retry
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()

    # Logged: a warning for the temporary failure, an error for the recorded one.
    logged = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "cmij.emails"]
    assert [(level, greylisted in text, refused in text) for level, text in sorted(logged)] == [
        ("ERROR", False, True),
        ("WARNING", True, False),
    ]


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_a_name_and_a_title_typed_with_a_separator_reach_the_email_on_one_line(separator):
    """Through the services, as a crafted POST reaches them: the name and the title are stored as one
    line, and the email that shows both is sent, with a one-line subject."""
    author = maker(email="auteur@example.nl")
    immediately(author)
    responder = MemberFactory(display_name=f"Anouk{separator}de Wit")
    callout = post(author, title=f"Decorbouwers{separator}gezocht")
    callout_services.response_create(callout=callout, sender=responder, body="Ik doe mee!")
    callout.refresh_from_db()
    assert (Profile.objects.get(user=responder).display_name, callout.title) == (
        "Anouk de Wit",
        "Decorbouwers gezocht",
    )

    run_worker()

    [message] = mail.outbox
    assert message.to == ["auteur@example.nl"]
    assert message.subject == "Anouk de Wit reageerde op je oproep “Decorbouwers gezocht”"
    assert not FailedEmail.objects.exists()


def test_a_display_name_with_a_line_break_gives_a_one_line_subject():
    """A name stored before names were made one line (the field makes it one line on every save and
    update, so it is written here in SQL) still cannot break the subject into a second header."""
    author = maker(email="auteur@example.nl")
    immediately(author)
    responder = maker()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Profile._meta.db_table} SET display_name = %s WHERE user_id = %s",
            ["Anouk\r\nBcc: iedereen@example.org", responder.pk],
        )
    assert Profile.objects.get(user=responder).display_name == "Anouk\r\nBcc: iedereen@example.org"
    callout = post(author, title=TITLE)
    callout_services.response_create(callout=callout, sender=responder, body="Ik doe mee!")

    run_worker()

    [message] = mail.outbox
    assert message.to == ["auteur@example.nl"]
    assert message.subject == f"Anouk Bcc: iedereen@example.org reageerde op je oproep “{TITLE}”"
    assert message.message()["Bcc"] is None
    assert not FailedEmail.objects.exists()


def test_a_two_line_refusal_reason_is_one_line_in_the_subject_and_two_in_the_body():
    submitter = MemberFactory(email="indiener@example.nl")
    immediately(submitter)
    event = submit_event(submitter, title="Zomeravondconcert")
    reason = "Dit is geen cultureel evenement.\r\nProbeer het met een concert."
    agenda_services.event_refuse(event=event, by=organiser(), reason=reason)

    run_worker()

    [message] = [message for message in mail.outbox if message.to == ["indiener@example.nl"]]
    assert message.subject == (
        "Je activiteit “Zomeravondconcert” is niet gepubliceerd: "
        "Dit is geen cultureel evenement. Probeer het met een concert."
    )
    lines = message.body.splitlines()
    first = next(i for i, line in enumerate(lines) if line.endswith("Dit is geen cultureel evenement."))
    assert lines[first + 1] == "Probeer het met een concert."
    assert not FailedEmail.objects.exists()


def test_one_recipient_whose_email_cannot_be_written_does_not_stop_the_others(monkeypatch):
    author = maker(disciplines=["muziek"])
    addresses = followers(5)
    broken = addresses[2]
    render = tasks.render_to_string

    def render_or_break(template_name, context=None, *args, **kwargs):
        if context and context["notification"].recipient.email == broken:
            raise ValueError("a template that breaks for this one recipient")
        return render(template_name, context, *args, **kwargs)

    monkeypatch.setattr(tasks, "render_to_string", render_or_break)
    post(author, title=TITLE, disciplines=["theater"])
    run_worker()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(set(addresses) - {broken})
    [failed] = FailedEmail.objects.all()
    assert failed.recipient == broken and failed.attempts == 0 and failed.permanent
    assert "a template that breaks for this one recipient" in failed.reason
    [fan_out] = DBTaskResult.objects.filter(task_path="notifications.tasks.notifications_email")
    assert fan_out.status == "SUCCESSFUL" and fan_out.return_value == 4
