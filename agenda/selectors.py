"""Reads worth naming for the agenda: the agenda's filters and days, the review queue, a member's events,
campaigns, meetings for the calendar feed, and makers shown by their profile's visibility."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda import permissions
from agenda.models import Campaign, Event
from archive.models import Topic
from archive.registry import TimelineItem
from boards.models import Meeting
from profiles.models import Profile

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
#: Events on one page of the agenda; the page links to the next ("more").
PAGE_SIZE = 30
#: The most events one calendar feed carries (the agenda's upcoming ones, or a filtered view).
FEED_MAX = 500
#: Meetings in the meetings feed: the upcoming ones and those of the last half year.
MEETINGS_RECENT = timedelta(days=183)


# --- selectors --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaQuery:
    """The agenda's filters (agenda_forms.AgendaFilterForm), shared by the page and its feed."""

    municipality_ids: frozenset[int] = frozenset()
    discipline_ids: frozenset[int] = frozenset()
    starts_on: date | None = None
    ends_on: date | None = None
    free: bool = False

    @property
    def first_day(self) -> date:
        return self.starts_on or timezone.localdate(timezone=AMSTERDAM)


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM)


def events_for_cards() -> QuerySet[Event]:
    """Everything an event card shows, in a fixed number of queries however many events."""
    return Event.objects.select_related("municipality", "kern", "source").prefetch_related(
        "disciplines",
        Prefetch(
            "makers",
            queryset=get_user_model().objects.select_related("profile").order_by("profile__display_name"),
        ),
    )


def published_events() -> QuerySet[Event]:
    return events_for_cards().filter(status=Event.Status.PUBLISHED)


def agenda_events(*, query: AgendaQuery, now: datetime | None = None) -> QuerySet[Event]:
    """Published events (cancelled ones too, shown as such) that end after now, or within the chosen
    days; in municipality, discipline, free, as asked. The agenda page and its feed both read this."""
    events = published_events()
    if query.starts_on is None:
        events = events.filter(ends_at__gt=now or timezone.now())
    else:
        events = events.filter(ends_at__gt=day_start(query.starts_on))
    if query.ends_on is not None:
        events = events.filter(starts_at__lt=day_start(query.ends_on + timedelta(days=1)))
    if query.municipality_ids:
        events = events.filter(municipality_id__in=query.municipality_ids)
    if query.discipline_ids:
        tagged = Event.disciplines.through.objects.filter(discipline_id__in=query.discipline_ids)
        events = events.filter(pk__in=tagged.values("event_id"))
    if query.free:
        events = events.filter(free=True)
    return events.exclude(_member_twin()).order_by("starts_at", "id")


def _member_twin() -> Q:
    """An imported event that a member's published event duplicates (same title, start and venue):
    the agenda shows it once, as the member's, with both links (attach_twins)."""
    twins = (
        Event.objects.filter(
            source__isnull=True, status=Event.Status.PUBLISHED, starts_at=OuterRef("starts_at")
        )
        .annotate(title_lower=Lower("title"), venue_lower=Lower("venue"))
        .filter(title_lower=Lower(OuterRef("title")), venue_lower=Lower(OuterRef("venue")))
    )
    return Q(source__isnull=False) & Q(Exists(twins))


def _twin_key(event: Event) -> tuple:
    return (event.starts_at, event.title.lower(), event.venue.lower())


def attach_twins(events: list[Event]) -> list[Event]:
    """Each member's event gets `twins`: the partners' copies of it that the agenda leaves out, for
    their links. One query however many events."""
    members = [event for event in events if not event.is_imported]
    for event in events:
        event.twins = []
    if not members:
        return events
    by_key = {_twin_key(event): event for event in members}
    copies = Event.objects.filter(
        source__isnull=False, status=Event.Status.PUBLISHED, starts_at__in={e.starts_at for e in members}
    ).select_related("source")
    for copy in copies:
        if (event := by_key.get(_twin_key(copy))) is not None:
            event.twins.append(copy)
    return events


def this_week(*, now: datetime | None = None) -> QuerySet[Event]:
    """The agenda of today and the six days after it (the home page's "this week")."""
    today = timezone.localdate(now or timezone.now(), timezone=AMSTERDAM)
    query = AgendaQuery(starts_on=today, ends_on=today + timedelta(days=6))
    return agenda_events(query=query, now=now).filter(cancelled_at__isnull=True)


def current_campaign() -> Campaign | None:
    """The campaign running today; of two, the one that started last."""
    today = timezone.localdate(timezone=AMSTERDAM)
    return (
        Campaign.objects.filter(starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .order_by("-starts_on", "name")
        .first()
    )


def agenda_days(events: Iterable[Event], *, first_day: date) -> list[tuple[date, list[Event]]]:
    """Events by day (Europe/Amsterdam); one that began before the first day shown is listed on it."""
    days: dict[date, list[Event]] = {}
    for event in events:
        day = max(timezone.localtime(event.starts_at, AMSTERDAM).date(), first_day)
        days.setdefault(day, []).append(event)
    return sorted(days.items())


def event_queue() -> QuerySet[Event]:
    """What the organisers still have to look at: oldest first."""
    return (
        events_for_cards()
        .filter(status=Event.Status.PENDING)
        .select_related("submitted_by__profile")
        .order_by("created_at", "id")
    )


def events_submitted_by(member: AbstractBaseUser) -> QuerySet[Event]:
    return events_for_cards().filter(submitted_by=member).order_by("-starts_at", "-id")


def campaign_events(campaign: Campaign) -> QuerySet[Event]:
    return published_events().filter(campaigns=campaign).order_by("starts_at", "id")


def meetings_for_feed(*, now: datetime | None = None) -> QuerySet[Meeting]:
    """CMIJ's own sessions: the upcoming ones and those of the last half year."""
    since = (now or timezone.now()) - MEETINGS_RECENT
    return Meeting.objects.filter(ends_at__gte=since).select_related("municipality").order_by("starts_at")


@dataclass(frozen=True)
class Maker:
    """A maker as a page shows them: a name, and the profile's address where it may be seen."""

    name: str
    url: str = ""


def maker_names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def event_makers(event: Event, viewer: AbstractBaseUser | AnonymousUser | None) -> list[Maker]:
    """The makers a viewer may see: members whose profile they may see (linked), then the others by
    name. An anonymous visitor sees no member whose profile is not public. No queries when the
    event came from events_for_cards()."""
    shown = []
    for user in event.makers.all():
        profile: Profile | None = getattr(user, "profile", None)
        if profile is not None and permissions.can_see_maker(viewer, profile):
            shown.append(Maker(profile.display_name, profile.get_absolute_url()))
    return shown + [Maker(name) for name in maker_names(event.maker_names)]


def campaign_makers(events: Iterable[Event], viewer: AbstractBaseUser | AnonymousUser | None) -> list[Maker]:
    """The makers taking part in a campaign: those of its published events, each once."""
    seen: dict[str, Maker] = {}
    for event in events:
        for maker in event_makers(event, viewer):
            seen.setdefault(maker.url or maker.name.casefold(), maker)
    return sorted(seen.values(), key=lambda maker: maker.name.casefold())


def topic_timeline(*, topic: Topic, members_view: bool, limit: int) -> list[TimelineItem]:
    """The published events on a topic, for its timeline (archive/registry.py): for everyone."""
    events = (
        Event.objects.filter(topics=topic, status=Event.Status.PUBLISHED)
        .select_related("municipality")
        .order_by("-starts_at")[:limit]
    )
    return [TimelineItem("event", e.starts_at, e, _("Event"), "agenda/timeline_event.html") for e in events]
