"""A partner's calendar (iCalendar) read into the occurrences the agenda keeps (agenda/sources.py).

- Parsed with `icalendar`; series expanded within the window, with their exceptions (RRULE, RDATE,
  EXDATE, RECURRENCE-ID), by `recurring-ical-events`, which also reads X-WR-TIMEZONE as Google
  writes it. Floating times are in that zone, else Europe/Amsterdam.
- Each occurrence keeps its UID and, within a series, its RECURRENCE-ID (in UTC): the key that a
  next fetch matches on. A single event's key has an empty RECURRENCE-ID.
- What cannot be taken is skipped with a reason (a code; `SKIP_REASONS` words it), never guessed:
  no start, control characters, a UID used twice with different content, a series that cannot be
  expanded, an event outside the window. Descriptions that hold HTML become text.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import nh3
import recurring_ical_events
from django.utils.translation import gettext_lazy as _

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TITLE_MAX = 120
DESCRIPTION_MAX = 4000
VENUE_MAX = 120
ADDRESS_MAX = 200
#: Control characters that no calendar text needs (tab, line feed and carriage return are whitespace).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_BLOCK_END = re.compile(r"(?i)<\s*(br\s*/?|/p|/div|/li|/h[1-6])\s*>")

#: Why an event was not taken, in the organisers' words.
SKIP_REASONS = {
    "no_start": _("The event has no start (DTSTART)."),
    "bad_time": _("The event's start or end cannot be read."),
    "control": _("The event's text contains control characters."),
    "uid_conflict": _("The UID is used by more than one event with different content."),
    "bad_series": _("The repeating series cannot be expanded."),
    "outside_window": _("The event is in the past or more than the agenda's window ahead."),
    "no_title": _("The event has no title (SUMMARY)."),
}


class NotICalendar(ValueError):
    """The body is not an iCalendar file (VCALENDAR)."""


@dataclass(frozen=True)
class Occurrence:
    """One event or one occurrence of a series, as the agenda keeps it."""

    uid: str
    recurrence: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    venue: str
    address: str
    link: str
    cancelled: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.uid, self.recurrence)


@dataclass
class Feed:
    """What a calendar brought: the occurrences to keep (earliest first, at most `cap`), the keys of
    everything it still holds in the window (kept or not), and what was skipped, by reason."""

    occurrences: list[Occurrence] = field(default_factory=list)
    present: set[tuple[str, str]] = field(default_factory=set)
    skipped: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    over_cap: int = 0

    def skip(self, reason: str, component: icalendar.cal.Component | None = None) -> None:
        self.skipped[reason] += 1
        label = _single_line(str(component.get("SUMMARY", "")))[:60] if component is not None else ""
        if label and len(self.examples[reason]) < 3 and label not in self.examples[reason]:
            self.examples[reason].append(label)


def parse_feed(body: bytes, *, window_start: datetime, window_end: datetime, cap: int) -> Feed:
    """The occurrences of a calendar between two moments. Raises NotICalendar for anything else."""
    calendar = _calendar(body)
    feed = Feed()
    floating = _floating_zone(calendar)
    masters = _usable_events(calendar, feed, window_start, window_end)
    series = {uid for uid, components in masters.items() if _is_series(components)}
    occurrences: list[Occurrence] = []
    for uid, components in masters.items():
        try:
            # A single event is its own occurrence (_usable_events saw that it touches the window);
            # only a series needs expanding, which costs a few milliseconds each.
            expanded = (
                _expand(calendar, components, window_start, window_end) if uid in series else components
            )
        except Exception:  # noqa: BLE001 - any failure of a series skips that series only
            feed.skip("bad_series", components[0])
            continue
        for component in expanded:
            occurrence = _occurrence(component, uid=uid, in_series=uid in series, floating=floating)
            if isinstance(occurrence, str):
                feed.skip(occurrence, component)
                continue
            if occurrence.ends_at <= window_start or occurrence.starts_at >= window_end:
                continue
            occurrences.append(occurrence)
    occurrences.sort(key=lambda o: (o.starts_at, o.title, o.key))
    unique: dict[tuple[str, str], Occurrence] = {}
    for occurrence in occurrences:
        unique.setdefault(occurrence.key, occurrence)
    feed.present = set(unique)
    kept = list(unique.values())
    feed.occurrences, feed.over_cap = kept[:cap], max(0, len(kept) - cap)
    return feed


# --- reading ---------------------------------------------------------------------------------------


def _calendar(body: bytes) -> icalendar.Calendar:
    text = body.decode("utf-8-sig", errors="replace")
    if "BEGIN:VCALENDAR" not in text[:2000].upper():
        raise NotICalendar("no BEGIN:VCALENDAR at the start")
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as error:  # noqa: BLE001 - icalendar raises ValueError, KeyError, IndexError...
        raise NotICalendar(str(error)[:200]) from error
    if calendar.name != "VCALENDAR":
        raise NotICalendar(f"a {calendar.name}, not a VCALENDAR")
    return calendar


def _floating_zone(calendar: icalendar.Calendar) -> ZoneInfo:
    name = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    try:
        return ZoneInfo(name) if name else AMSTERDAM
    except (ValueError, KeyError, OSError):
        return AMSTERDAM


def _usable_events(
    calendar: icalendar.Calendar, feed: Feed, window_start: datetime, window_end: datetime
) -> dict[str, list[icalendar.Event]]:
    """The VEVENTs by UID, those that cannot be taken set aside with their reason: the master of a
    series (or the single event) first, then its overrides."""
    groups: dict[str, list[icalendar.Event]] = defaultdict(list)
    for component in calendar.walk("VEVENT"):
        if "DTSTART" not in component:
            feed.skip("no_start", component)
            continue
        if any(
            _CONTROL.search(str(component.get(name, ""))) for name in ("SUMMARY", "LOCATION", "DESCRIPTION")
        ):
            feed.skip("control", component)
            continue
        uid = _single_line(str(component.get("UID", ""))) or _made_up_uid(component)
        groups[uid[:255]].append(component)
    usable: dict[str, list[icalendar.Event]] = {}
    for uid, components in groups.items():
        masters = [c for c in components if "RECURRENCE-ID" not in c]
        overrides = [c for c in components if "RECURRENCE-ID" in c]
        if len({c.to_ical() for c in masters}) > 1:
            for component in masters:
                feed.skip("uid_conflict", component)
            continue
        masters = masters[:1]
        if masters and not _is_series(masters) and not _overlaps(masters[0], window_start, window_end):
            feed.skip("outside_window", masters[0])
            continue
        usable[uid] = masters + overrides
    return usable


def _made_up_uid(component: icalendar.Event) -> str:
    """A UID for an event that has none: the same start and title give the same one next time."""
    seed = f"{component.get('DTSTART').to_ical()!r}|{component.get('SUMMARY', '')}"
    return "no-uid-" + hashlib.sha256(seed.encode()).hexdigest()[:32]


def _is_series(components: list[icalendar.Event]) -> bool:
    return len(components) > 1 or any(
        "RRULE" in c or "RDATE" in c or "RECURRENCE-ID" in c for c in components
    )


def _overlaps(component: icalendar.Event, window_start: datetime, window_end: datetime) -> bool:
    """Whether a single event touches the window (an unreadable time lets the occurrence decide)."""
    try:
        start = _aware(component.decoded("DTSTART"), AMSTERDAM)
        end = _aware(component.decoded("DTEND"), AMSTERDAM) if "DTEND" in component else start
    except (ValueError, TypeError, KeyError, OverflowError):
        return True
    return start < window_end and max(end, start + timedelta(days=1)) > window_start


def _expand(
    calendar: icalendar.Calendar, components: list[icalendar.Event], start: datetime, end: datetime
) -> list[icalendar.Event]:
    """One UID's occurrences in the window, in a calendar of their own with the calendar's zones."""
    single = icalendar.Calendar()
    for name in ("X-WR-TIMEZONE",):
        if name in calendar:
            single.add(name, calendar[name])
    for timezone_component in calendar.walk("VTIMEZONE"):
        single.add_component(timezone_component)
    for component in components:
        single.add_component(component)
    return list(recurring_ical_events.of(single).between(start - timedelta(days=1), end))


# --- one occurrence --------------------------------------------------------------------------------


def _occurrence(
    component: icalendar.Event, *, uid: str, in_series: bool, floating: ZoneInfo
) -> Occurrence | str:
    """The occurrence as the agenda keeps it, or the code of why it is skipped."""
    try:
        raw_start = component.decoded("DTSTART")
        raw_end = component.decoded("DTEND") if "DTEND" in component else None
        if raw_end is None and "DURATION" in component:
            raw_end = raw_start + component.decoded("DURATION")
    except (ValueError, TypeError, KeyError, OverflowError):
        return "bad_time"
    all_day = isinstance(raw_start, date) and not isinstance(raw_start, datetime)
    # A day is a day in the agenda's zone, wherever the calendar was made.
    zone = AMSTERDAM if all_day else floating
    try:
        starts_at = _aware(raw_start, zone)
        ends_at = _aware(raw_end, zone) if raw_end is not None else starts_at
    except (ValueError, TypeError, OverflowError):
        return "bad_time"
    if ends_at <= starts_at:
        ends_at = starts_at + (timedelta(days=1) if all_day else timedelta(hours=1))
    title = _single_line(str(component.get("SUMMARY", "")))[:TITLE_MAX]
    if not title:
        return "no_title"
    venue, address = _place(str(component.get("LOCATION", "")))
    link = str(component.get("URL", "")).strip()
    recurrence = ""
    if in_series:
        recurrence_id = component.get("RECURRENCE-ID")
        recurrence = _utc_key(recurrence_id.dt if recurrence_id is not None else raw_start)
    return Occurrence(
        uid=uid,
        recurrence=recurrence,
        title=title,
        description=description_text(str(component.get("DESCRIPTION", "")))[:DESCRIPTION_MAX],
        starts_at=starts_at,
        ends_at=ends_at,
        all_day=all_day,
        venue=venue,
        address=address,
        link=link if link.lower().startswith(("https://", "http://")) and len(link) <= 200 else "",
        cancelled=str(component.get("STATUS", "")).upper() == "CANCELLED",
    )


def _aware(moment: date | datetime, floating: ZoneInfo) -> datetime:
    if not isinstance(moment, datetime):
        return datetime(moment.year, moment.month, moment.day, tzinfo=floating)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=floating)
    return moment


def _utc_key(moment: date | datetime) -> str:
    if not isinstance(moment, datetime):
        return moment.strftime("%Y%m%d")
    if moment.tzinfo is None:
        return moment.strftime("%Y%m%dT%H%M%S")
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def _single_line(text: str) -> str:
    """Text for one line: every run of whitespace (a line break, a lone carriage return) one space."""
    return " ".join(text.split())


def _place(location: str) -> tuple[str, str]:
    """LOCATION as a venue and an address: "Kennemer Theater, Breestraat 31, Beverwijk"."""
    location = _single_line(location)
    venue, _comma, address = location.partition(",")
    return venue.strip()[:VENUE_MAX], address.strip()[:ADDRESS_MAX]


def description_text(text: str) -> str:
    """A DESCRIPTION as plain text with its paragraphs: HTML (as WordPress writes it) becomes text,
    line endings become line feeds."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _TAG.search(text):
        text = _BLOCK_END.sub("\n", text)
        text = html.unescape(nh3.clean(text, tags=set()))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
