"""Sign up, log in and log out through allauth's real views, with our profile and our email task."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from tests.helpers.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_creates_a_member_with_a_profile_logs_in_and_emails_through_the_worker(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "Anouk@Example.nl",
            "display_name": "Anouk Smit",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302

    user = get_user_model().objects.get(email__iexact="anouk@example.nl")
    assert user.profile.display_name == "Anouk Smit"
    assert user.profile.preferred_language == "nl"
    home = client.get("/")
    assert "Anouk Smit" in home.content.decode()

    assert mail.outbox == []  # the confirmation email waits for the worker
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anouk@example.nl"]


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
