"""Dutch first, English complete; the choice is remembered on the profile."""

from __future__ import annotations

import pytest

from profiles.models import Profile
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_pages_are_dutch_by_default(client):
    page = client.get("/").content.decode()
    assert '<html lang="nl">' in page
    assert "Bijeenkomsten" in page and "Oproepen" in page and "Makers" in page


def test_the_switch_makes_pages_english(client):
    response = client.post("/taal/", {"language": "en", "next": "/bijeenkomsten/"})
    assert response.status_code == 302
    assert response["Location"] == "/bijeenkomsten/"
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Sessions" in page and "Callouts" in page
    assert "Bijeenkomsten" not in page


def test_allauth_pages_are_dutch_then_english(client):
    dutch = client.get("/accounts/login/").content.decode()
    assert "Inloggen" in dutch
    assert "Bijeenkomsten" in dutch  # in our layout
    client.post("/taal/", {"language": "en", "next": "/"})
    english = client.get("/accounts/login/").content.decode()
    assert "Sign In" in english
    assert "Sessions" in english


def test_a_members_choice_is_kept_on_the_profile_and_applied_at_the_next_login(client, member):
    client.force_login(member)
    client.post("/taal/", {"language": "en", "next": "/"})
    assert Profile.objects.get(user=member).preferred_language == "en"

    fresh = client.__class__()
    response = fresh.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in fresh.get("/").content.decode()


def test_an_unknown_language_changes_nothing(client):
    client.post("/taal/", {"language": "xx", "next": "/"})
    assert '<html lang="nl">' in client.get("/").content.decode()


def test_an_english_browser_still_gets_dutch_until_the_switch(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nl">' in page
