"""Getting in touch through the platform, downloading everything about you, and leaving."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from boards.models import Idea, Vote
from callouts import services as callout_services
from callouts.models import Callout, Response
from cmij.models import FailedEmail
from notifications.models import Notification
from profiles.models import Message, Profile
from tests.helpers.clients import client_for
from tests.helpers.factories import PASSWORD, MemberFactory, idea_on, maker, post
from tests.helpers.factories import meeting as make_meeting

pytestmark = pytest.mark.django_db


def test_neem_contact_op_sends_a_message_that_notifies_the_member():
    sender, recipient = MemberFactory(display_name="Ali Afzender"), MemberFactory()
    response = client_for(sender).post(f"/makers/{recipient.profile.pk}/bericht/", {"body": "Zin in koffie?"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.sender, message.recipient, message.body) == (sender, recipient, "Zin in koffie?")
    [notification] = Notification.objects.filter(recipient=recipient)
    assert notification.kind == Notification.Kind.MESSAGE and notification.actor == sender
    assert notification.url == f"/makers/berichten/#bericht-{message.pk}"
    inbox = client_for(recipient).get("/makers/berichten/").content.decode()
    assert "Zin in koffie?" in inbox and "Ali Afzender" in inbox
    assert "Ali Afzender stuurde je een bericht" in client_for(recipient).get("/meldingen/").content.decode()


def test_no_message_to_yourself_nor_an_empty_or_overlong_one_nor_from_a_visitor():
    sender, recipient = MemberFactory(), MemberFactory()
    assert (
        client_for(sender).post(f"/makers/{sender.profile.pk}/bericht/", {"body": "Hoi"}).status_code == 403
    )
    assert (
        client_for(sender).post(f"/makers/{recipient.profile.pk}/bericht/", {"body": ""}).status_code == 400
    )
    long = client_for(sender).post(f"/makers/{recipient.profile.pk}/bericht/", {"body": "x" * 2001})
    assert long.status_code == 400
    anonymous = client_for().post(f"/makers/{recipient.profile.pk}/bericht/", {"body": "Hoi"})
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")
    assert not Message.objects.exists() and not Notification.objects.exists()


@pytest.fixture
def busy_member():
    """A member with a bit of everything: a callout, a response, messages, an idea and a vote."""
    member = maker(disciplines=["muziek"], email="druk@example.nl", display_name="Daan Druk")
    other = MemberFactory(display_name="Olga Ander")
    callout = post(member, title="Mijn oproep")
    their_callout = post(other, title="Andermans oproep")
    from profiles import services

    callout_services.response_create(callout=their_callout, sender=member, body="Ik doe mee")
    services.message_send(sender=member, recipient=other, body="Verzonden bericht")
    services.message_send(sender=other, recipient=member, body="Ontvangen bericht")
    board = make_meeting().boards.first()
    idea = idea_on(board, member, "Een idee van Daan", client_msg_id="data-test-1")
    return member, other, callout, idea


def test_download_everything_about_you_as_json(busy_member):
    member, _other, _callout, _idea = busy_member
    response = client_for(member).get("/makers/mijn-gegevens/")
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="cmij-mijn-gegevens-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "druk@example.nl"
    assert data["profile"]["display_name"] == "Daan Druk" and data["profile"]["disciplines"] == ["muziek"]
    assert [c["title"] for c in data["callouts"]] == ["Mijn oproep"]
    assert [r["body"] for r in data["responses"]] == ["Ik doe mee"]
    assert [m["body"] for m in data["messages_sent"]] == ["Verzonden bericht"]
    assert [m["body"] for m in data["messages_received"]] == ["Ontvangen bericht"]
    assert [i["text"] for i in data["ideas"]] == ["Een idee van Daan"]
    assert client_for().get("/makers/mijn-gegevens/").status_code == 302


def test_deleting_your_account_keeps_your_ideas_nameless_and_takes_the_rest(busy_member):
    member, other, callout, idea = busy_member
    Vote.objects.create(board=idea.board, idea=idea, voter_user=member)
    FailedEmail.objects.create(recipient=member.email.upper(), subject="Nieuw", reason="550 No such mailbox")
    FailedEmail.objects.create(recipient=other.email, subject="Nieuw", reason="550 No such mailbox")
    client = client_for(member)
    wrong = client.post("/makers/account-verwijderen/", {"password": "fout"})
    assert wrong.status_code == 400 and "niet je wachtwoord" in wrong.content.decode()
    assert get_user_model().objects.filter(pk=member.pk).exists()

    response = client.post("/makers/account-verwijderen/", {"password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not Profile.objects.filter(display_name="Daan Druk").exists()
    idea = Idea.objects.get(pk=idea.pk)
    assert idea.author_user is None and idea.author_name == "" and idea.text == "Een idee van Daan"
    assert Vote.objects.filter(idea=idea, voter_user=None).count() == 1
    assert not Callout.objects.filter(pk=callout.pk).exists()
    assert not Response.objects.filter(body="Ik doe mee").exists()
    assert not Message.objects.exists()
    assert Callout.objects.filter(author=other).exists()
    assert list(FailedEmail.objects.values_list("recipient", flat=True)) == [other.email]  # the address too
    assert client.get("/makers/profiel/").status_code == 302  # logged out
