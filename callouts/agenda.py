"""The UIT-agenda: members' events with approval, and campaigns. Services (every write) and selectors
(the reads worth naming), as in callouts/services.py and callouts/selectors.py, plus the event's
structured data (schema.org JSON-LD) and plain text for link previews.

An event is submitted by a member (pending), approved or refused by an organiser (the submitter
hears either way), edited by its submitter or an organiser (a published one stays published and its
`sequence` rises, so calendar apps take the change) and cancelled (it keeps its page, shown as
cancelled, and is sent to calendars with STATUS:CANCELLED).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from boards.models import Session, Topic
from callouts import permissions
from callouts.models import Campaign, Event, Notification
from callouts.services import notify
from cmij.text import markdown_html, plain_text
from profiles.models import Discipline, Profile
from profiles.services import photo_jpeg

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
#: How far ahead an event may be.
LONGEST_AHEAD = timedelta(days=2 * 365)
#: Events on one page of the agenda; the page links to the next ("more").
PAGE_SIZE = 30
#: The most events one calendar feed carries (the agenda's upcoming ones, or a filtered view).
FEED_MAX = 500
#: Sessions in the sessions feed: the upcoming ones and those of the last half year.
SESSIONS_RECENT = timedelta(days=183)

#: Fields event_submit and event_update set from keyword arguments.
EDITABLE = {
    "title", "description", "starts_at", "ends_at", "venue", "address", "municipality", "kern",
    "free", "price", "link", "maker_names",
}  # fmt: skip
#: Text that stands on one line: in pages, in a calendar's SUMMARY and LOCATION.
SINGLE_LINE = ("title", "venue", "address", "price", "maker_names")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# --- services ---------------------------------------------------------------------------------------


@transaction.atomic
def event_submit(
    *,
    by: AbstractBaseUser,
    image: File | None = None,
    makers: Iterable[AbstractBaseUser] = (),
    disciplines: Iterable[Discipline] = (),
    campaigns: Iterable[Campaign] = (),
    topics: Iterable[Topic] = (),
    **fields: object,
) -> Event:
    """A member submits an event; it waits for an organiser, and the organisers hear of it.

    Everything is validated (the image too) before anything is stored."""
    if not permissions.can_submit_event(by):
        raise PermissionDenied
    campaigns = list(campaigns)
    if campaigns and not permissions.can_set_campaigns(by):
        raise PermissionDenied
    event = Event(submitted_by=by, status=Event.Status.PENDING)
    _assign(event, fields)
    jpeg = _validate(event, image=image, new=True)
    if jpeg is not None:
        _image_attach(event, jpeg)
    event.save()
    event.makers.set(list(makers))
    event.disciplines.set(list(disciplines))
    event.campaigns.set(campaigns)
    event.topics.set(list(topics))
    _tell_organisers(event, by)
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    by: AbstractBaseUser,
    image: File | bool | None = None,
    makers: Iterable[AbstractBaseUser] | None = None,
    disciplines: Iterable[Discipline] | None = None,
    campaigns: Iterable[Campaign] | None = None,
    topics: Iterable[Topic] | None = None,
    **fields: object,
) -> Event:
    """The submitter or an organiser edits an event. `image`: an upload to use, False to remove it,
    None to keep it; a relation given as None is kept.

    A published event stays published; a refused one edited by its submitter goes back to the
    queue. `sequence` rises, so calendar apps take the change."""
    event = _lock(event)
    if not permissions.can_edit_event(by, event):
        raise PermissionDenied
    if campaigns is not None and not permissions.can_set_campaigns(by):
        raise PermissionDenied
    _assign(event, fields)
    jpeg = _validate(event, image=image or None, new=False)
    old_image = event.image.name
    if jpeg is not None:
        _image_attach(event, jpeg)
    elif image is False:
        event.image = ""
    resubmitted = event.status == Event.Status.REFUSED and permissions.is_event_submitter(by, event)
    if resubmitted:
        event.status = Event.Status.PENDING
        event.refused_reason = ""
    event.sequence += 1
    event.save()
    if old_image and old_image != event.image.name:
        transaction.on_commit(partial(default_storage.delete, old_image))
    for relation, values in (
        (event.makers, makers),
        (event.disciplines, disciplines),
        (event.campaigns, campaigns),
        (event.topics, topics),
    ):
        if values is not None:
            relation.set(list(values))
    if resubmitted:
        _tell_organisers(event, by)
    return event


@transaction.atomic
def event_approve(
    *, event: Event, by: AbstractBaseUser, campaigns: Iterable[Campaign] | None = None
) -> Event:
    """An organiser publishes an event (and may tag it with campaigns); the submitter hears of it."""
    if not permissions.can_review_events(by):
        raise PermissionDenied
    event = _lock(event)
    if campaigns is not None:
        event.campaigns.set(list(campaigns))
    if event.status == Event.Status.PUBLISHED:
        return event
    event.status = Event.Status.PUBLISHED
    event.refused_reason = ""
    event.save(update_fields=["status", "refused_reason", "updated_at"])
    _tell_submitter(event, by, Notification.Kind.EVENT_PUBLISHED)
    return event


@transaction.atomic
def event_refuse(*, event: Event, by: AbstractBaseUser, reason: str) -> Event:
    """An organiser does not publish an event, and says why; the submitter sees the reason."""
    if not permissions.can_review_events(by):
        raise PermissionDenied
    event = _lock(event)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the submitter understands.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    if event.status != Event.Status.PENDING:
        raise ValidationError(_("Only an event that waits for approval can be refused."))
    event.status = Event.Status.REFUSED
    event.refused_reason = reason
    event.save(update_fields=["status", "refused_reason", "updated_at"])
    _tell_submitter(event, by, Notification.Kind.EVENT_REFUSED, detail=reason)
    return event


@transaction.atomic
def event_cancel(*, event: Event, by: AbstractBaseUser) -> Event:
    """The event does not happen: it keeps its page, shown as cancelled, and calendars hear of it."""
    event = _lock(event)
    if not permissions.can_edit_event(by, event):
        raise PermissionDenied
    if event.is_cancelled:
        return event
    event.cancelled_at = timezone.now()
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    return event


def campaign_render(campaign: Campaign) -> Campaign:
    """What a campaign keeps about itself: its text as sanitised HTML (the admin calls this on save)."""
    campaign.text_html = markdown_html(campaign.text)
    return campaign


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _assign(event: Event, fields: dict[str, object]) -> None:
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(f"an event's {name!r} cannot be set here")
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        setattr(event, name, value)
    if event.free:
        event.price = ""
    event.description_html = markdown_html(event.description)


def _validate(event: Event, *, image: File | None, new: bool) -> bytes | None:
    """Every check at once, so the member sees every error; returns the image made ready to store."""
    errors: dict[str, list] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message))

    for name in SINGLE_LINE:
        if _CONTROL.search(getattr(event, name) or ""):
            refuse(name, _("Keep this on one line."))
    if "\x00" in event.description:
        refuse("description", _("The text contains a character that is not allowed."))
    if event.starts_at and event.ends_at:
        if event.ends_at <= event.starts_at:
            refuse("ends_at", _("The end must be after the start."))
        if event.starts_at > timezone.now() + LONGEST_AHEAD:
            refuse("starts_at", _("An event can be at most two years ahead."))
        if new and event.ends_at <= timezone.now():
            refuse("ends_at", _("This event is already over."))
    if event.venue and not event.address:
        refuse("address", _("Give the venue's address too."))
    if event.kern_id and event.municipality_id and event.kern.municipality_id != event.municipality_id:
        refuse("kern", _("This village is not in the chosen municipality."))
    if event.link:
        try:
            URLValidator(schemes=["http", "https"])(event.link)
        except ValidationError:
            refuse("link", _("Give a web address that starts with https:// or http://."))
    jpeg = None
    if image:
        try:
            jpeg = photo_jpeg(image, field="image")
        except ValidationError as error:
            for message in error.message_dict.get("image", []):
                refuse("image", message)
    try:
        event.full_clean(exclude=list(errors), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                refuse(field, message)
    if errors:
        raise ValidationError(errors)
    return jpeg


def _image_attach(event: Event, jpeg: bytes) -> None:
    event.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(jpeg), save=False)


def _tell_organisers(event: Event, by: AbstractBaseUser) -> None:
    notify(
        recipients=get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(pk=by.pk)
        .values("pk"),
        kind=Notification.Kind.EVENT_SUBMITTED,
        actor=by,
        url=reverse("callouts:event_queue"),
        subject=event.title,
    )


def _tell_submitter(event: Event, by: AbstractBaseUser, kind: str, detail: str = "") -> None:
    if event.submitted_by_id is None:
        return
    notify(
        recipients=get_user_model().objects.filter(pk=event.submitted_by_id, is_active=True).values("pk"),
        kind=kind,
        actor=by,
        url=event.get_absolute_url(),
        subject=event.title,
        detail=detail,
    )


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
    return Event.objects.select_related("municipality", "kern").prefetch_related(
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
    return events.order_by("starts_at", "id")


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


def sessions_for_feed(*, now: datetime | None = None) -> QuerySet[Session]:
    """CMIJ's own sessions: the upcoming ones and those of the last half year."""
    since = (now or timezone.now()) - SESSIONS_RECENT
    return Session.objects.filter(ends_at__gte=since).select_related("municipality").order_by("starts_at")


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


# --- what search engines and link previews read -------------------------------------------------------

# The same escapes as django.utils.html.json_script: "</script>" in a title stays inside its string.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
_PRICE = re.compile(r"(\d+(?:[.,]\d{1,2})?)")


def absolute_url(path: str) -> str:
    """Links that leave the site (feeds, previews, structured data) come from CMIJ_BASE_URL."""
    return f"{settings.CMIJ_BASE_URL}{path}"


def event_image_url(event: Event) -> str:
    return absolute_url(reverse("callouts:event_image", kwargs={"event_id": event.pk})) if event.image else ""


def event_structured_data(event: Event) -> dict[str, object]:
    """schema.org Event, for a public page: only what an anonymous visitor may see."""
    place = event.kern.name if event.kern_id else event.municipality.name
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": timezone.localtime(event.starts_at, AMSTERDAM).isoformat(),
        "endDate": timezone.localtime(event.ends_at, AMSTERDAM).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": event.venue,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address,
                "addressLocality": place,
                "addressCountry": "NL",
            },
        },
        "description": plain_text(event.description_html),
        "url": absolute_url(event.get_absolute_url()),
        "isAccessibleForFree": event.free,
    }
    if event.image:
        data["image"] = [event_image_url(event)]
    offer: dict[str, object] = {"@type": "Offer", "url": event.link or data["url"], "priceCurrency": "EUR"}
    if event.free:
        offer["price"] = "0"
    elif (amount := _PRICE.search(event.price)) is not None:
        offer["price"] = amount.group(1).replace(",", ".")
    if "price" in offer:
        data["offers"] = offer
    performers = [
        {"@type": "Person", "name": maker.name, **({"url": absolute_url(maker.url)} if maker.url else {})}
        for maker in event_makers(event, AnonymousUser())
    ]
    if performers:
        data["performer"] = performers
    return data


def json_ld(data: dict[str, object]) -> SafeString:
    """JSON for a <script type="application/ld+json"> block, escaped as json_script escapes it."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES))
