"""Slow work runs as tasks in the worker, and only for transactions that committed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from cmij.emails import send_email_on_commit
from tests.helpers.tasks import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def a_message(subject: str) -> EmailMessage:
    return EmailMessage(subject=subject, body="Tot donderdag!", to=["maker@example.nl"])


def test_an_email_enqueued_in_a_transaction_that_rolls_back_never_runs():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email_on_commit(a_message("Teruggedraaid"))
        raise RuntimeError("the write failed")

    assert DBTaskResult.objects.count() == 0
    run_worker()
    assert mail.outbox == []


def test_an_email_enqueued_in_a_transaction_that_commits_is_sent_by_the_worker():
    with transaction.atomic():
        send_email_on_commit(a_message("Uitnodiging"))
        assert DBTaskResult.objects.count() == 0  # not before the commit

    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []  # not inside the request
    run_worker()
    assert [message.subject for message in mail.outbox] == ["Uitnodiging"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
