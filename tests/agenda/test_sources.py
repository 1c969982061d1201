"""Partner calendars into the agenda (agenda/sources.py): matching, updates, cancellations, the moving
window, approval, and every kind of bad feed, each served by a loopback server."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.test import Client
from django.utils import timezone

from agenda import sources
from agenda.models import Event, Source
from agenda.services import event_approve, event_refuse, event_update
from notifications.models import Notification
from tests.helpers import factories

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2027, 1, 10, 9, 0, tzinfo=AMSTERDAM)


def vevent(uid: str, summary: str, start: str, end: str = "", **extra: str) -> str:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}", f"DTSTART;TZID=Europe/Amsterdam:{start}"]
    if end:
        lines.append(f"DTEND;TZID=Europe/Amsterdam:{end}")
    lines += [f"{name.replace('_', '-')}:{value}" for name, value in extra.items()]
    return "\r\n".join([*lines, "END:VEVENT"])


def calendar(*events: str) -> bytes:
    return (
        "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partner//NL", *events, "END:VCALENDAR"])
        + "\r\n"
    ).encode()


CONCERT = vevent(
    "concert@partner",
    "Nieuwjaarsconcert",
    "20270115T200000",
    "20270115T220000",
    LOCATION="Stadsschouwburg Velsen\\, Grahamstraat 2\\, IJmuiden",
)


def source_of(server, path="/feed.ics", **fields) -> Source:
    source = Source.objects.create(
        name=fields.pop("name", "Stadsschouwburg Velsen"),
        url=f"{server.url}{path}",
        website="https://partner.example/agenda",
        municipality=factories.municipality("velsen"),
        publish_at_once=fields.pop("publish_at_once", True),
        **fields,
    )
    return source


def local(moment: datetime) -> str:
    return timezone.localtime(moment, AMSTERDAM).strftime("%Y-%m-%d %H:%M")


def test_an_event_lands_once_with_its_origin_and_a_second_fetch_changes_nothing(db, server):
    server.serve("/feed.ics", calendar(CONCERT))
    source = source_of(server)
    source = sources.source_fetch(source.pk, now=NOW)
    event = Event.objects.get()
    assert (event.title, local(event.starts_at), local(event.ends_at)) == (
        "Nieuwjaarsconcert",
        "2027-01-15 20:00",
        "2027-01-15 22:00",
    )
    assert (event.venue, event.address) == ("Stadsschouwburg Velsen", "Grahamstraat 2, IJmuiden")
    assert event.source == source and event.link == "https://partner.example/agenda"
    assert event.is_published and event.municipality.slug == "velsen"
    assert (source.result, source.added, source.updated, source.cancelled, source.skipped) == (
        "fetched",
        1,
        0,
        0,
        0,
    )

    again = sources.source_fetch(source.pk, now=NOW)
    assert (again.result, again.added, again.updated, again.cancelled) == ("unchanged", 0, 0, 0)
    assert server.requests[-1].status == 304 and server.requests[-1].body_bytes == 0
    assert server.requests[-1].headers["If-None-Match"]
    assert Event.objects.get().sequence == event.sequence


def test_a_changed_event_is_updated_and_its_sequence_rises(db, server):
    server.serve("/feed.ics", calendar(CONCERT))
    source = source_of(server)
    sources.source_fetch(source.pk, now=NOW)
    server.serve(
        "/feed.ics",
        calendar(
            CONCERT.replace("T200000", "T193000").replace(
                "Nieuwjaarsconcert", "Nieuwjaarsconcert (nieuwe tijd)"
            )
        ),
    )
    source = sources.source_fetch(source.pk, now=NOW)
    event = Event.objects.get()
    assert (event.title, local(event.starts_at)) == ("Nieuwjaarsconcert (nieuwe tijd)", "2027-01-15 19:30")
    assert event.sequence == 1 and source.updated == 1 and source.added == 0


def test_cancelled_or_missing_is_shown_as_cancelled_never_deleted_and_comes_back(db, server):
    other = vevent("lezing@partner", "Lezing", "20270120T200000", "20270120T210000")
    server.serve("/feed.ics", calendar(CONCERT, other))
    source = source_of(server)
    sources.source_fetch(source.pk, now=NOW)
    server.serve("/feed.ics", calendar(CONCERT.replace("SUMMARY", "STATUS:CANCELLED\r\nSUMMARY")))
    source = sources.source_fetch(source.pk, now=NOW)
    concert, lecture = Event.objects.order_by("starts_at")
    assert concert.is_cancelled and lecture.is_cancelled  # cancelled, and gone from the feed
    assert source.cancelled == 2 and concert.sequence == 1 and lecture.sequence == 1
    assert Event.objects.count() == 2

    server.serve("/feed.ics", calendar(CONCERT, other))
    sources.source_fetch(source.pk, now=NOW)
    assert not any(e.is_cancelled for e in Event.objects.all())


def test_an_organisers_edit_and_refusal_survive_the_next_fetch(db, server, organiser):
    other = vevent("lezing@partner", "Lezing", "20270120T200000", "20270120T210000")
    server.serve("/feed.ics", calendar(CONCERT, other))
    source = source_of(server, publish_at_once=False)
    sources.source_fetch(source.pk, now=NOW)
    concert, lecture = Event.objects.order_by("starts_at")
    event_approve(event=concert, by=organiser)
    event_update(event=concert, by=organiser, title="Nieuwjaarsconcert met koor")
    event_refuse(event=lecture, by=organiser, reason="Geen cultuur.")
    server.serve(
        "/feed.ics", calendar(CONCERT.replace("T220000", "T223000"), other.replace("Lezing", "Lezing!"))
    )
    sources.source_fetch(source.pk, now=NOW)
    concert.refresh_from_db()
    lecture.refresh_from_db()
    assert concert.title == "Nieuwjaarsconcert met koor" and local(concert.ends_at) == "2027-01-15 22:00"
    assert lecture.status == Event.Status.REFUSED and lecture.title == "Lezing!"


def test_a_series_waits_as_one_approval_with_one_notice_per_fetch(db, server, organiser):
    series = vevent(
        "koor@partner", "Koorrepetitie", "20270112T200000", "20270112T213000", RRULE="FREQ=WEEKLY;COUNT=6"
    )
    server.serve("/feed.ics", calendar(series, CONCERT))
    source = source_of(server, publish_at_once=False)
    sources.source_fetch(source.pk, now=NOW)
    assert Event.objects.filter(status=Event.Status.PENDING).count() == 7
    notices = Notification.objects.filter(kind=Notification.Kind.SOURCE_EVENTS, recipient=organiser)
    assert notices.count() == 1 and notices.get().detail == "7"
    event_approve(event=Event.objects.filter(source_uid="koor@partner").first(), by=organiser)
    assert Event.objects.filter(source_uid="koor@partner", status=Event.Status.PUBLISHED).count() == 6
    assert Event.objects.get(source_uid="concert@partner").status == Event.Status.PENDING
    sources.source_fetch(source.pk, now=NOW)  # nothing new: no second notice
    assert notices.count() == 1


def test_the_window_moves_while_the_source_answers_304_and_passed_occurrences_are_not_cancelled(
    db, server, settings
):
    settings.CMIJ_AGENDA_WINDOW_DAYS = 30
    weekly = vevent(
        "open-podium@partner", "Open podium", "20270106T200000", "20270106T230000", RRULE="FREQ=WEEKLY"
    )
    server.serve("/feed.ics", calendar(weekly))
    source = source_of(server)
    sources.source_fetch(source.pk, now=NOW)
    first = sorted(local(e.starts_at) for e in Event.objects.all())
    assert first[0] == "2027-01-13 20:00" and first[-1] == "2027-02-03 20:00"  # 10 January + 30 days

    month_later = NOW + timedelta(days=31)
    source = sources.source_fetch(source.pk, now=month_later)
    assert server.requests[-1].status == 304 and source.result == "unchanged"
    shown = sorted(local(e.starts_at) for e in Event.objects.filter(starts_at__gte=month_later))
    assert shown[0] == "2027-02-10 20:00" and shown[-1] == "2027-03-10 20:00"  # to 10 February + 30 days
    assert not Event.objects.filter(cancelled_at__isnull=False).exists()  # passed ones are not cancelled


def test_a_broken_source_breaks_neither_the_agenda_nor_another_source(db, server):
    server.serve("/feed.ics", calendar(CONCERT))
    server.serve("/broken.ics", b"<html>Not found</html>", status=404)
    good, broken = source_of(server), source_of(server, "/broken.ics", name="Bibliotheek")
    sources.source_fetch(good.pk, now=NOW)
    broken = sources.source_fetch(broken.pk, now=NOW)
    assert broken.result == "failed" and "404" in sources.source_problem(broken)
    assert Event.objects.filter(source=good).count() == 1


# --- bad input: each refused or skipped with its reason, nothing half-imported ---------------------------


def fetch_bad(server, body: bytes | None = None, **serving) -> Source:
    """The source's good feed first, then the bad one: the good events must stay as they were."""
    server.serve("/feed.ics", calendar(CONCERT))
    source = source_of(server)
    sources.source_fetch(source.pk, now=NOW)
    server.serve("/feed.ics", body if body is not None else b"", **serving)
    started = time.monotonic()
    source = sources.source_fetch(source.pk, now=NOW)
    assert time.monotonic() - started < 3 + 2  # bounded by the deadline
    assert Event.objects.get(source_uid="concert@partner").title == "Nieuwjaarsconcert"
    assert not Event.objects.get(source_uid="concert@partner").is_cancelled
    return source


def test_a_feed_that_is_not_icalendar_is_refused(db, server):
    source = fetch_bad(server, b"<!doctype html><title>Agenda</title>", content_type="text/html")
    assert source.result == "failed" and source.error_code == "not_ical"
    assert "iCalendar" in sources.source_problem(source)


def test_a_50_mb_feed_is_refused(db, server, settings):
    source = fetch_bad(server, length=50 * 1024 * 1024)
    assert source.error_code == "too_large"
    assert "MB" in sources.source_problem(source)


def test_a_feed_that_never_finishes_is_cut_at_the_deadline(db, server):
    source = fetch_bad(server, calendar(CONCERT), endless=True, etag=False)
    assert source.error_code == "deadline" and "3 seconden" in sources.source_problem(source)


def test_a_redirect_loop_is_refused(db, server):
    server.serve("/loop.ics", redirect="/feed.ics")
    source = fetch_bad(server, redirect="/loop.ics")
    assert source.error_code == "redirects"


def test_a_feed_of_10000_events_brings_in_the_cap_and_says_so(db, server, settings):
    settings.CMIJ_AGENDA_SOURCE_MAX_EVENTS = 200
    many = [
        vevent(
            f"e{n}@partner",
            f"Voorstelling {n}",
            f"2027{2 + n // 2000:02d}{1 + n % 28:02d}T{10 + n % 10:02d}0000",
        )
        for n in range(10_000)
    ]
    server.serve("/feed.ics", calendar(*many))
    source = sources.source_fetch(source_of(server).pk, now=NOW)
    assert source.added == 200 and source.over_cap == 9800
    assert Event.objects.count() == 200
    assert local(Event.objects.order_by("starts_at").first().starts_at).startswith("2027-02-01")


def test_bad_events_are_skipped_with_their_reason_and_the_rest_lands(db, server):
    bad = [
        "BEGIN:VEVENT\r\nUID:nostart@partner\r\nSUMMARY:Zonder begin\r\nEND:VEVENT",
        vevent("old@partner", "In 1970", "19700101T200000", "19700101T210000"),
        vevent("future@partner", "In 2999", "29990101T200000", "29990101T210000"),
        vevent("twice@partner", "Eerste versie", "20270201T200000"),
        vevent("twice@partner", "Andere inhoud", "20270202T200000"),
        vevent("bell@partner", "Bel\x07 en fluit", "20270203T200000"),
    ]
    server.serve("/feed.ics", calendar(CONCERT, *bad))
    source = sources.source_fetch(source_of(server).pk, now=NOW)
    assert list(Event.objects.values_list("source_uid", flat=True)) == ["concert@partner"]
    reasons = {skip["reason"]: skip for skip in source.skip_reasons}
    assert reasons["no_start"]["count"] == 1
    assert reasons["outside_window"]["count"] == 2
    assert reasons["uid_conflict"]["count"] == 2
    assert reasons["control"]["count"] == 1
    assert source.skipped == 6
    words = [skip["reason"] for skip in sources.source_skips(source)]
    assert "De activiteit heeft geen begin (DTSTART)." in words


def test_a_single_event_takes_its_end_from_duration_or_lasts_an_hour(db, server):
    with_duration = vevent("duur@partner", "Met duur", "20270201T200000", DURATION="PT2H30M")
    without_end = vevent("open@partner", "Zonder einde", "20270202T200000")
    server.serve("/feed.ics", calendar(with_duration, without_end))
    sources.source_fetch(source_of(server).pk, now=NOW)
    ends = {e.title: local(e.ends_at) for e in Event.objects.all()}
    assert ends == {"Met duur": "2027-02-01 22:30", "Zonder einde": "2027-02-02 21:00"}


def test_a_lone_carriage_return_does_not_reach_a_title_and_html_becomes_text(db, server):
    event = vevent(
        "cr@partner", "Twee\rregels", "20270201T200000",
        DESCRIPTION="<p>Welkom &amp; <strong>gratis</strong></p><script>alert(1)</script>",
    )  # fmt: skip
    server.serve("/feed.ics", calendar(event))
    sources.source_fetch(source_of(server).pk, now=NOW)
    stored = Event.objects.get()
    assert stored.title == "Twee regels"
    assert stored.description == "Welkom & gratis"
    assert "<script" not in stored.description_html


def test_a_failure_halfway_through_leaves_nothing_of_the_fetch_behind(db, server, monkeypatch):
    server.serve("/feed.ics", calendar(CONCERT))
    source = source_of(server)
    sources.source_fetch(source.pk, now=NOW)
    more = [vevent(f"e{n}@partner", f"Voorstelling {n}", f"202702{n + 1:02d}T200000") for n in range(5)]
    server.serve("/feed.ics", calendar(CONCERT.replace("Nieuwjaarsconcert", "Nieuwe titel"), *more))
    original_fill, calls = sources._fill, []

    def fill_then_break(event, source, occurrence):
        calls.append(occurrence.uid)
        if len(calls) == 4:
            raise RuntimeError("the disk is full")
        original_fill(event, source, occurrence)

    monkeypatch.setattr(sources, "_fill", fill_then_break)
    source = sources.source_fetch(source.pk, now=NOW)
    assert source.result == "failed" and "niets" in sources.source_problem(source)
    assert list(Event.objects.values_list("title", flat=True)) == ["Nieuwjaarsconcert"]
    # The old copy's ETag is kept, so the next fetch downloads the new feed again.
    assert Source.objects.get().etag == server.requests[-1].headers["If-None-Match"]


def test_hostile_text_from_a_feed_reaches_pages_and_feeds_only_as_text(db, server):
    hostile = vevent(
        "xss@partner", "<img src=x onerror=alert(1)>", "20270201T200000",
        LOCATION="</script><script>alert(2)</script>\\, Straat 1",
        DESCRIPTION="<a href=\"javascript:alert(3)\">klik</a> <b onmouseover=alert(4)>vet</b>",
        URL="javascript:alert(5)",
    )  # fmt: skip
    server.serve("/feed.ics", calendar(hostile))
    source = sources.source_fetch(source_of(server).pk, now=NOW)
    assert source.added == 1
    event = Event.objects.get()
    assert event.link == "https://partner.example/agenda"  # not the javascript: URL
    client = Client()
    for path in ("/agenda/?van=2027-02-01", event.get_absolute_url(), "/agenda/insluiten/?van=2027-02-01"):
        page = client.get(path).content.decode()
        assert "<img src=x" not in page and "<script>alert" not in page and "javascript:" not in page, path
        assert "&lt;img src=x onerror=alert(1)&gt;" in page, path
    data = json.loads(client.get("/agenda.json?van=2027-02-01").content)
    assert data["itemListElement"][0]["item"]["name"] == "<img src=x onerror=alert(1)>"
    feed = icalendar.Calendar.from_ical(client.get("/agenda.ics?van=2027-02-01").content)
    [component] = feed.walk("VEVENT")
    assert str(component["SUMMARY"]) == "<img src=x onerror=alert(1)>"
