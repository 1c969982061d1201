"""Notification emails: tasks sent by the worker after commit, in the recipient's language; the
daily digest once per member per day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from callouts import services
from notifications import services as notification_services
from notifications.management.commands import send_digests
from notifications.models import Digest, Notification, NotificationSettings
from tests.helpers.factories import maker, post
from tests.helpers.tasks import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def wants(member, email: str) -> None:
    notification_services.email_setting_update(member=member, email=email)


def test_immediate_emails_are_sent_by_the_worker_after_commit_in_the_recipients_language(settings):
    settings.CMIJ_BASE_URL = "https://cmij.example"
    author = maker(disciplines=["muziek"])
    dutch = maker(disciplines=["theater"], email="nl@example.nl")
    english = maker(disciplines=["theater"], email="en@example.nl", language="en")
    daily = maker(disciplines=["theater"], email="daily@example.nl")
    wants(dutch, "immediate")
    wants(english, "immediate")
    wants(daily, "daily")

    callout = post(author, title="Decorbouwers gezocht", disciplines=["theater"])
    assert mail.outbox == []  # never inside the request
    run_worker()

    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"nl@example.nl", "en@example.nl"}
    assert sent["nl@example.nl"].subject == "Nieuwe oproep voor jou: “Decorbouwers gezocht”"
    assert sent["en@example.nl"].subject == "New callout for you: “Decorbouwers gezocht”"
    assert f"https://cmij.example/oproepen/{callout.pk}/" in sent["en@example.nl"].body
    assert "Lees het hier" in sent["nl@example.nl"].body
    emailed = Notification.objects.filter(emailed_at__isnull=False)
    assert sorted(emailed.values_list("recipient_id", flat=True)) == sorted([dutch.pk, english.pk])


def test_nothing_is_emailed_when_the_transaction_rolls_back():
    author = maker()
    follower = maker(disciplines=["dans"])
    wants(follower, "immediate")
    with pytest.raises(RuntimeError), transaction.atomic():
        post(author, disciplines=["dans"])
        raise RuntimeError("the rest of the request failed")
    assert DBTaskResult.objects.count() == 0
    run_worker()
    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_a_response_is_emailed_to_the_author_at_once_when_they_chose_so():
    author = maker(email="auteur@example.nl")
    responder = maker()
    wants(author, "immediate")
    callout = post(author)
    services.response_create(callout=callout, sender=responder, body="Ik doe mee!")
    run_worker()
    [message] = mail.outbox
    assert message.to == ["auteur@example.nl"]
    assert "reageerde op je oproep" in message.subject


def test_the_digest_run_twice_on_one_day_sends_once_and_never_to_those_who_chose_otherwise():
    author = maker()
    default_member = maker(disciplines=["film"], email="standaard@example.nl")  # daily by default
    never = maker(disciplines=["film"], email="nooit@example.nl")
    immediate = maker(disciplines=["film"], email="meteen@example.nl")
    wants(never, "never")
    wants(immediate, "immediate")
    post(author, title="Filmploeg gezocht", disciplines=["film"])
    post(author, title="Montageplek aangeboden", disciplines=["film"])
    run_worker()
    mail.outbox.clear()

    call_command("send_digests")
    call_command("send_digests")
    run_worker()

    [digest] = mail.outbox
    assert digest.to == ["standaard@example.nl"]
    assert "2 nieuwe meldingen" in digest.subject
    assert "Filmploeg gezocht" in digest.body and "Montageplek aangeboden" in digest.body
    assert Digest.objects.get().member == default_member
    assert not NotificationSettings.objects.filter(member=default_member).exists()

    # Later that day something new: still once a day (only the member who chose "immediately" hears).
    mail.outbox.clear()
    post(author, title="Nog een filmoproep", disciplines=["film"])
    call_command("send_digests")
    run_worker()
    assert [message.to for message in mail.outbox] == [["meteen@example.nl"]]


def test_the_digest_skips_what_was_read_already():
    author = maker()
    reader = maker(disciplines=["film"])
    post(author, disciplines=["film"])
    notification_services.notifications_read_all(member=reader)
    assert notification_services.digests_send(day=timezone.localdate()) == 0
    assert notification_services.digests_send(day=timezone.localdate() + timedelta(days=1)) == 0
    assert not Digest.objects.exists()


def test_the_hourly_schedule_sends_nothing_before_its_hour(monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    author = maker()
    maker(disciplines=["film"], email="vroeg@example.nl")
    post(author, disciplines=["film"])
    early = datetime.combine(timezone.localdate(), datetime.min.time(), ZoneInfo("Europe/Amsterdam"))
    monkeypatch.setattr(send_digests.timezone, "localtime", lambda: early.replace(hour=6, minute=30))
    call_command("send_digests", "--not-before", "07:00")
    assert not Digest.objects.exists()
    monkeypatch.setattr(send_digests.timezone, "localtime", lambda: early.replace(hour=7, minute=5))
    call_command("send_digests", "--not-before", "07:00")
    monkeypatch.undo()
    run_worker()
    assert [message.to for message in mail.outbox] == [["vroeg@example.nl"]]
