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
from tests.helpers.feed_server import feed_server

FOLDER = Path(__file__).parent / "ics"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(moment: datetime) -> str:
    return timezone.localtime(moment, AMSTERDAM).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_event_lands_once_at_its_local_time_and_a_second_fetch_changes_nothing(db, settings, name):
    settings.CMIJ_AGENDA_FETCH_ALLOW_NETWORKS = ["127.0.0.1/32"]
    expected = EXPECTED[name]
    now = datetime.fromisoformat(expected["now"]).replace(hour=8, tzinfo=AMSTERDAM)
    with feed_server() as server:
        server.serve(f"/{name}", (FOLDER / name).read_bytes())
        source = Source.objects.create(
            name="Partner",
            url=f"{server.url}/{name}",
            municipality=factories.municipality("velsen"),
            publish_at_once=True,
        )
        first = sources.source_fetch(source.pk, now=now)
        stored = [
            (e.title, local(e.starts_at), local(e.ends_at), e.all_day, e.is_cancelled)
            for e in Event.objects.order_by("starts_at", "title")
        ]
        assert stored == sorted(expected["events"], key=lambda e: (e[1], e[0]))
        assert (first.result, first.added, first.skipped) == ("fetched", len(expected["events"]), 0)

        second = sources.source_fetch(source.pk, now=now)
        assert (second.added, second.updated, second.cancelled) == (0, 0, 0)
        assert Event.objects.filter(sequence__gt=0).count() == 0


def test_html_in_a_wordpress_description_becomes_text(db, settings):
    settings.CMIJ_AGENDA_FETCH_ALLOW_NETWORKS = ["127.0.0.1/32"]
    name = "wordpress-events.ics"
    now = datetime.fromisoformat(EXPECTED[name]["now"]).replace(tzinfo=AMSTERDAM)
    with feed_server() as server:
        server.serve(f"/{name}", (FOLDER / name).read_bytes())
        source = Source.objects.create(
            name="Partner",
            url=f"{server.url}/{name}",
            municipality=factories.municipality("velsen"),
            publish_at_once=True,
        )
        sources.source_fetch(source.pk, now=now)
    descriptions = list(Event.objects.values_list("description", "description_html"))
    assert descriptions and all("<" not in text and "&amp;" not in text for text, _html in descriptions)
    assert all("<script" not in html and "alert(1)" not in html for _text, html in descriptions)
