"""Calendar feeds (RFC 5545) made with the `icalendar` package: the agenda (any filtered view), a
campaign, CMIJ's own sessions, and one event or meeting for "Zet in je agenda".

- UIDs are stable: an event's is its `uid` at the site's host, a meeting's its pk.
- SEQUENCE and LAST-MODIFIED come from the row (`sequence` rises on every change, `updated_at`), so
  calendar apps replace what they hold; a cancelled event is sent with STATUS:CANCELLED.
- Times carry TZID=Europe/Amsterdam, with the VTIMEZONE that describes it.
- Every text goes in through `calendar_text`, as a property value: every kind of line break becomes
  "\n" (icalendar escapes only CRLF and LF; a lone CR, a form feed or U+2028 would reach the file as
  is, and a lenient reader starts a new property there) and other control characters are dropped, so
  no text can start a property or an event of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from agenda.models import Event
from agenda.selectors import AMSTERDAM
from agenda.structured_data import absolute_url
from boards.models import Meeting
from cmij.text import plain_lines

PRODID = "-//Cultuurmakers IJmond//CMIJ agenda//NL"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid_host() -> str:
    return urlsplit(settings.CMIJ_BASE_URL).hostname or "cmij"


def event_uid(event: Event) -> str:
    return f"{event.uid}@{uid_host()}"


def meeting_uid(meeting: Meeting) -> str:
    return f"session-{meeting.pk}@{uid_host()}"


#: C0 controls but TAB and LF, DEL and the C1 controls: not text, and some readers break on them.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def calendar_text(value: str) -> str:
    """Any text on its way into a calendar file: line breaks of every kind as "\\n", which icalendar
    writes escaped, and no other control character."""
    return CONTROLS.sub("", plain_lines(str(value)))


def _local(moment):
    return timezone.localtime(moment, AMSTERDAM)


def _utc(moment):
    return moment.astimezone(UTC)


def _component(thing: Event | Meeting, *, uid: str, now=None) -> icalendar.Event:
    """What every entry carries: a stable UID, its change count and times, its title and page."""
    component = icalendar.Event()
    component.add("uid", uid)
    component.add("dtstamp", _utc(now or timezone.now()))
    component.add("created", _utc(thing.created_at))
    component.add("last-modified", _utc(thing.updated_at))
    component.add("sequence", thing.sequence)
    if getattr(thing, "all_day", False):
        component.add("dtstart", thing.first_day)
        component.add("dtend", thing.last_day + timedelta(days=1))
    else:
        component.add("dtstart", _local(thing.starts_at))
        component.add("dtend", _local(thing.ends_at))
    component.add("summary", calendar_text(thing.title))
    component.add("url", absolute_url(thing.get_absolute_url()))
    return component


def event_component(event: Event, *, now=None) -> icalendar.Event:
    component = _component(event, uid=event_uid(event), now=now)
    # A member's event that partners' calendars also hold: their pages, after its own text.
    description = "\n\n".join(
        [event.description, *(twin.link for twin in getattr(event, "twins", ()) if twin.link)]
    )
    if description.strip():
        component.add("description", calendar_text(description.strip()))
    component.add("location", calendar_text(", ".join(part for part in (event.venue, event.address) if part)))
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return component


def meeting_component(meeting: Meeting, *, now=None) -> icalendar.Event:
    component = _component(meeting, uid=meeting_uid(meeting), now=now)
    description = "\n\n".join(part for part in (meeting.description, meeting.online_url) if part)
    if description:
        component.add("description", calendar_text(description))
    place = ", ".join(part for part in (meeting.place, getattr(meeting.municipality, "name", "")) if part)
    if place:
        component.add("location", calendar_text(place))
    component.add("status", "CONFIRMED")
    return component


def calendar_ics(
    *, name: str, events: Iterable[Event] = (), meetings: Iterable[Meeting] = (), feed: bool = True
) -> bytes:
    """A whole calendar as bytes: its events and meetings, then the VTIMEZONE they need, put first."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if feed:
        calendar.add("x-wr-calname", calendar_text(name))
        calendar.add("x-wr-timezone", "Europe/Amsterdam")
    now = timezone.now()
    for event in events:
        calendar.add_component(event_component(event, now=now))
    for meeting in meetings:
        calendar.add_component(meeting_component(meeting, now=now))
    calendar.add_missing_timezones()
    # Some calendar apps read a VTIMEZONE only when it comes before the events that use it.
    calendar.subcomponents.sort(key=lambda component: component.name != "VTIMEZONE")
    return calendar.to_ical()
