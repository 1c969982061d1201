"""What an ICS import of each fixture in this folder must store, worked out by hand from the files.

For every file: ``now`` is the day the test pretends it is; the import window runs from 00:00
Europe/Amsterdam on that day for 365 days. ``events`` lists every occurrence inside that window,
sorted by (start, title), as

    (title, local start "YYYY-MM-DD HH:MM", local end "YYYY-MM-DD HH:MM", all_day, cancelled)

with times in Europe/Amsterdam wall-clock time. An all-day event runs from 00:00 on DTSTART's date
to 00:00 on DTEND's date (DTEND exclusive). Titles are the SUMMARY after unescaping (``\\,`` -> ``,``).

Offsets used below (Europe/Amsterdam, Europe/Berlin and Europe/Vienna agree in every year used):
CET is UTC+1, CEST is UTC+2; summer time runs from the last Sunday of March 02:00 CET to the last
Sunday of October 03:00 CEST: 2012-03-25, 2013-03-31/10-27, 2014-03-30, 2019-03-31,
2020-03-29, 2023-03-26/10-29, 2024-03-31, 2027-03-28/10-31.

The values were derived by hand first. As a cross-check, recurring-ical-events 3.8.2 was then run
over each window, through ``of()`` (which applies X-WR-TIMEZONE) and through ``CalendarQuery``
directly (which does not); both agree with every entry. No occurrence lies near a window's edge.
"""

from __future__ import annotations

EXPECTED: dict[str, dict] = {
    # ------------------------------------------------------------------ copied library files
    # icalendar, src/icalendar/tests/calendars/timezoned.ics: one event with its own VTIMEZONE
    # (Europe/Vienna, same offsets as Amsterdam), spread over five days. 10:00 and 18:00 CET in
    # Vienna are 10:00 and 18:00 CET in Amsterdam.
    "icalendar-timezoned.ics": {
        "now": "2012-02-12",
        "events": [
            ("artsprint 2012", "2012-02-13 10:00", "2012-02-17 18:00", False, False),
        ],
    },
    # icalendar, src/icalendar/tests/calendars/period_with_timezone.ics: America/Vancouver with a
    # VTIMEZONE that only holds the transitions 2022-11-06 (PST, -8), 2023-03-12 (PDT, -7),
    # 2023-11-05 (PST) and 2024-03-10 (PDT); they match the real zone.
    # RRULE: the third Wednesday of months 1-5 and 9-12, COUNT=9, from 2023-09-20:
    #   2023-09-20, 10-18, 11-15, 12-20, 2024-01-17, 02-21, 03-20, 04-17, 05-15.
    # EXDATE removes 2023-12-20 (it still counts towards COUNT, so May 15 stays the last).
    # RDATE adds a PERIOD 2023-12-13 12:00-15:00 (three hours, not the series' two).
    # 12:00-14:00 Vancouver in Amsterdam:
    #   PDT (-7) and CEST (+2): +9 h -> 21:00-23:00   (Sep 20, Oct 18: Amsterdam still CEST
    #                                                  until Oct 29, Vancouver PDT until Nov 5)
    #   PST (-8) and CET  (+1): +9 h -> 21:00-23:00   (Nov 15, Dec 13, Jan 17, Feb 21)
    #   PDT (-7) and CET  (+1): +8 h -> 20:00-22:00   (Mar 20: Vancouver went to summer time on
    #                                                  Mar 10, Amsterdam only on Mar 31)
    #   PDT (-7) and CEST (+2): +9 h -> 21:00-23:00   (Apr 17, May 15)
    #   The RDATE: 12:00-15:00 PST -> 21:00 on Dec 13 to 00:00 on Dec 14.
    "icalendar-period_with_timezone.ics": {
        "now": "2023-09-19",
        "events": [
            ("Test RDATE", "2023-09-20 21:00", "2023-09-20 23:00", False, False),
            ("Test RDATE", "2023-10-18 21:00", "2023-10-18 23:00", False, False),
            ("Test RDATE", "2023-11-15 21:00", "2023-11-15 23:00", False, False),
            ("Test RDATE", "2023-12-13 21:00", "2023-12-14 00:00", False, False),
            ("Test RDATE", "2024-01-17 21:00", "2024-01-17 23:00", False, False),
            ("Test RDATE", "2024-02-21 21:00", "2024-02-21 23:00", False, False),
            ("Test RDATE", "2024-03-20 20:00", "2024-03-20 22:00", False, False),
            ("Test RDATE", "2024-04-17 21:00", "2024-04-17 23:00", False, False),
            ("Test RDATE", "2024-05-15 21:00", "2024-05-15 23:00", False, False),
        ],
    },
    # recurring-ical-events, recurring_ical_events/test/calendars/each_week_but_two_deleted.ics
    # (Nextcloud/Thunderbird): weekly from Monday 2019-03-04 00:30-01:00 Europe/Berlin, COUNT=8:
    #   03-04, 03-11, 03-18, 03-25, 04-01, 04-08, 04-15, 04-22.
    # The two EXDATEs are written in UTC: 2019-03-10 23:30Z = 03-11 00:30 CET and
    # 2019-03-24 23:30Z = 03-25 00:30 CET (summer time only starts on 03-31), so they remove
    # 03-11 and 03-25. The series keeps its wall-clock time 00:30 across the DST change.
    "recurring-ical-events-each_week_but_two_deleted.ics": {
        "now": "2019-03-03",
        "events": [
            ("test6", "2019-03-04 00:30", "2019-03-04 01:00", False, False),
            ("test6", "2019-03-18 00:30", "2019-03-18 01:00", False, False),
            ("test6", "2019-04-01 00:30", "2019-04-01 01:00", False, False),
            ("test6", "2019-04-08 00:30", "2019-04-08 01:00", False, False),
            ("test6", "2019-04-15 00:30", "2019-04-15 01:00", False, False),
            ("test6", "2019-04-22 00:30", "2019-04-22 01:00", False, False),
        ],
    },
    # recurring-ical-events, .../issue_62_moved_event_2.ics (Google, Australia/Sydney):
    # "Datetime": Tuesdays 14:00-15:00 Sydney from 2023-08-08, UNTIL 2023-08-28 13:59:59Z
    # (= 08-28 23:59:59 AEST): 08-08, 08-15, 08-22 (08-29 04:00Z is after UNTIL).
    # The 08-15 instance is moved (RECURRENCE-ID) to Monday 08-14 14:00-15:00.
    # Sydney is AEST (+10) until 2023-10-01, Amsterdam CEST (+2): 14:00 Sydney = 04:00Z = 06:00.
    # "All Day": Thursdays from 2023-08-10, UNTIL 2023-08-30: 08-10, 08-17, 08-24; the 08-17
    # instance is moved to Wednesday 08-16. All-day dates are kept as dates (no conversion).
    "recurring-ical-events-issue_62_moved_event_2.ics": {
        "now": "2023-08-07",
        "events": [
            ("Datetime", "2023-08-08 06:00", "2023-08-08 07:00", False, False),
            ("All Day", "2023-08-10 00:00", "2023-08-11 00:00", True, False),
            ("Datetime", "2023-08-14 06:00", "2023-08-14 07:00", False, False),
            ("All Day", "2023-08-16 00:00", "2023-08-17 00:00", True, False),
            ("Datetime", "2023-08-22 06:00", "2023-08-22 07:00", False, False),
            ("All Day", "2023-08-24 00:00", "2023-08-25 00:00", True, False),
        ],
    },
    # recurring-ical-events, .../issue_18_cancel_status.ics (Thunderbird): daily 22:00-23:00
    # Europe/Berlin (CET, same as Amsterdam), COUNT=3 from 2020-01-28; the 01-29 instance is
    # overridden with STATUS:CANCELLED, so it is stored, marked cancelled.
    "recurring-ical-events-issue_18_cancel_status.ics": {
        "now": "2020-01-27",
        "events": [
            ("one is cancelled", "2020-01-28 22:00", "2020-01-28 23:00", False, False),
            ("one is cancelled", "2020-01-29 22:00", "2020-01-29 23:00", False, True),
            ("one is cancelled", "2020-01-30 22:00", "2020-01-30 23:00", False, False),
        ],
    },
    # recurring-ical-events, .../rdate_hackerpublicradio.ics: no RRULE, only RDATEs, all in UTC
    # 19:00Z, two hours (DTEND - DTSTART) each. The first RDATE repeats DTSTART and must not
    # make a second occurrence: 12 occurrences. X-WR-TIMEZONE:Europe/London changes nothing
    # (the instants stay the same). 19:00Z-21:00Z is 21:00-23:00 CEST, 20:00-22:00 CET:
    # CET from 2013-10-27 to 2014-03-30.
    "recurring-ical-events-rdate_hackerpublicradio.ics": {
        "now": "2013-08-02",
        "events": [
            ("HPR Community News", "2013-08-03 21:00", "2013-08-03 23:00", False, False),
            ("HPR Community News", "2013-08-31 21:00", "2013-08-31 23:00", False, False),
            ("HPR Community News", "2013-10-05 21:00", "2013-10-05 23:00", False, False),
            ("HPR Community News", "2013-11-02 20:00", "2013-11-02 22:00", False, False),
            ("HPR Community News", "2013-11-30 20:00", "2013-11-30 22:00", False, False),
            ("HPR Community News", "2014-01-04 20:00", "2014-01-04 22:00", False, False),
            ("HPR Community News", "2014-02-01 20:00", "2014-02-01 22:00", False, False),
            ("HPR Community News", "2014-03-01 20:00", "2014-03-01 22:00", False, False),
            ("HPR Community News", "2014-04-05 21:00", "2014-04-05 23:00", False, False),
            ("HPR Community News", "2014-05-03 21:00", "2014-05-03 23:00", False, False),
            ("HPR Community News", "2014-05-31 21:00", "2014-05-31 23:00", False, False),
            ("HPR Community News", "2014-07-05 21:00", "2014-07-05 23:00", False, False),
        ],
    },
    # ------------------------------------------------------------------ hand-written files
    # google-calendar.ics: timed events in UTC, X-WR-TIMEZONE:Europe/Amsterdam, CRLF.
    # "Open podium": Thursdays 19:00Z-21:00Z = 20:00-22:00 CET from 2027-01-14, UNTIL
    # 2027-03-04 22:59:59Z: 01-14, 01-21, 01-28, 02-04, 02-11, 02-18, 02-25, 03-04.
    # The series ends before summer time (03-28), so expanding it in UTC or in the
    # X-WR-TIMEZONE gives the same wall-clock times.
    # EXDATE 2027-02-11 19:00Z removes 02-11. The override (written before its master, as
    # Google does) for RECURRENCE-ID 2027-01-28 19:00Z moves that evening an hour later:
    # 20:00Z-22:00Z = 21:00-23:00 CET.
    # Cancelled lecture: 18:30Z-20:00Z on 02-03 = 19:30-21:00 CET, cancelled.
    # Voorjaarsconcert: 2027-04-10 18:00Z-20:00Z, after the DST change: CEST, 20:00-22:00.
    # Nachtfilm: 2027-05-21 22:30Z to 05-22 00:30Z is 05-22 00:30-02:30 CEST, a day later
    # than its UTC date.
    # All-day events: Koningsdag 04-27 (one day), Expositie 06-05 up to 06-27 (DTEND exclusive,
    # so the last day is 06-26); its title has an escaped comma.
    "google-calendar.ics": {
        "now": "2027-01-10",
        "events": [
            ("Open podium", "2027-01-14 20:00", "2027-01-14 22:00", False, False),
            ("Open podium", "2027-01-21 20:00", "2027-01-21 22:00", False, False),
            ("Open podium", "2027-01-28 21:00", "2027-01-28 23:00", False, False),
            ("Lezing: De geschiedenis van de Hoogovens", "2027-02-03 19:30", "2027-02-03 21:00", False, True),
            ("Open podium", "2027-02-04 20:00", "2027-02-04 22:00", False, False),
            ("Open podium", "2027-02-18 20:00", "2027-02-18 22:00", False, False),
            ("Open podium", "2027-02-25 20:00", "2027-02-25 22:00", False, False),
            ("Open podium", "2027-03-04 20:00", "2027-03-04 22:00", False, False),
            ("Voorjaarsconcert", "2027-04-10 20:00", "2027-04-10 22:00", False, False),
            ("Koningsdag: vrijmarkt", "2027-04-27 00:00", "2027-04-28 00:00", True, False),
            ("Nachtfilm in het Witte Theater", "2027-05-22 00:30", "2027-05-22 02:30", False, False),
            ("Expositie: staal, zee en duin", "2027-06-05 00:00", "2027-06-27 00:00", True, False),
        ],
    },
    # outlook.ics: Windows zone name "W. Europe Standard Time" (Europe/Berlin; its VTIMEZONE
    # has the same rules as Amsterdam), CRLF, 75-octet folding (the long DESCRIPTION, the UIDs).
    # Theaterles: Wednesdays 19:00-20:30 wall-clock from 2027-03-10, COUNT=6: 03-10, 03-17,
    # 03-24, 03-31, 04-07, 04-14; EXDATE (TZID form) removes 03-24. The series crosses the DST
    # change on 03-28 and stays at 19:00 local.
    # De Langste Nacht: 2027-03-27 23:00 to 03-28 04:00 wall-clock; the night is an hour
    # shorter (02:00 becomes 03:00), but the stored local times are the ones written.
    # Open dag: VALUE=DATE with X-MICROSOFT-CDO-ALLDAYEVENT:TRUE, 09-04 (one day).
    # Cabaret: 2027-11-06 20:15-22:30, after summer time ended (10-31), still wall-clock.
    "outlook.ics": {
        "now": "2027-03-01",
        "events": [
            ("Theaterles voor jongeren", "2027-03-10 19:00", "2027-03-10 20:30", False, False),
            ("Theaterles voor jongeren", "2027-03-17 19:00", "2027-03-17 20:30", False, False),
            ("De Langste Nacht: theatermarathon", "2027-03-27 23:00", "2027-03-28 04:00", False, False),
            ("Theaterles voor jongeren", "2027-03-31 19:00", "2027-03-31 20:30", False, False),
            ("Theaterles voor jongeren", "2027-04-07 19:00", "2027-04-07 20:30", False, False),
            ("Theaterles voor jongeren", "2027-04-14 19:00", "2027-04-14 20:30", False, False),
            ("Open dag Kennemer Theater", "2027-09-04 00:00", "2027-09-05 00:00", True, False),
            ("Cabaret: Tussen de schoorstenen", "2027-11-06 20:15", "2027-11-06 22:30", False, False),
        ],
    },
    # nextcloud.ics: SabreDAV export, CRLF.
    # Schilderclub: RRULE FREQ=MONTHLY;BYDAY=TH;BYSETPOS=1;COUNT=4 (first Thursday) from
    # 2027-05-06 14:00-16:00 Europe/Amsterdam: 05-06, 06-03, 07-01, 08-05; RDATE adds 05-20 and
    # 09-16 with the series' two-hour length: six occurrences.
    # Zomeravondconcert: floating 20:00-22:30, no X-WR-TIMEZONE, so Europe/Amsterdam.
    # Cultuurfestival: all-day 08-27 to DTEND 08-30 (exclusive): Fri, Sat, Sun.
    # The VTODO (a task) is not an event and is not imported.
    "nextcloud.ics": {
        "now": "2027-05-01",
        "events": [
            ("Schilderclub 55+", "2027-05-06 14:00", "2027-05-06 16:00", False, False),
            ("Schilderclub 55+", "2027-05-20 14:00", "2027-05-20 16:00", False, False),
            ("Schilderclub 55+", "2027-06-03 14:00", "2027-06-03 16:00", False, False),
            ("Zomeravondconcert in de tuin", "2027-06-12 20:00", "2027-06-12 22:30", False, False),
            ("Schilderclub 55+", "2027-07-01 14:00", "2027-07-01 16:00", False, False),
            ("Schilderclub 55+", "2027-08-05 14:00", "2027-08-05 16:00", False, False),
            ("Heemskerk Cultuurfestival", "2027-08-27 00:00", "2027-08-30 00:00", True, False),
            ("Schilderclub 55+", "2027-09-16 14:00", "2027-09-16 16:00", False, False),
        ],
    },
    # wordpress-events.ics: The Events Calendar export. TZID=Europe/Amsterdam with the plugin's
    # VTIMEZONE, whose transitions are written at 01:00 (the UTC instant, a known quirk of the
    # plugin); no event lies near a transition, so every event is plainly CEST and its local
    # time is the time written. Unfolded X-ALT-DESC lines longer than 75 octets (allowed:
    # RFC 5545 says SHOULD NOT). SUMMARY "Jazz\, soul & blues in de bieb" unescapes to a comma.
    # DESCRIPTION/X-ALT-DESC carry HTML, "&amp\;" and, on the Kindervoorstelling, a
    # <script>alert(1)</script> that must not survive as markup.
    # The workshop is exported as three separate VEVENTs (one UID each).
    # Open Monumentendag: all-day 09-11 to DTEND 09-13 (exclusive): two days.
    "wordpress-events.ics": {
        "now": "2027-05-01",
        "events": [
            ("Jazz, soul & blues in de bieb", "2027-05-15 20:30", "2027-05-15 22:30", False, False),
            (
                "Kindervoorstelling: Het geheim van de vuurtoren",
                "2027-06-13 14:00",
                "2027-06-13 15:00",
                False,
                False,
            ),
            ("Workshop stripverhalen tekenen", "2027-07-10 10:00", "2027-07-10 12:00", False, False),
            ("Workshop stripverhalen tekenen", "2027-07-17 10:00", "2027-07-17 12:00", False, False),
            ("Workshop stripverhalen tekenen", "2027-07-24 10:00", "2027-07-24 12:00", False, False),
            ("Open Monumentendag Velsen", "2027-09-11 00:00", "2027-09-13 00:00", True, False),
        ],
    },
}
