"""Real-world calendars (tests/agenda/ics: the sample calendars of icalendar's and recurring-ical-events'
test suites, and files with the quirks of Google, Outlook, Nextcloud and a WordPress events plugin),
each served from a loopback server: every event lands once, at the local time written in
tests/agenda/ics/expected.py, and a second fetch changes nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from agenda import sources
from agenda.models import Event, Source
from tests.agenda.ics.expected import EXPECTED
from tests.helpers import factories

FOLDER = Path(__file__).parent / "ics"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(moment: datetime) -> str:
    return timezone.localtime(moment, AMSTERDAM).strftime("%Y-%m-%d %H:%M")


def served_fixture(server, name: str) -> tuple[Source, datetime]:
    """A source for one fixture file served from loopback, and the moment its test pretends it is."""
    server.serve(f"/{name}", (FOLDER / name).read_bytes())
    source = Source.objects.create(
        name="Partner",
        url=f"{server.url}/{name}",
        municipality=factories.municipality("velsen"),
        publish_at_once=True,
    )
    return source, datetime.fromisoformat(EXPECTED[name]["now"]).replace(hour=8, tzinfo=AMSTERDAM)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_event_lands_once_at_its_local_time_and_a_second_fetch_changes_nothing(db, server, name):
    source, now = served_fixture(server, name)
    expected = EXPECTED[name]["events"]
    first = sources.source_fetch(source.pk, now=now)
    stored = [
        (e.title, local(e.starts_at), local(e.ends_at), e.all_day, e.is_cancelled)
        for e in Event.objects.order_by("starts_at", "title")
    ]
    assert stored == sorted(expected, key=lambda e: (e[1], e[0]))
    assert (first.result, first.added, first.skipped) == ("fetched", len(expected), 0)

    second = sources.source_fetch(source.pk, now=now)
    assert (second.added, second.updated, second.cancelled) == (0, 0, 0)
    assert Event.objects.filter(sequence__gt=0).count() == 0


def test_html_in_a_wordpress_description_becomes_text(db, server):
    source, now = served_fixture(server, "wordpress-events.ics")
    sources.source_fetch(source.pk, now=now)
    descriptions = list(Event.objects.values_list("description", "description_html"))
    assert descriptions and all("<" not in text and "&amp;" not in text for text, _html in descriptions)
    assert all("<script" not in html and "alert(1)" not in html for _text, html in descriptions)
