"""Sign up, log in and log out through allauth's real views, with our profile and our email task."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.helpers.factories import PASSWORD
from tests.helpers.tasks import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up(client, email: str, name: str = "Anouk Smit"):
    return client.post(
        "/accounts/signup/",
        {"email": email, "display_name": name, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_creates_a_member_with_a_profile_who_logs_in_once_the_address_is_confirmed(client):
    response = sign_up(client, "Anouk@Example.nl")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")

    user = get_user_model().objects.get(email__iexact="anouk@example.nl")
    assert user.profile.display_name == "Anouk Smit"
    assert user.profile.preferred_language == "nl"
    assert "Anouk Smit" not in client.get("/").content.decode()  # not logged in before confirming

    assert mail.outbox == []  # the confirmation email waits for the worker
    run_worker()
    [email] = mail.outbox
    assert email.to == ["anouk@example.nl"]
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", email.body).group(1)
    assert client.post("/accounts/login/", {"login": "anouk@example.nl", "password": PASSWORD})[
        "Location"
    ] == reverse("account_email_verification_sent")  # not before the address is confirmed
    assert client.post(link)["Location"] == reverse("account_login")
    assert EmailAddress.objects.get(user=user).verified
    assert (
        client.post("/accounts/login/", {"login": "anouk@example.nl", "password": PASSWORD}).status_code
        == 302
    )
    assert "Anouk Smit" in client.get("/").content.decode()


def test_signing_up_with_a_registered_address_looks_the_same_and_tells_its_owner(client, member):
    new = sign_up(client, "nieuw@example.nl")
    registered = sign_up(Client(), member.email.upper(), name="Iemand anders")

    assert (registered.status_code, registered["Location"]) == (new.status_code, new["Location"])
    assert get_user_model().objects.filter(email__iexact=member.email).count() == 1
    run_worker()
    to_owner = [email for email in mail.outbox if email.to == [member.email]]
    assert len(to_owner) == 1
    assert "account" in to_owner[0].subject.lower()
    assert "/accounts/password/reset/" in to_owner[0].body  # what to do if it was them


def test_sign_up_with_a_bad_form_shows_why_in_dutch_and_stores_nothing(client):
    response = client.post(
        "/accounts/signup/", {"email": "geen-adres", "display_name": "", "password1": "a", "password2": "b"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Voer een geldig e-mailadres in" in page
    assert "Dit veld is verplicht" in page
    assert not get_user_model().objects.exists()


def test_log_in_and_log_out(client, member):
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(member.pk)
    assert member.profile.display_name in client.get("/").content.decode()

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_is_refused_with_a_message(client, member):
    response = client.post("/accounts/login/", {"login": member.email, "password": "verkeerd"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "niet correct" in response.content.decode()
