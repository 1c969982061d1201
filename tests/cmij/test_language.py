"""Dutch first, English complete; the choice is remembered on the profile."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format

from agenda.models import Event
from boards import selectors
from notifications import services as notification_services
from profiles.models import Municipality, Profile
from profiles.reference import ensure_reference_data
from tests.helpers import factories
from tests.helpers.factories import PASSWORD
from tests.helpers.tasks import run_worker

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


@pytest.mark.parametrize("language", ["nl", "en"])
def test_error_pages_carry_the_language_too(client, monkeypatch, language):
    """404 (in the layout), 500 and 503 (standalone, rendered without the database)."""
    from django.db import OperationalError

    client.raise_request_exception = False
    client.cookies["django_language"] = language
    assert f'<html lang="{language}">' in client.get("/bestaat-niet/").content.decode()

    def database_away():
        raise OperationalError("connection refused")

    for failure, status in ((lambda: 1 / 0, 500), (database_away, 503)):
        monkeypatch.setattr(selectors, "upcoming_meetings", failure)
        response = client.get("/")
        assert response.status_code == status
        assert f'<html lang="{language}">' in response.content.decode()


def test_an_unknown_language_changes_nothing(client):
    client.post("/taal/", {"language": "xx", "next": "/"})
    assert '<html lang="nl">' in client.get("/").content.decode()


def test_an_english_browser_still_gets_dutch_until_the_switch(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nl">' in page


def test_a_choice_made_before_logging_in_survives_the_login_form_and_is_kept(client, member):
    assert member.profile.preferred_language == "nl"
    client.post("/taal/", {"language": "en", "next": "/accounts/login/"})
    assert '<html lang="en">' in client.get("/accounts/login/").content.decode()

    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()
    assert Profile.objects.get(user=member).preferred_language == "en", "remembered for the next device"


def test_an_old_cookie_from_someone_else_does_not_overrule_the_profile_at_login(client, member_factory):
    """A shared computer: the last visitor left English behind; this member reads Dutch."""
    english = member_factory(language="en")
    client.force_login(english)
    client.post("/taal/", {"language": "en", "next": "/"})
    client.post("/accounts/logout/")

    dutch = member_factory(language="nl")
    response = client.post("/accounts/login/", {"login": dutch.email, "password": PASSWORD})
    assert response.cookies["django_language"].value == "nl"
    assert '<html lang="nl">' in client.get("/").content.decode()
    assert Profile.objects.get(user=dutch).preferred_language == "nl"


# --- dates and times: the Dutch or the English way, in Europe/Amsterdam ---------------------------


@pytest.mark.parametrize(
    ("starts_at", "dutch", "english"),
    [
        # 18:30 UTC in winter is 19:30 in Amsterdam (CET)
        (
            datetime(2030, 12, 3, 18, 30, tzinfo=UTC),
            "dinsdag 3 december 2030, 19:30",
            "Tuesday 3 December 2030, 19:30",
        ),
        # 17:30 UTC in summer is 19:30 in Amsterdam too (CEST)
        (
            datetime(2031, 7, 1, 17, 30, tzinfo=UTC),
            "dinsdag 1 juli 2031, 19:30",
            "Tuesday 1 July 2031, 19:30",
        ),
    ],
)
def test_a_meetings_time_reads_the_dutch_or_the_english_way_in_amsterdam_time(
    client, starts_at, dutch, english
):
    meeting = factories.meeting(starts_at=starts_at)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert dutch in page and "21:30" in page  # ends two hours later, Amsterdam time
    listing = client.get(reverse("boards:meetings")).content.decode()
    assert dutch in listing

    client.post("/taal/", {"language": "en", "next": "/"})
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert english in page and dutch not in page
    assert english in client.get(reverse("boards:meetings")).content.decode()


def test_an_agenda_card_writes_short_dates_the_dutch_or_the_english_way():
    """Dutch writes short month names in lower case, English capitalised (cmij/formats)."""
    ensure_reference_data()
    Event.objects.create(
        title="Open repetitie",
        starts_at=datetime(2030, 12, 3, 18, 30, tzinfo=UTC),
        ends_at=datetime(2030, 12, 3, 21, 0, tzinfo=UTC),
        venue="De Pletterij",
        municipality=Municipality.objects.get(slug="heemskerk"),
        status=Event.Status.PUBLISHED,
    )
    client = Client()
    assert "di 3 dec, 19:30" in client.get(reverse("agenda:agenda")).content.decode()
    client.post("/taal/", {"language": "en", "next": "/"})
    assert "Tue 3 Dec, 19:30" in client.get(reverse("agenda:agenda")).content.decode()


def test_the_site_keeps_amsterdam_time_and_each_languages_formats(settings):
    assert settings.USE_TZ and settings.TIME_ZONE == "Europe/Amsterdam"
    moment = timezone.localtime(datetime(2026, 12, 1, 18, 30, tzinfo=UTC))
    expected = {
        "nl": ("di 1 dec, 19:30", "1 dec 19:30", "1 dec 2026 19:30", "1 dec 2026", "1234,5"),
        "en": ("Tue 1 Dec, 19:30", "1 Dec 19:30", "1 Dec 2026 19:30", "1 Dec 2026", "1234.5"),
    }
    for language, (weekday, day_time, day_year_time, day_year, number) in expected.items():
        with translation.override(language):
            assert date_format(moment, "WEEKDAY_DAY_MONTH_TIME") == weekday
            assert date_format(moment, "DAY_MONTH_TIME") == day_time
            assert date_format(moment, "DAY_MONTH_YEAR_TIME") == day_year_time
            assert date_format(moment, "DAY_MONTH_YEAR") == day_year
            # No number on the site reaches the thousands; a decimal is written each language's way.
            assert number_format(1234.5, 1) == number


# --- notifications and emails: the recipient's language, not the sender's ---------------------


def logged_in(member) -> Client:
    """A browser that logged in through allauth's form, so the member's own language is set."""
    browser = Client()
    response = browser.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("sender_language", "recipient_language", "line", "not_line"),
    [
        ("en", "nl", "Sam stuurde je een bericht", "Sam sent you a message"),
        ("nl", "en", "Sam sent you a message", "Sam stuurde je een bericht"),
    ],
)
def test_a_notification_and_its_email_speak_the_recipients_language_not_the_senders(
    member_factory, sender_language, recipient_language, line, not_line
):
    sender = member_factory(language=sender_language, display_name="Sam")
    recipient = member_factory(language=recipient_language, email="ontvanger@example.nl")
    notification_services.email_setting_update(member=recipient, email="immediate")

    as_sender = logged_in(sender)
    assert f'<html lang="{sender_language}">' in as_sender.get("/").content.decode()
    response = as_sender.post(reverse("profiles:message", args=[recipient.profile.pk]), {"body": "Hoi!"})
    assert response.status_code == 302
    run_worker()

    [email] = mail.outbox
    assert email.to == ["ontvanger@example.nl"]
    assert email.subject == line
    assert not_line not in email.body
    page = logged_in(recipient).get(reverse("notifications:notifications")).content.decode()
    assert f'<html lang="{recipient_language}">' in page
    assert line in page and not_line not in page


@pytest.mark.django_db(transaction=True)
def test_the_daily_digest_speaks_each_recipients_language(member_factory):
    sender = member_factory(language="nl", display_name="Sam")
    english = member_factory(language="en", email="english@example.nl")  # the daily digest by default
    dutch = member_factory(language="nl", email="dutch@example.nl")
    as_sender = logged_in(sender)
    for recipient in (english, dutch):
        as_sender.post(reverse("profiles:message", args=[recipient.profile.pk]), {"body": "Hoi!"})

    with translation.override("nl"):  # whatever language the command runs in
        notification_services.digests_send(day=timezone.localdate())
    run_worker()

    sent = {email.to[0]: email for email in mail.outbox}
    assert sent["english@example.nl"].subject == "Cultuurmakers IJmond: 1 new notification"
    assert "Sam sent you a message" in sent["english@example.nl"].body
    assert sent["dutch@example.nl"].subject == "Cultuurmakers IJmond: 1 nieuwe melding"
    assert "Sam stuurde je een bericht" in sent["dutch@example.nl"].body
