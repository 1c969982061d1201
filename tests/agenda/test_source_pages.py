"""Imported events on the agenda's pages and feeds: where they come from, a member's duplicate shown
once with both links, all-day events as days, and a discipline merge that keeps every tag."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from agenda.models import Event, Source
from profiles.models import Discipline
from tests.helpers import factories
from tests.helpers.clients import client_for

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def source(**fields) -> Source:
    data = {
        "name": "Kennemer Theater",
        "url": "https://partner.example/agenda.ics",
        "website": "https://partner.example/",
        "municipality": factories.municipality("beverwijk"),
    }
    return Source.objects.create(**(data | fields))


def imported(partner: Source, uid: str, **fields) -> Event:
    starts_at = fields.pop("starts_at", factories.when(days=5))
    data = {
        "title": "Kerstconcert",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "venue": "Kennemer Theater",
        "address": "Breestraat 31",
        "municipality": partner.municipality,
        "link": f"https://partner.example/agenda/{uid}",
        "status": Event.Status.PUBLISHED,
    }
    data.update(fields)
    return Event.objects.create(source=partner, source_uid=uid, **data)


def test_an_imported_event_says_where_it_comes_from_with_links_to_the_source():
    event = imported(source(), "kerst")
    for path in ("/agenda/", event.get_absolute_url()):
        page = client_for().get(path).content.decode()
        assert "Uit de agenda van" in page and 'href="https://partner.example/"' in page, path
        assert 'href="https://partner.example/agenda/kerst"' in page, path


def test_a_members_duplicate_is_shown_once_with_both_links_on_the_page_and_in_the_feeds():
    starts_at = factories.when(days=5)
    member_event = factories.publish_event(
        title="Kerstconcert", venue="Kennemer Theater", starts_at=starts_at
    )
    copy = imported(source(), "kerst", title="KERSTCONCERT", venue="kennemer theater", starts_at=starts_at)
    other = imported(source(name="Bibliotheek"), "lezing", title="Lezing", starts_at=starts_at)

    page = client_for().get("/agenda/").content.decode()
    assert page.count(f'href="{member_event.get_absolute_url()}"') == 1
    assert f'href="{copy.get_absolute_url()}"' not in page
    assert "Ook in de agenda van" in page and 'href="https://partner.example/agenda/kerst"' in page
    assert f'href="{other.get_absolute_url()}"' in page  # another title is no duplicate

    calendar = icalendar.Calendar.from_ical(client_for().get("/agenda.ics").content)
    summaries = [str(component["SUMMARY"]) for component in calendar.walk("VEVENT")]
    assert sorted(summaries) == ["Kerstconcert", "Lezing"]
    [concert] = [c for c in calendar.walk("VEVENT") if str(c["SUMMARY"]) == "Kerstconcert"]
    assert "https://partner.example/agenda/kerst" in str(concert["DESCRIPTION"])

    data = json.loads(client_for().get("/agenda.json").content)
    items = {item["item"]["name"]: item["item"] for item in data["itemListElement"]}
    assert sorted(items) == ["Kerstconcert", "Lezing"]
    assert items["Kerstconcert"]["url"].endswith(member_event.get_absolute_url())
    assert items["Kerstconcert"]["sameAs"] == ["https://partner.example/agenda/kerst"]
    assert items["Lezing"]["organizer"] == {
        "@type": "Organization",
        "name": "Bibliotheek",
        "url": "https://partner.example/",
    }


def test_an_all_day_event_is_shown_as_days_and_sent_as_dates():
    day = factories.when(days=10, hour=0).date()
    start = datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM)
    festival = imported(
        source(),
        "festival",
        title="Strandfestival",
        all_day=True,
        starts_at=start,
        ends_at=start + timedelta(days=3),
    )
    page = client_for().get(festival.get_absolute_url()).content.decode()
    assert f'<time datetime="{day.isoformat()}">' in page
    assert f'<time datetime="{(day + timedelta(days=2)).isoformat()}">' in page and "hele dag" in page

    calendar = icalendar.Calendar.from_ical(client_for().get("/agenda.ics").content)
    [component] = calendar.walk("VEVENT")
    assert component.decoded("DTSTART") == day and component.decoded("DTEND") == day + timedelta(days=3)


def test_merging_disciplines_keeps_every_events_and_every_sources_disciplines():
    keep = Discipline.objects.get(slug="theater")
    duplicate = Discipline.objects.create(slug="toneel", name_nl="Toneel", name_en="Drama")
    partner = source()
    partner.disciplines.set([duplicate])
    event = imported(partner, "kerst")
    event.disciplines.set([duplicate])
    member_event = factories.publish_event(disciplines=[duplicate, keep])

    response = client_for(factories.organiser()).post(
        "/beheer/profiles/discipline/", {"action": "merge", "_selected_action": [keep.pk, duplicate.pk]}
    )
    assert response.status_code == 302
    assert list(partner.disciplines.all()) == [keep]
    assert list(event.disciplines.all()) == [keep]
    assert list(member_event.disciplines.all()) == [keep]
