"""Partner calendars flowing into the agenda: every write about a source and its imported events.

A fetch (source_fetch, run as a task or by `manage.py fetch_sources`):

1. asks the partner's server (agenda.fetching: conditional, bounded, public addresses only);
2. reads the feed, or on 304 the last good copy, into the occurrences of the window (agenda.ics_parsing);
3. in one transaction, matches them on (UID, RECURRENCE-ID): a new one is added (published at once or
   waiting for approval, as the source says), a changed one updated (its `sequence` rises, so
   subscribers' calendars follow) unless an organiser edited it, one that is cancelled or missing
   from the window is cancelled (never deleted; one that merely left the window is left alone);
4. records the result for the organisers, and tells them once if new events wait for approval.

A failure at any step leaves the agenda and the last good copy as they were, and says why.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.fetching import FetchError, fetch
from agenda.ics_parsing import AMSTERDAM, SKIP_REASONS, Feed, NotICalendar, Occurrence, parse_feed
from agenda.models import Event, Source
from cmij.text import markdown_html
from notifications.models import Notification
from notifications.services import notify

logger = logging.getLogger(__name__)


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    cancelled: int = 0


def window(now: datetime) -> tuple[datetime, datetime]:
    """The agenda's window for imported events: from today's midnight (Amsterdam), so many days on."""
    today = timezone.localtime(now, AMSTERDAM).date()
    start = datetime(today.year, today.month, today.day, tzinfo=AMSTERDAM)
    return start, start + timedelta(days=settings.CMIJ_AGENDA_WINDOW_DAYS)


# --- services ---------------------------------------------------------------------------------------


def source_fetch_soon(source: Source) -> None:
    """Fetch this source in the task worker, once the current transaction has committed."""
    from agenda.tasks import source_fetch_task

    transaction.on_commit(partial(source_fetch_task.enqueue, source_id=source.pk))


def source_fetch(source_id: int, *, now: datetime | None = None) -> Source:
    """Fetch one source and bring its events up to date (the module's docstring says how)."""
    now = now or timezone.now()
    source = Source.objects.get(pk=source_id)
    try:
        fetched = fetch(source.url, etag=source.etag, last_modified=source.last_modified)
    except FetchError as error:
        return _failed(source, error.code, error.detail, now)
    body = fetched.body if fetched.body is not None else source.body
    if body is None:  # a 304 without a copy: ask again, unconditionally
        try:
            fetched = fetch(source.url)
        except FetchError as error:
            return _failed(source, error.code, error.detail, now)
        body = fetched.body
    start, end = window(now)
    try:
        feed = parse_feed(
            bytes(body), window_start=start, window_end=end, cap=settings.CMIJ_AGENDA_SOURCE_MAX_EVENTS
        )
    except NotICalendar as error:
        return _failed(source, "not_ical", str(error), now)
    except Exception as error:  # noqa: BLE001 - a feed the parser chokes on breaks nothing else
        logger.exception("source %s could not be read", source_id)
        return _failed(source, "not_ical", repr(error), now)
    try:
        with transaction.atomic():
            source = Source.objects.select_for_update().get(pk=source_id)
            counts = _apply(source, feed, start, end, now)
            source.body = bytes(body)
            source.etag, source.last_modified = fetched.etag, fetched.last_modified
            source.result = Source.Result.UNCHANGED if fetched.body is None else Source.Result.FETCHED
            source.error_code = source.error_detail = ""
            _record(source, now, counts, feed)
            source.save()
            if counts.added and not source.publish_at_once:
                _tell_organisers(source, counts.added)
    except Exception as error:  # nothing of this fetch stays behind; the agenda keeps what it had
        logger.exception("source %s could not be taken in", source_id)
        return _failed(source, "import", repr(error), now)
    logger.info("source %s fetched: %s", source.pk, counts)
    return source


# --- matching ---------------------------------------------------------------------------------------


def _apply(source: Source, feed: Feed, start: datetime, end: datetime, now: datetime) -> Counts:
    counts = Counts()
    known = {(e.source_uid, e.source_recurrence): e for e in Event.objects.filter(source=source)}
    disciplines = list(source.disciplines.values_list("pk", flat=True))
    new_events = []
    for occurrence in feed.occurrences:
        event = known.get(occurrence.key)
        if event is None:
            new_events.append(_new_event(source, occurrence, now))
            continue
        changed = False
        digest = _digest(source, occurrence)
        if digest != event.source_hash and not event.edited_locally:
            _fill(event, source, occurrence)
            event.source_hash = digest
            changed = True
            counts.updated += 1
        if occurrence.cancelled and not event.is_cancelled:
            _cancel(event, now)
            counts.cancelled += 1
            changed = True
        elif not occurrence.cancelled and event.cancelled_by_source:  # the source has it again
            event.cancelled_at, event.cancelled_by_source = None, False
            if not changed:
                counts.updated += 1
            changed = True
        if changed:
            event.sequence += 1
            event.save()
            if not event.edited_locally:
                event.disciplines.set(disciplines)
    for event in known.values():
        if (
            (event.source_uid, event.source_recurrence) not in feed.present
            and not event.is_cancelled
            and start <= event.starts_at < end
        ):
            _cancel(event, now)
            event.sequence += 1
            event.save(update_fields=["cancelled_at", "cancelled_by_source", "sequence", "updated_at"])
            counts.cancelled += 1
    if new_events:
        created = [event.pk for event in Event.objects.bulk_create(new_events)]
        through = Event.disciplines.through
        through.objects.bulk_create(
            [through(event_id=pk, discipline_id=discipline) for pk in created for discipline in disciplines]
        )
        counts.added = len(new_events)
    return counts


def _new_event(source: Source, occurrence: Occurrence, now: datetime) -> Event:
    """A new event; one the source already calls off is shown as cancelled (a series' missed week)."""
    event = Event(
        source=source,
        source_uid=occurrence.uid,
        source_recurrence=occurrence.recurrence,
        source_hash=_digest(source, occurrence),
        status=Event.Status.PUBLISHED if source.publish_at_once else Event.Status.PENDING,
    )
    _fill(event, source, occurrence)
    if occurrence.cancelled:
        _cancel(event, now)
    return event


def _fill(event: Event, source: Source, occurrence: Occurrence) -> None:
    """What the source says about an event, and the source's defaults."""
    event.title = occurrence.title
    event.description = occurrence.description
    event.description_html = markdown_html(occurrence.description)
    event.starts_at, event.ends_at, event.all_day = (
        occurrence.starts_at,
        occurrence.ends_at,
        occurrence.all_day,
    )
    event.venue = occurrence.venue or source.name[:120]
    event.address = occurrence.address
    event.link = occurrence.link or source.website
    event.municipality_id, event.kern_id = source.municipality_id, source.kern_id
    event.free = source.free


def _digest(source: Source, occurrence: Occurrence) -> str:
    """What an occurrence and its source's defaults say: equal digests, nothing to update."""
    parts = (
        occurrence.title, occurrence.description, occurrence.starts_at.isoformat(), occurrence.ends_at.isoformat(),
        occurrence.all_day, occurrence.venue, occurrence.address, occurrence.link,
        source.name, source.website, source.municipality_id, source.kern_id, source.free,
    )  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _cancel(event: Event, now: datetime) -> None:
    event.cancelled_at, event.cancelled_by_source = now, True


# --- the status -------------------------------------------------------------------------------------


def source_problem(source: Source) -> str:
    """Why the last fetch failed, in plain words (in the reader's language); "" if it did not."""
    if source.result != Source.Result.FAILED:
        return ""
    if source.error_code == "not_ical":
        return _("The address does not give a calendar (iCalendar) file.")
    if source.error_code == "import":
        return _("The calendar could not be taken in; nothing of it was changed. The logs say more.")
    return FetchError(source.error_code, source.error_detail).message


def source_skips(source: Source) -> list[dict]:
    """What the last fetch skipped, by reason in plain words, with a few of the events' titles."""
    return [
        {
            "reason": SKIP_REASONS.get(skip["reason"], skip["reason"]),
            "count": skip["count"],
            "examples": skip["examples"],
        }
        for skip in source.skip_reasons
    ]


def _record(source: Source, now: datetime, counts: Counts, feed: Feed) -> None:
    source.fetched_at = now
    source.added, source.updated, source.cancelled = counts.added, counts.updated, counts.cancelled
    source.skipped = sum(feed.skipped.values())
    source.over_cap = feed.over_cap
    source.skip_reasons = [
        {"reason": reason, "count": count, "examples": feed.examples.get(reason, [])}
        for reason, count in feed.skipped.most_common()
    ]


def _failed(source: Source, code: str, detail: str, now: datetime) -> Source:
    """A fetch that failed: the agenda keeps what it had, the status says why."""
    Source.objects.filter(pk=source.pk).update(
        fetched_at=now,
        result=Source.Result.FAILED,
        error_code=code,
        error_detail=detail[:300],
        added=0,
        updated=0,
        cancelled=0,
        skipped=0,
        over_cap=0,
        skip_reasons=[],
    )
    logger.warning("source %s failed: %s %s", source.pk, code, detail)
    source.refresh_from_db()
    return source


def _tell_organisers(source: Source, added: int) -> None:
    """One notice per fetch with new events waiting, never one per occurrence."""
    notify(
        recipients=get_user_model().objects.filter(is_staff=True, is_active=True).values("pk"),
        kind=Notification.Kind.SOURCE_EVENTS,
        actor=None,
        url=reverse("agenda:event_queue"),
        subject=source.name,
        detail=str(added),
    )
