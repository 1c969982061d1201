"""Calendar feeds: every feed parses, UIDs stay, SEQUENCE and LAST-MODIFIED rise, cancellations are
sent as such, a filtered feed holds exactly the filtered events, times carry Europe/Amsterdam with
its VTIMEZONE, and no text can break a line into a property of its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from agenda import calendars
from agenda import services as agenda_services
from agenda.models import Campaign, Event
from boards import services as board_services
from boards.models import Meeting
from profiles.models import Discipline, Municipality
from tests.helpers import factories
from tests.helpers.clients import client_for
from tests.helpers.factories import MemberFactory, event_fields, organiser, publish_event, submit_event, when

pytestmark = pytest.mark.django_db


def fetch(url: str, user=None) -> Calendar:
    response = client_for(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> dict[str, object]:
    return {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}


def test_every_feed_parses_and_has_its_name(settings):
    settings.CMIJ_BASE_URL = "https://cmij.example.nl"
    boss = organiser()
    june = Campaign.objects.create(slug="juni", name="Juni: zichtbaar")
    event = submit_event(title="Concert op het strand")
    agenda_services.event_approve(event=event, by=boss, campaigns=[june])
    meeting = factories.meeting(by=boss, title="Bijeenkomst: ruimte om te maken", place="Bibliotheek, Velsen")

    feeds = {
        "/agenda.ics": "Concert op het strand",
        "/agenda.ics?gemeente=beverwijk&gratis=": "Concert op het strand",
        "/agenda/campagnes/juni/agenda.ics": "Concert op het strand",
        f"/agenda/{event.pk}/agenda.ics": "Concert op het strand",
        "/agenda/bijeenkomsten.ics": "Bijeenkomst: ruimte om te maken",
        f"/bijeenkomsten/{meeting.slug}/agenda.ics": "Bijeenkomst: ruimte om te maken",
    }
    for url, summary in feeds.items():
        calendar = fetch(url)
        assert str(calendar["PRODID"]) == calendars.PRODID and str(calendar["VERSION"]) == "2.0"
        assert summary in vevents(calendar), url
        [component] = [c for c in calendar.walk("VEVENT") if str(c["SUMMARY"]) == summary]
        assert str(component["URL"]).startswith("https://cmij.example.nl/"), url
        assert component.get("DTSTAMP") is not None and component.get("LAST-MODIFIED") is not None
        assert str(component["STATUS"]) == "CONFIRMED"
    assert str(fetch("/agenda.ics")["X-WR-CALNAME"])
    assert str(fetch("/agenda/campagnes/juni/agenda.ics")["X-WR-CALNAME"]) == "CMIJ: Juni: zichtbaar"
    meetings = fetch("/agenda/bijeenkomsten.ics")
    [component] = meetings.walk("VEVENT")
    assert str(component["UID"]) == f"session-{meeting.pk}@cmij.example.nl"
    assert str(component["LOCATION"]) == "Bibliotheek, Velsen"


def test_a_single_download_is_an_attachment_with_a_filename():
    event = publish_event(title="Open Atelier: Zee & Zand")
    response = client_for().get(f"/agenda/{event.pk}/agenda.ics")
    assert response["Content-Disposition"] == 'attachment; filename="open-atelier-zee-zand.ics"'
    meeting = factories.meeting()
    response = client_for().get(f"/bijeenkomsten/{meeting.slug}/agenda.ics")
    assert response["Content-Disposition"] == f'attachment; filename="{meeting.slug}.ics"'
    # The event page and the add-to-calendar include link to it.
    assert (
        f'href="/agenda/{event.pk}/agenda.ics"' in client_for().get(event.get_absolute_url()).content.decode()
    )


def test_the_uid_stays_and_sequence_and_last_modified_rise_on_every_change(settings):
    settings.CMIJ_BASE_URL = "https://cmij.example.nl"
    submitter = MemberFactory()
    event = publish_event(submitter)
    # LAST-MODIFIED counts whole seconds: make the first version an hour old.
    Event.objects.filter(pk=event.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    first = fetch(f"/agenda/{event.pk}/agenda.ics").walk("VEVENT")[0]
    assert str(first["UID"]) == f"{event.uid}@cmij.example.nl"
    assert first["SEQUENCE"] == 0

    agenda_services.event_update(event=event, by=submitter, title="Zomeravondconcert, nu om 21 uur")
    second = fetch(f"/agenda/{event.pk}/agenda.ics").walk("VEVENT")[0]
    assert str(second["UID"]) == str(first["UID"])
    assert second["SEQUENCE"] == 1
    assert second["LAST-MODIFIED"].dt > first["LAST-MODIFIED"].dt
    assert second["LAST-MODIFIED"].dt.utcoffset() == timedelta(0)

    agenda_services.event_cancel(event=event, by=submitter)
    third = fetch("/agenda.ics").walk("VEVENT")[0]
    assert str(third["UID"]) == str(first["UID"]) and third["SEQUENCE"] == 2
    assert str(third["STATUS"]) == "CANCELLED"


def test_a_meetings_sequence_rises_when_it_is_edited():
    boss = organiser()
    meeting = factories.meeting(by=boss)
    before = fetch(f"/bijeenkomsten/{meeting.slug}/agenda.ics").walk("VEVENT")[0]
    board_services.meeting_update(meeting=meeting, by=boss, place="Stadsschouwburg Velsen")
    after = fetch(f"/bijeenkomsten/{meeting.slug}/agenda.ics").walk("VEVENT")[0]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1 and str(after["UID"]) == str(before["UID"])
    assert str(after["LOCATION"]) == "Stadsschouwburg Velsen"


def test_times_carry_europe_amsterdam_with_its_vtimezone_first():
    event = publish_event(starts_at=when(days=4, hour=20))
    body = client_for().get("/agenda.ics").content
    calendar = Calendar.from_ical(body)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Amsterdam"
    assert calendar.subcomponents[0].name == "VTIMEZONE"
    [component] = calendar.walk("VEVENT")
    assert component["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert component["DTSTART"].dt == event.starts_at and component["DTEND"].dt == event.ends_at
    assert component["DTSTART"].dt.hour == 20
    assert b"DTSTART;TZID=Europe/Amsterdam:" in body


def test_a_filtered_feed_holds_exactly_the_filtered_published_events():
    submitter, boss = MemberFactory(), organiser()
    heemskerk = Municipality.objects.get(slug="heemskerk")
    dans = Discipline.objects.get(slug="dans")
    publish_event(
        submitter,
        boss,
        title="Dans, gratis, Heemskerk",
        municipality=heemskerk,
        disciplines=[dans],
        free=True,
    )
    publish_event(
        submitter, boss, title="Dans, betaald, Heemskerk", municipality=heemskerk, disciplines=[dans]
    )
    publish_event(submitter, boss, title="Dans, gratis, Beverwijk", disciplines=[dans], free=True)
    publish_event(submitter, boss, title="Muziek, gratis, Heemskerk", municipality=heemskerk, free=True)
    agenda_services.event_submit(
        by=submitter, disciplines=[dans], **event_fields(title="Wacht nog", municipality=heemskerk, free=True)
    )
    refused = agenda_services.event_submit(
        by=submitter, disciplines=[dans], **event_fields(title="Afgewezen", municipality=heemskerk, free=True)
    )
    agenda_services.event_refuse(event=refused, by=boss, reason="Nee.")

    url = "/agenda.ics?gemeente=heemskerk&discipline=dans&gratis=on"
    assert set(vevents(fetch(url))) == {"Dans, gratis, Heemskerk"}
    page = client_for().get(url.replace("/agenda.ics", "/agenda/")).content.decode()
    assert "Dans, gratis, Heemskerk" in page and "Dans, betaald, Heemskerk" not in page
    assert set(vevents(fetch("/agenda.ics"))) == {
        "Dans, gratis, Heemskerk",
        "Dans, betaald, Heemskerk",
        "Dans, gratis, Beverwijk",
        "Muziek, gratis, Heemskerk",
    }


def test_past_events_leave_the_feed_unless_their_days_are_asked_for():
    event = publish_event(title="Lang geleden")
    Event.objects.filter(pk=event.pk).update(starts_at=when(days=-10), ends_at=when(days=-10, hour=22))
    assert vevents(fetch("/agenda.ics")) == {}
    day = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert set(vevents(fetch(f"/agenda.ics?van={day}&tot={day}"))) == {"Lang geleden"}


def test_semicolons_commas_and_newlines_round_trip():
    title = "Zang; dans, en meer: 'n avond \\ vol"
    description = "Regel één; met puntkomma.\nRegel twee, met komma.\n\nLaatste: regel\\slash"
    event = publish_event(
        title=title, description=description, venue="Zaal 1; boven", address="Plein 2, achter"
    )
    [component] = fetch(f"/agenda/{event.pk}/agenda.ics").walk("VEVENT")
    assert str(component["SUMMARY"]) == title
    assert str(component["DESCRIPTION"]) == description
    assert str(component["LOCATION"]) == "Zaal 1; boven, Plein 2, achter"


def test_no_text_breaks_a_line_into_a_property_of_its_own():
    event = publish_event(description="Tekst\r\nATTENDEE:mailto:evil@example.nl\nEND:VEVENT\nBEGIN:VEVENT")
    # Titles and places are single-line by validation; force what the services refuse, to test the feed.
    Event.objects.filter(pk=event.pk).update(
        title="<script>alert(1)</script>\r\nATTENDEE:mailto:evil@example.nl",
        venue="Zaal\nORGANIZER:mailto:evil@example.nl",
    )
    body = client_for().get(f"/agenda/{event.pk}/agenda.ics").content
    lines = body.decode().split("\r\n")
    assert not any(line.startswith(("ATTENDEE", "ORGANIZER")) for line in lines)
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    [component] = Calendar.from_ical(body).walk("VEVENT")
    assert "ATTENDEE" not in component and "ORGANIZER" not in component
    assert str(component["SUMMARY"]).startswith("<script>alert(1)</script>")
    assert "ATTENDEE:mailto:evil@example.nl" in str(component["SUMMARY"])
    assert "ATTENDEE:mailto:evil@example.nl" in str(component["DESCRIPTION"])


def test_the_meetings_feed_has_the_upcoming_and_recent_meetings_only():
    boss = organiser()
    factories.meeting(by=boss, title="Komende bijeenkomst")
    recent = factories.meeting(by=boss, title="Vorige maand", starts_at=timezone.now() + timedelta(days=1))
    old = factories.meeting(by=boss, title="Twee jaar geleden", starts_at=timezone.now() + timedelta(days=2))
    Meeting.objects.filter(pk=recent.pk).update(
        starts_at=timezone.now() - timedelta(days=30), ends_at=timezone.now() - timedelta(days=30, hours=-2)
    )
    Meeting.objects.filter(pk=old.pk).update(
        starts_at=timezone.now() - timedelta(days=700), ends_at=timezone.now() - timedelta(days=700, hours=-2)
    )
    assert set(vevents(fetch("/agenda/bijeenkomsten.ics"))) == {"Komende bijeenkomst", "Vorige maand"}


def test_a_pending_event_has_no_public_calendar_file():
    submitter = MemberFactory()
    event = submit_event(submitter)
    assert client_for().get(f"/agenda/{event.pk}/agenda.ics").status_code == 404
    assert client_for(MemberFactory()).get(f"/agenda/{event.pk}/agenda.ics").status_code == 404
    assert vevents(fetch(f"/agenda/{event.pk}/agenda.ics", submitter)).keys() == {event.title}


def test_the_uid_host_falls_back_to_cmij(settings):
    settings.CMIJ_BASE_URL = ""
    event = publish_event()
    assert calendars.event_uid(event) == f"{event.uid}@cmij"
