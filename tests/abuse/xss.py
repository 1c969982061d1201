"""The XSS corpus as data, and the registry that runs it through every user text field and place (#14).

- `payloads()`: the corpus, `xss_payloads.txt`, one payload per line.
- `FIELDS`: how to put a list of payloads into one user text field, through the app's own services
  (what the forms and sockets call), returning the payloads the field accepted (a field may refuse
  one, e.g. a name with `<`, or one longer than the field: that refusal is itself the protection).
  Each field names the places that show it.
- `PLACES`: how to get each place's documents for a world: the HTTP pages (path and who looks), or
  the fragments pushed over WebSockets rendered by the very functions the broadcast calls, the
  exports and the emails.

A new field or place is one line in `FIELDS` or `PLACES` (and the place's name in the fields it
shows). The static test (tests/abuse/test_xss_static.py) and the browser test
(tests/e2e/test_xss_browser.py) both read this registry.

The static rule, for each HTML document of a place, is in `html_problems`; it compares the page
with payloads to the same page with harmless placeholders of the same lengths (the baseline):

1. no `on*` attribute anywhere;
2. no URL attribute (href, src, action, formaction, xlink:href, data, poster, ...) with a
   `javascript:`, `vbscript:` or `data:` scheme (after the browser's own clean-up of whitespace and
   control characters), except `data:image/...` in an `<img src>` (the QR code);
3. the same `<script>` elements as the baseline (by src and content);
4. the same elements and attribute names, counted: the multiset of (tag, attribute name) equals the
   baseline's. Escaped user text adds text, never an element or an attribute, so this catches any
   markup that got through, an htmx attribute (hx-*, data-hx-*, ws-*) included, and any quote that
   broke out of an attribute;
5. for fields that are Markdown (`rich`), the sanitised HTML sits inside `.user-text` containers:
   rule 4 skips their insides, and there every element and attribute must be in nh3's allow-list
   (cmij.text), with no htmx attribute.

6. a `<script type="application/ld+json">` block (an event's schema.org data) is judged by its
   structure, not its content: it must parse as JSON (a `</script>` in a title that ended the block
   early leaves JSON that does not, and the script after it breaks rule 3), and with every string
   made "" it must equal the baseline's. Where a place carries such a block (`json_ld`), each plain
   payload must be in one of its string values, verbatim.

And each accepted payload's visible text must be on the place (verbatim for plain text; for
Markdown the text of its sanitised rendering; for a list of names, `Field.shown`, each name), so a
field that silently shows nothing cannot pass.
Text documents (emails, the Markdown and CSV exports) must carry the payload verbatim, must not be
sent as HTML, and the Markdown export rendered by the app's own Markdown pipeline passes rules 1-3.
The Atom feed (kind "atom", `atom_problems`) must be served as XML and parse, have the baseline's
elements and attribute names, plain-text titles (where the payload must be, verbatim), and each
entry's HTML must pass rules 1-5 inside a `.user-text` container. A calendar file (kind "ics",
`ics_problems`) must be served as text/calendar, never HTML, parse with icalendar, and have the
baseline's components, each with the baseline's property names, so a line break in a text never
starts a property (ATTENDEE) or an event of its own; its SUMMARY, DESCRIPTION and LOCATION must
give back each accepted payload verbatim (`ics_values`, unescaped as RFC 5545 says). Multi-line
fields that reach a calendar add their own line-breaking payloads (`Field.extra`, `ICS_BREAKERS`).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agenda import selectors as agenda_selectors
from agenda import services as agenda_services
from archive import selectors as archive_selectors
from archive import services as archive_services
from boards import services as board_services
from boards.models import Board
from callouts import selectors, services
from cmij import emails as cmij_emails
from cmij import text as user_text
from notifications import services as notification_services
from notifications import tasks
from teams import services as team_services
from teams.models import ReportBackShown

CORPUS = Path(__file__).with_name("xss_payloads.txt")


def payloads() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not (line == "#" or line.startswith("# "))]


def placeholders(accepted: list[str]) -> list[str]:
    """Harmless text of the same lengths, numbered: the baseline for the same writes."""
    return [f"Plek{n:03d}".ljust(len(text), "x")[: max(len(text), 7)] for n, text in enumerate(accepted)]


def url_placeholders(accepted: list[str]) -> list[str]:
    return [f"https://example.org/plek{n:03d}".ljust(len(text), "x") for n, text in enumerate(accepted)]


def chunks(texts: list[str], limit: int, joiner: str = "\n\n") -> list[list[str]]:
    """Payloads packed into as few texts of at most `limit` characters as fit (all on few pages)."""
    packs: list[list[str]] = [[]]
    for text in texts:
        if packs[-1] and len(joiner.join([*packs[-1], text])) > limit:
            packs.append([])
        packs[-1].append(text)
    return packs


# --- the world the payloads go into ---------------------------------------------------------------


@dataclass
class World:
    """The people and things a field writes into; `made` collects what places look at."""

    organiser: Any
    member: Any  # a participant, follows music, notified at once by email
    member2: Any  # follows theatre: a second notifications page (a page lists 100)
    author: Any  # posts callouts
    meeting: Any
    board: Any
    made: dict[str, list] = field(default_factory=dict)

    def add(self, kind: str, thing: Any) -> None:
        self.made.setdefault(kind, []).append(thing)


def world_new(people: World | None = None) -> World:
    """A world of its own; with `people`, the same people in a new meeting and board."""
    from notifications.models import NotificationSettings
    from profiles import services as profile_services
    from profiles.models import Discipline, Municipality
    from tests.helpers.factories import MemberFactory, meeting, organiser

    if people is not None:
        meeting = meeting(by=people.organiser, title="Bijeenkomst XSS-proef", facilitators=[people.organiser])
        board = meeting.boards.get()
        board_services.board_update_settings(board=board, by=people.organiser, idea_max_length=1000)
        board.refresh_from_db()
        return World(people.organiser, people.member, people.member2, people.author, meeting, board)
    boss = organiser(display_name="Olga Organisator")
    member = MemberFactory(display_name="Mila Maker")
    member2 = MemberFactory(display_name="Teun Toneel")
    author = MemberFactory(display_name="Ada Auteur")
    music, theatre = Discipline.objects.get(slug="muziek"), Discipline.objects.get(slug="theater")
    beverwijk = Municipality.objects.get(slug="beverwijk")
    for user, discipline, email in (
        (member, music, NotificationSettings.Email.IMMEDIATE),
        (member2, theatre, NotificationSettings.Email.DAILY),  # her notifications come in the digest
        (author, music, NotificationSettings.Email.IMMEDIATE),
    ):
        profile_services.profile_update(
            profile=user.profile, disciplines=[discipline], municipality=beverwijk, public=True
        )
        notification_services.email_setting_update(member=user, email=email)
    meeting = meeting(by=boss, title="Bijeenkomst XSS-proef", facilitators=[boss])
    board = meeting.boards.get()
    board_services.board_update_settings(board=board, by=boss, idea_max_length=1000)
    board.refresh_from_db()
    return World(boss, member, member2, author, meeting, board)


# --- fields: how payloads get in ------------------------------------------------------------------


def _accepting(write: Callable[[str], Any], texts: list[str]) -> list[str]:
    """Write each text; keep those the app accepted (a refusal must be a clean ValidationError)."""
    accepted = []
    for text in texts:
        try:
            write(text)
        except ValidationError:
            continue
        accepted.append(text)
    return accepted


def _post_idea(world: World, participant, prompt, text: str) -> None:
    """An idea on the world's board in `prompt`, through the service."""

    board_services.idea_create(
        board=world.board,
        participant=participant,
        prompt=prompt,
        text=text,
        client_msg_id=board_services.client_msg_id_new(),
    )


def write_ideas(world: World, texts: list[str]) -> list[str]:
    from boards.identity import Participant

    prompt = world.board.prompts.first()
    me = Participant(user=world.member)
    return _accepting(lambda text: _post_idea(world, me, prompt, text), texts)


def write_guest_names(world: World, texts: list[str]) -> list[str]:
    """Guests join with the payload as their name, and each posts an idea (shown with the name)."""
    from boards.identity import Participant

    prompt = world.board.prompts.first()

    def join_and_post(text: str) -> None:
        guest = board_services.guest_join(
            meeting=world.meeting, code=world.meeting.join_code, display_name=text
        )
        _post_idea(world, Participant(guest=guest), prompt, "Een idee van een gast")

    return _accepting(join_and_post, texts)


def write_prompts(world: World, texts: list[str]) -> list[str]:
    """A column per payload, each with an idea (the exports list columns that have ideas)."""
    from boards.identity import Participant

    def add(text: str) -> None:
        prompt = board_services.prompt_create(board=world.board, by=world.organiser, title=text)
        _post_idea(world, Participant(user=world.member), prompt, "Een idee in deze kolom")

    return _accepting(add, texts)


def write_meeting_titles(world: World, texts: list[str]) -> list[str]:

    start = timezone.now() + timedelta(days=30)

    def add(text: str) -> None:
        world.add(
            "meetings",
            board_services.meeting_create(
                by=world.organiser, title=text, starts_at=start, ends_at=start + timedelta(hours=2)
            ),
        )

    return _accepting(add, texts)


def write_meeting_image_alts(world: World, texts: list[str]) -> list[str]:
    """The description of a session's image (a session with a small image per payload)."""
    from tests.helpers.uploads import image_upload

    start = timezone.now() + timedelta(days=30)

    def add(text: str) -> None:
        world.add(
            "meetings",
            board_services.meeting_create(
                by=world.organiser,
                title="Bijeenkomst met een beeld",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                image=image_upload(size=(120, 90)),
                image_alt=text,
            ),
        )

    return _accepting(add, texts)


def write_meeting_descriptions(world: World, texts: list[str]) -> list[str]:
    """Packed: each meeting's description holds as many payloads as fit, a paragraph each."""

    accepted = [text for text in texts if text.strip()]
    start = timezone.now() + timedelta(days=30)
    for pack in chunks(accepted, 5000):
        world.add(
            "meetings",
            board_services.meeting_create(
                by=world.organiser,
                title="Bijeenkomst met een beschrijving",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                description="\n\n".join(pack),
            ),
        )
    return accepted


def _callout(world: World, *, title: str, body: str, discipline_slug: str = "muziek"):
    from callouts.models import Callout
    from profiles.models import Discipline

    world.add("rich_texts", body)
    callout = services.callout_create(
        author=world.author,
        kind=Callout.Kind.COLLABORATION,
        title=title,
        body=body,
        disciplines=[Discipline.objects.get(slug=discipline_slug)],
    )
    world.add("callouts", callout)
    return callout


def write_callout_titles(world: World, texts: list[str]) -> list[str]:
    """A callout per title, half for music and half for theatre: two members are notified (a
    notifications page lists 100)."""
    return _accepting(
        lambda text: _callout(
            world,
            title=text,
            body="Wie doet er mee?",
            discipline_slug="theater" if len(world.made.get("callouts", [])) % 2 else "muziek",
        ),
        texts,
    )


def write_callout_bodies(world: World, texts: list[str]) -> list[str]:
    """A callout per body (the feed shows each card), and a few packed ones for the callout page."""
    accepted = _accepting(lambda text: _callout(world, title="Oproep met tekst", body=text), texts)
    for pack in chunks(accepted, 4000):
        world.add("packed_callouts", _callout(world, title="Oproep met veel tekst", body="\n\n".join(pack)))
    return accepted


def write_responses(world: World, texts: list[str]) -> list[str]:
    """One thread: a member responds to a callout with every payload."""

    callout = _callout(world, title="Oproep met reacties", body="Reageer maar.")
    world.add("packed_callouts", callout)
    return _accepting(
        lambda text: services.response_create(callout=callout, sender=world.member, body=text), texts
    )


def _profile(world: World, n: int, **fields: Any):
    """A public member of its own, so each profile's payloads are on its own page."""
    from profiles import services
    from tests.helpers.factories import MemberFactory

    user = MemberFactory(display_name=f"Maker {n:03d}")
    try:
        services.profile_update(profile=user.profile, public=True, **fields)
    except ValidationError:
        user.delete()
        raise
    world.add("profiles", user.profile)
    return user


def write_bios(world: World, texts: list[str]) -> list[str]:
    accepted = [text for text in texts if text.strip()]
    for n, pack in enumerate(chunks(accepted, 2000)):
        world.add("rich_texts", "\n\n".join(pack))
        _profile(world, n, bio="\n\n".join(pack))
    return accepted


def _tags(world: World, texts: list[str], lists: tuple[str, ...]) -> list[str]:
    """Tag lists of a profile (ten tags a list, one payload a tag); tags are plain, short text."""
    from profiles.models import validate_plain_text

    def plain(text: str) -> bool:
        try:
            validate_plain_text(text)
        except ValidationError:
            return False
        return len(text.strip()) <= 40

    accepted = [text for text in texts if plain(text)]
    size = 10 * len(lists)
    for n in range(0, len(accepted), size):
        pack = accepted[n : n + size]
        _profile(world, n, **{name: pack[10 * i : 10 * i + 10] for i, name in enumerate(lists)})
    return accepted


def write_tags(world: World, texts: list[str]) -> list[str]:
    return _tags(world, texts, ("helps_with", "looking_for"))


def write_organisations(world: World, texts: list[str]) -> list[str]:
    return _tags(world, texts, ("organisations",))


def write_websites(world: World, texts: list[str]) -> list[str]:
    """A profile's website: only http(s) addresses are taken."""
    counter = iter(range(len(texts)))
    return _accepting(lambda text: _profile(world, next(counter), website=text), texts)


def write_display_names(world: World, texts: list[str]) -> list[str]:
    """Members named with the payload: each writes to Mila (a notification) and adds an idea."""
    from boards.identity import Participant
    from profiles import services
    from tests.helpers.factories import MemberFactory

    prompt = world.board.prompts.first()

    def member(text: str) -> None:
        user = MemberFactory(display_name=text)
        services.profile_update(profile=user.profile, public=True)
        world.add("profiles", user.profile)
        services.message_send(sender=user, recipient=world.member, body="Hallo!")
        _post_idea(world, Participant(user=user), prompt, "Een idee met een naam")

    return _accepting(member, texts)


def write_messages(world: World, texts: list[str]) -> list[str]:
    """Messages to two members, in turn (a messages page lists 100)."""
    from profiles import services

    def send(text: str) -> None:
        sent = world.made.setdefault("messages", [])
        recipient = world.member2 if len(sent) % 2 else world.member
        sent.append(services.message_send(sender=world.author, recipient=recipient, body=text))

    return _accepting(send, texts)


# --- the knowledge platform and the action teams ----------------------------------------------------
# Built when a field needs it (most fields never do), once per world: a closed past meeting with an
# idea and a published summary with a topic, an action team started from that idea (Mila coordinates,
# Teun is in it) and its report-back to the world's coming meeting, shown on that meeting's plenary
# projector (the world's board).


@dataclass
class Knowledge:
    past: Any  # a past meeting, its boards closed
    idea: Any  # on the past meeting's board: the teams start from it
    summary: Any  # of the past meeting, published
    topic: Any
    team: Any
    report_back: Any  # the team's, to the world's meeting, shown on the world's board's projector


def _past_meeting(world: World, n: int = 0):
    """A meeting a month ago with one idea on its board, every board closed (so it can be summed up)."""
    from boards.identity import Participant
    from boards.models import Board

    start = timezone.now() - timedelta(days=30 + n)
    meeting = board_services.meeting_create(
        by=world.organiser,
        title="Terugblik op de XSS-proef",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        facilitators=[world.organiser],
    )
    board = meeting.boards.get()
    idea, _created = board_services.idea_create(
        board=board,
        participant=Participant(user=world.member),
        prompt=board.prompts.first(),
        text="Een gedeelde werkplaats in de haven",
        client_msg_id=board_services.client_msg_id_new(),
    )
    board_services.board_set_phase(board=board, by=world.organiser, phase=Board.Phase.CLOSED)
    return meeting, idea


def _summary_new(world: World, text: str, *, new_topics: tuple[str, ...] = ()):
    """A past meeting summed up with `text`, published; returns (summary, the idea on its board)."""

    meeting, idea = _past_meeting(world, len(world.made.get("summaries", [])))
    summary = archive_services.summary_draft(meeting=meeting, by=world.organiser)
    summary = archive_services.summary_save(
        summary=summary, by=world.organiser, text=text, new_topics=new_topics, base_version=summary.version
    )
    summary = archive_services.summary_publish(summary=summary, by=world.organiser)
    world.add("summaries", summary)
    for topic in summary.topics.all():
        world.add("topics", topic)
    return summary, idea


def knowledge(world: World) -> Knowledge:
    if "knowledge" in world.made:
        return world.made["knowledge"][0]

    summary, idea = _summary_new(world, "Een verslag van de avond.", new_topics=("Werkplaatsen",))
    topic = summary.topics.get()
    team = team_services.team_create(
        idea=idea,
        by=world.organiser,
        name="Werkplaats in de haven",
        goal="Een plek om samen te maken.",
        topic=topic,
        coordinator=world.member,
    )
    team_services.team_join(team=team, member=world.member2)
    world.add("teams", team)
    report = team_services.report_back_save(
        team=team, meeting=world.meeting, by=world.member, text="We vonden een plek."
    )
    world.add("report_backs", report)
    team_services.report_back_show(board=world.board, by=world.organiser, report_back=report)
    made = Knowledge(summary.meeting, idea, summary, topic, team, report)
    world.made["knowledge"] = [made]
    return made


def write_summaries(world: World, texts: list[str]) -> list[str]:
    """Packed: each published summary holds as many payloads as fit, a paragraph each."""
    accepted = [text for text in texts if text.strip()]
    for pack in chunks(accepted, 4000):
        world.add("rich_texts", "\n\n".join(pack))
        _summary_new(world, "\n\n".join(pack))
    return accepted


def write_topic_names(world: World, texts: list[str]) -> list[str]:
    """New topics named while editing a published summary (as the summary form does), one a save."""

    summary, _idea = _summary_new(world, "Een verslag met onderwerpen.")
    state = {"summary": summary}

    def name(text: str) -> None:
        current = state["summary"]
        before = list(current.topics.all())
        saved = archive_services.summary_save(
            summary=current,
            by=world.organiser,
            text=current.text,
            topics=before,
            new_topics=[text],
            base_version=current.version,
        )
        state["summary"] = saved
        new = saved.topics.exclude(pk__in=[topic.pk for topic in before]).first()
        if new is None:  # the name of a topic there is (in other capitals): that topic, not a new one
            raise ValidationError("not a new topic")
        world.add("topics", new)

    return _accepting(name, texts)


def write_proposal_reasons(world: World, texts: list[str]) -> list[str]:
    """Four members each propose a topic (one open proposal per member and topic), a topic every four."""

    summary, _idea = _summary_new(world, "Een verslag.")
    proposers = [world.member, world.member2, world.author, world.organiser]
    made: list = []
    done: list[str] = []

    def propose(text: str) -> None:
        n = len(done)
        if len(made) <= n // len(proposers):
            (topic,) = archive_services.topics_get_or_create(
                names=[f"Onderwerp {len(made):03d}"], by=world.organiser, meeting=summary.meeting
            )
            made.append(topic)
            world.add("topics", topic)
        archive_services.proposal_create(topic=made[-1], by=proposers[n % len(proposers)], reason=text)
        done.append(text)

    return _accepting(propose, texts)


def _team_new(
    world: World, *, name: str = "Actieteam", goal: str = "Samen iets maken.", report: bool = False
):
    """Another team from the knowledge's idea, coordinated by Mila; with `report`, its report-back to
    the world's meeting (so the meeting's programme lists it)."""

    made = knowledge(world)
    team = team_services.team_create(
        idea=made.idea, by=world.organiser, name=name, goal=goal, coordinator=world.member
    )
    world.add("teams", team)
    if report:
        world.add(
            "report_backs",
            team_services.report_back_save(
                team=team, meeting=world.meeting, by=world.member, text="Het loopt."
            ),
        )
    return team


def write_team_names(world: World, texts: list[str]) -> list[str]:
    return _accepting(lambda text: _team_new(world, name=text, report=True), texts)


def write_team_goals(world: World, texts: list[str]) -> list[str]:
    """Packed: each team's goal holds as many payloads as fit, a paragraph each."""
    from teams.models import ActionTeam

    limit = ActionTeam._meta.get_field("goal").max_length
    accepted = [text for text in texts if text.strip()]
    for pack in chunks(accepted, limit):
        _team_new(world, goal="\n\n".join(pack))
    return accepted


def write_task_titles(world: World, texts: list[str]) -> list[str]:
    """Tasks of the team whose report-back is on the projector, each given to Teun (he is told)."""

    team = knowledge(world).team
    return _accepting(
        lambda text: team_services.task_create(team=team, by=world.member, title=text, owner=world.member2),
        texts,
    )


def write_team_updates(world: World, texts: list[str]) -> list[str]:
    """Packed: a team page lists its newest 50 updates; each update holds as many payloads as fit."""
    from teams.models import TeamUpdate

    team = knowledge(world).team
    limit = TeamUpdate._meta.get_field("text").max_length
    accepted = [text for text in texts if text.strip()]
    for pack in chunks(accepted, limit):
        team_services.update_post(team=team, by=world.member, text="\n\n".join(pack))
    return accepted


def write_report_backs(world: World, texts: list[str]) -> list[str]:
    """Packed into report-backs to the world's meeting: the first is the knowledge team's (on the
    plenary projector), each further one another team's, on a breakout board's projector of its own."""
    from teams.models import ReportBack

    made = knowledge(world)
    limit = ReportBack._meta.get_field("text").max_length
    accepted = [text for text in texts if text.strip()]
    for n, pack in enumerate(chunks(accepted, limit)):
        text = "\n\n".join(pack)
        world.add("rich_texts", text)
        if n == 0:
            team_services.report_back_save(team=made.team, meeting=world.meeting, by=world.member, text=text)
            continue
        team = _team_new(world, name=f"Actieteam {n}")
        report = team_services.report_back_save(team=team, meeting=world.meeting, by=world.member, text=text)
        world.add("report_backs", report)
        board = board_services.board_create(
            meeting=world.meeting, by=world.organiser, title=f"Deelsessie {n}"
        )
        team_services.report_back_show(board=board, by=world.organiser, report_back=report)
    return accepted


# --- the UIT-agenda -------------------------------------------------------------------------------


def _campaign(world: World):
    if "campaigns" not in world.made:
        from agenda.models import Campaign

        campaign = agenda_services.campaign_render(
            Campaign(
                slug=f"zomer-in-ijmond-{world.meeting.pk}",  # worlds that share a database (the browser test)
                name="Zomer in IJmond",
                text="Alles in de **zomer**.",
            )
        )
        campaign.full_clean()
        campaign.save()
        world.add("campaigns", campaign)
    return world.made["campaigns"][0]


def _event(world: World, **fields: Any):
    """An event submitted by Mila or Teun (in turn: each is told it is published) and published by the
    organiser in the campaign; the organiser is told of each submission."""
    from profiles.models import Municipality

    campaign = _campaign(world)
    n = len(world.made.get("events", []))
    start = timezone.now() + timedelta(days=10, hours=n)
    values: dict[str, Any] = {
        "title": "Concert in de kerk",
        "venue": "De Dorpskerk",
        "address": "Kerkplein 1",
        "municipality": Municipality.objects.get(slug="beverwijk"),
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        **fields,
    }
    event = agenda_services.event_submit(by=world.member2 if n % 2 else world.member, **values)
    event = agenda_services.event_approve(event=event, by=world.organiser, campaigns=[campaign])
    world.add("events", event)
    return event


def write_event_titles(world: World, texts: list[str]) -> list[str]:
    return _accepting(lambda text: _event(world, title=text), texts)


def write_event_descriptions(world: World, texts: list[str]) -> list[str]:
    """Packed: each event's description holds as many payloads as fit, a paragraph each."""
    from callouts.models import BODY_MAX

    accepted = [text for text in texts if text.strip() and "\x00" not in text]
    for pack in chunks(accepted, BODY_MAX):
        world.add("rich_texts", "\n\n".join(pack))
        _event(world, description="\n\n".join(pack))
    return accepted


def write_imported_event_titles(world: World, texts: list[str]) -> list[str]:
    """Each payload the title of an event in a partner's calendar, served on loopback and taken in by
    the import (agenda.sources) as the hourly fetch would. Accepted: the titles as the import stored
    them (an event with control characters is skipped; a title's line breaks become spaces, and a
    long one is cut at 120 characters), since that is what the places show."""
    import icalendar
    from django.test import override_settings

    from agenda import sources
    from agenda.models import Event, Source
    from profiles.models import Municipality
    from tests.helpers.feed_server import feed_server

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Partner//XSS//NL")
    calendar.add("version", "2.0")
    start = timezone.now() + timedelta(days=12)
    for n, text in enumerate(texts):
        event = icalendar.Event()
        event.add("uid", f"xss-{n}@partner.example")
        event.add("summary", text)
        event.add("dtstart", start + timedelta(hours=n))
        event.add("dtend", start + timedelta(hours=n, minutes=30))
        calendar.add_component(event)
    allowed = override_settings(
        CMIJ_AGENDA_FETCH_ALLOW_NETWORKS=["127.0.0.1/32"], CMIJ_AGENDA_SOURCE_MAX_EVENTS=len(texts) + 1
    )
    with feed_server() as server, allowed:
        server.serve("/partner.ics", calendar.to_ical())
        source = Source.objects.create(
            name="Partner",
            url=f"{server.url}/partner.ics",
            website="https://partner.example/",
            municipality=Municipality.objects.get(slug="velsen"),
            publish_at_once=True,
        )
        sources.source_fetch(source.pk)
    stored = dict(Event.objects.filter(source=source).values_list("source_uid", "title"))
    return [stored[uid] for n in range(len(texts)) if (uid := f"xss-{n}@partner.example") in stored]


def write_image_alts(world: World, texts: list[str]) -> list[str]:
    """The description of an event's image (an event with a small image per payload): an alt text."""
    from tests.helpers.uploads import image_upload

    return _accepting(lambda text: _event(world, image=image_upload(size=(120, 90)), image_alt=text), texts)


def write_campaign_image_alts(world: World, texts: list[str]) -> list[str]:
    """The description of a campaign's image (a campaign with a small image per payload)."""
    from agenda.models import Campaign
    from tests.helpers.uploads import image_upload

    def add(text: str) -> None:
        number = len(world.made.get("campaigns", []))
        campaign = Campaign(
            slug=f"beeld-{world.meeting.pk}-{number}", name="Campagne met een beeld", image_alt=text
        )
        world.add(
            "campaigns",
            agenda_services.campaign_save(campaign=campaign, image=image_upload(size=(120, 90))),
        )

    return _accepting(add, texts)


def write_event_venues(world: World, texts: list[str]) -> list[str]:
    """The payload as the venue and as its address (an event per payload)."""
    return _accepting(lambda text: _event(world, venue=text, address=text), texts)


def write_event_makers(world: World, texts: list[str]) -> list[str]:
    """Makers without an account, by name: packed into the field, comma-separated as the form asks.
    A payload with a comma is several names (each must be shown)."""
    from agenda.models import Event

    limit = Event._meta.get_field("maker_names").max_length
    accepted = [
        text
        for text in texts
        if agenda_selectors.maker_names(text) and not agenda_services._CONTROL.search(text)
    ]
    accepted = [text for text in accepted if len(text) <= limit]
    for pack in chunks(accepted, limit, ", "):
        _event(world, maker_names=", ".join(pack))
    return accepted


def maker_pieces(text: str) -> list[str]:
    """The names a maker field shows for a text (it splits on commas)."""

    return agenda_selectors.maker_names(text)


def comma_placeholders(accepted: list[str]) -> list[str]:
    """Stand-ins with the commas where the payloads have them, so they are as many names."""
    stand_ins = []
    for n, text in enumerate(accepted):
        parts = []
        for m, part in enumerate(text.split(",")):
            parts.append(part if not part.strip() else f"P{n:03d}n{m}".ljust(len(part), "x"))
        stand_ins.append(",".join(parts))
    return stand_ins


#: Texts that try to start a calendar property or component of their own from a multi-line field.
ICS_BREAKERS = (
    "Regel een\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Nep\nATTENDEE:mailto:kwaad@example.org",
    "Regel twee\nATTENDEE;CN=Kwaad:mailto:kwaad@example.org",
    "Regel drie\\nX-INJECT:1\\;ja",
)


@dataclass(frozen=True)
class Field:
    write: Callable[[World, list[str]], list[str]]
    places: tuple[str, ...]
    rich: bool = False  # Markdown, sanitised by nh3 and shown in .user-text containers
    #: The harmless stand-ins of the baseline, of the same lengths (a field that takes only some
    #: shapes, like a web address, gives its own).
    placeholders: Callable[[list[str]], list[str]] = placeholders
    #: What a place shows of one payload (default: the payload itself; a list of names: each name).
    shown: Callable[[str], list[str]] | None = None
    #: Payloads of this field's own, after the corpus (e.g. line breaks for calendar files).
    extra: tuple[str, ...] = ()
    #: Whether a place's schema.org data (json_ld) carries the field (an image's description does not).
    in_json_ld: bool = True


BOARD = ("board", "board_facilitator", "projector", "board_fragments", "export_md", "export_csv")

FIELDS: dict[str, Field] = {
    "idea": Field(write_ideas, BOARD),
    "guest_name": Field(write_guest_names, BOARD),
    "prompt": Field(write_prompts, BOARD),
    "meeting_title": Field(write_meeting_titles, ("meeting_list", "meeting_page", "meeting_calendars")),
    "meeting_description": Field(write_meeting_descriptions, ("meeting_page", "meeting_calendars")),
    # The session's page draws its image with the same component (components/image.html) as its card
    # in the list, and an event's page shows that component's escaping (image_alt): checking each
    # session's page again would cost half a minute of this part's budget and prove nothing new.
    "meeting_image_alt": Field(write_meeting_image_alts, ("meeting_list",), in_json_ld=False),
    "callout_title": Field(
        write_callout_titles, ("feed", "feed_fragments", "callout_page", "notifications", "email", "profile")
    ),
    "callout_body": Field(write_callout_bodies, ("feed", "feed_fragments", "callout_page"), rich=True),
    "response": Field(write_responses, ("callout_page",)),
    "profile_bio": Field(write_bios, ("profile",), rich=True),
    "profile_tags": Field(write_tags, ("profile", "directory")),
    "profile_organisations": Field(write_organisations, ("profile",)),
    "profile_website": Field(write_websites, ("profile",), placeholders=url_placeholders),
    "display_name": Field(
        write_display_names, ("profile", "directory", "notifications", "email", "messages", *BOARD)
    ),
    "message": Field(write_messages, ("messages",)),
    # The knowledge platform, the action teams and the UIT-agenda.
    "summary_text": Field(write_summaries, ("summary", "archive", "archive_feed"), rich=True),
    "topic_name": Field(write_topic_names, ("summary", "archive", "archive_feed", "topics", "topic")),
    "proposal_reason": Field(write_proposal_reasons, ("topic", "programme")),
    "team_name": Field(write_team_names, ("teams", "team", "summary", "programme")),
    "team_goal": Field(write_team_goals, ("team",)),
    "task_title": Field(
        write_task_titles, ("team", "report_back", "projector", "board_fragments", "notifications")
    ),
    "team_update": Field(write_team_updates, ("team",)),
    "report_back_text": Field(write_report_backs, ("report_back", "projector", "board_fragments"), rich=True),
    "event_title": Field(
        write_event_titles, ("agenda", "event_page", "campaign", "calendars", "event_notifications")
    ),
    "event_description": Field(
        write_event_descriptions, ("event_page", "calendars"), rich=True, extra=ICS_BREAKERS
    ),
    "event_venue": Field(write_event_venues, ("agenda", "event_page", "calendars")),
    # A partner's calendar (#26): its titles reach the agenda, the embed and the feeds like a member's.
    "imported_event_title": Field(write_imported_event_titles, ("agenda", "embed", "calendars")),
    "image_alt": Field(write_image_alts, ("agenda", "event_page"), in_json_ld=False),
    "campaign_image_alt": Field(write_campaign_image_alts, ("campaign",), in_json_ld=False),
    "event_makers": Field(
        write_event_makers,
        ("agenda", "event_page"),
        placeholders=comma_placeholders,
        shown=maker_pieces,
    ),
}


# --- places: where payloads are shown -------------------------------------------------------------


@dataclass
class Doc:
    """One document a place shows: HTML, or text (an email, an export)."""

    name: str
    content: str
    kind: str = "html"  # html | text | csv | markdown | atom | ics
    headers: dict[str, str] = field(default_factory=dict)
    truncates: bool = False  # the place shortens long text (feed cards: 40 words)


#: Who looks: a role name -> the user (None: nobody logged in).
def viewer(world: World, role: str):
    return {
        "organiser": world.organiser,
        "member": world.member,
        "member2": world.member2,
        "author": world.author,
        "anonymous": None,
    }[role]


@dataclass(frozen=True)
class Place:
    """A place is either pages (`paths`: (role, path) pairs) or rendered documents (`render`)."""

    paths: Callable[[World], list[tuple[str, str]]] | None = None
    render: Callable[[World], list[Doc]] | None = None
    kind: str = "html"
    truncates: bool = False
    browser_pages: int = 8  # the browser loads at most this many of its pages per field
    #: Its pages carry a schema.org JSON-LD block that names the payload (a string value in it).
    json_ld: bool = False


def board_path(world: World) -> str:
    return reverse("boards:board", kwargs={"board_id": world.board.pk})


def projector_path(world: World, board=None) -> str:
    board = board or world.board
    board.refresh_from_db()
    return f"{reverse('boards:projector', kwargs={'board_id': board.pk})}?t={board.projector_token}"


def stage_boards(world: World) -> list:
    """The world's board, and any other board of its meeting that shows a report-back."""
    others = Board.objects.filter(meeting=world.meeting, pk__in=ReportBackShown.objects.values("board_id"))
    return [world.board, *others.exclude(pk=world.board.pk).order_by("pk")]


def feed_paths(world: World) -> list[tuple[str, str]]:
    """Every page of the feed ("load more" as plain pages: ?voor=<the last id shown>)."""

    ids = list(selectors.in_feed().order_by("-created_at", "-id").values_list("pk", flat=True))
    size = selectors.PAGE_SIZE
    pages = [reverse("callouts:feed")]
    pages += [f"{reverse('callouts:feed')}?voor={ids[i - 1]}" for i in range(size, len(ids), size)]
    return [("member", page) for page in pages]


def directory_paths(world: World) -> list[tuple[str, str]]:
    from profiles.models import Profile
    from profiles.views import PAGE_SIZE

    count = Profile.objects.filter(user__is_active=True).count()
    return [
        ("member", f"{reverse('profiles:directory')}?pagina={n}") for n in range(1, count // PAGE_SIZE + 2)
    ]


def callout_paths(world: World) -> list[tuple[str, str]]:
    """The packed callouts first (all their payloads on few pages), then each other callout."""
    packed = world.made.get("packed_callouts", [])
    rest = [c for c in world.made.get("callouts", []) if c not in packed]
    return [("author", callout.get_absolute_url()) for callout in [*packed, *rest]]


def profile_paths(world: World) -> list[tuple[str, str]]:
    return [
        ("member", profile.get_absolute_url())
        for profile in [world.author.profile, *world.made.get("profiles", [])]
    ]


def render_board_fragments(world: World) -> list[Doc]:
    """What the board's sockets get: every event of the board as each audience is pushed it
    (the broadcast's own renderer), and the snapshot a large gap or a role change sends; the same
    for any other board of the meeting that shows a report-back on its projector."""
    from boards import rendering
    from boards.models import BoardEvent

    docs = []
    for board in stage_boards(world):
        events = list(BoardEvent.objects.filter(board=board).order_by("seq"))
        # A board or column event pushes the whole board body: its last one shows every column.
        last = {event.kind: event for event in events}
        events = [event for event in events if event.kind == "idea" or last[event.kind] is event]
        for audience in (rendering.PARTICIPANTS, rendering.PROJECTOR, rendering.FACILITATORS):
            parts = [rendering.render_event_by_id(event.pk, audience, "nl") for event in events]
            docs.append(Doc(f"board {board.pk} events for {audience}", "\n".join(parts)))
            docs.append(
                Doc(
                    f"board {board.pk} snapshot for {audience}",
                    rendering.render_snapshot(board, audience, "nl"),
                )
            )
    return docs


def _pages(path: str, count: int, size: int, role: str = "anonymous") -> list[tuple[str, str]]:
    """Every page of a paginated list (?pagina=n) of `count` items, `size` a page."""
    return [(role, f"{path}?pagina={n}") for n in range(1, max(count - 1, 0) // size + 2)]


def made_paths(kind: str, role: str) -> Callable[[World], list[tuple[str, str]]]:
    """The pages of the things a world made of one kind (summaries, teams, events...), as `role`."""
    return lambda world: [(role, thing.get_absolute_url()) for thing in world.made.get(kind, [])]


def report_back_paths(world: World) -> list[tuple[str, str]]:
    return [
        ("member", reverse("teams:report_back", kwargs={"report_id": report.pk}))
        for report in world.made.get("report_backs", [])
    ]


def archive_paths(world: World) -> list[tuple[str, str]]:
    from archive.views import ARCHIVE_PAGE_SIZE

    return _pages(
        reverse("archive:archive"), archive_selectors.archive_summaries().count(), ARCHIVE_PAGE_SIZE
    )


def agenda_paths(world: World) -> list[tuple[str, str]]:

    count = agenda_selectors.agenda_events(query=agenda_selectors.AgendaQuery()).count()
    return _pages(reverse("agenda:agenda"), count, agenda_selectors.PAGE_SIZE)


def embed_paths(world: World) -> list[tuple[str, str]]:
    count = agenda_selectors.agenda_events(query=agenda_selectors.AgendaQuery()).count()
    return _pages(reverse("agenda:embed"), count, agenda_selectors.PAGE_SIZE)


def calendar_paths(world: World) -> list[tuple[str, str]]:
    """The agenda's feed (every upcoming event), the campaign's, and the first events' own files."""
    paths = [("anonymous", reverse("agenda:agenda_ics"))]
    paths += [
        ("anonymous", reverse("agenda:campaign_ics", kwargs={"slug": campaign.slug}))
        for campaign in world.made.get("campaigns", [])
    ]
    events = world.made.get("events", [])[:2]
    return paths + [("anonymous", reverse("agenda:event_ics", kwargs={"event_id": e.pk})) for e in events]


def meeting_calendar_paths(world: World) -> list[tuple[str, str]]:
    """CMIJ's meetings feed (every coming and recent meeting), and the first meetings' own files."""
    paths = [("anonymous", reverse("agenda:meetings_ics"))]
    meetings = world.made.get("meetings", [])[:2]
    return paths + [("anonymous", reverse("agenda:meeting_ics", kwargs={"slug": s.slug})) for s in meetings]


def render_feed_fragments(world: World) -> list[Doc]:
    """What feed sockets get: a new callout's card (and hint), and a changed card."""
    from callouts import rendering

    parts = []
    for callout in world.made.get("callouts", []):
        parts.extend(rendering.render_new_callout(callout.pk, "nl").values())
        parts.append(rendering.render_callout_update(callout.pk, "nl"))
    return [Doc("feed pushes", "\n".join(parts), truncates=True)]


def render_emails(world: World) -> list[Doc]:
    """Notification emails as the worker sends them (one each), and the daily digest."""
    from notifications.models import Notification

    mail.outbox = []
    for notification in Notification.objects.select_related(
        "recipient__profile", "callout", "actor__profile"
    ):
        tasks.notification_send(notification)
    sent = list(mail.outbox)
    digests: list = []
    original = cmij_emails.send_email_on_commit
    cmij_emails.send_email_on_commit = digests.append
    try:
        Notification.objects.update(emailed_at=None)
        notification_services.digests_send(day=timezone.localdate())
    finally:
        cmij_emails.send_email_on_commit = original
    docs = []
    for message in [*sent, *digests]:
        html_parts = [
            content for content, mimetype in getattr(message, "alternatives", []) if "html" in mimetype
        ]
        docs.append(Doc(f"email to {message.to}", f"{message.subject}\n{message.body}", kind="text"))
        docs.extend(Doc(f"email html to {message.to}", content) for content in html_parts)
    return docs


PLACES: dict[str, Place] = {
    "board": Place(paths=lambda w: [("member", board_path(w))]),
    "board_facilitator": Place(paths=lambda w: [("organiser", board_path(w))]),
    "projector": Place(
        paths=lambda w: [("anonymous", projector_path(w, board)) for board in stage_boards(w)]
    ),
    "board_fragments": Place(render=render_board_fragments),
    "export_md": Place(
        paths=lambda w: [("organiser", reverse("boards:export", args=[w.board.pk, "md"]))], kind="markdown"
    ),
    "export_csv": Place(
        paths=lambda w: [("organiser", reverse("boards:export", args=[w.board.pk, "csv"]))], kind="csv"
    ),
    "meeting_list": Place(paths=lambda w: [("anonymous", reverse("boards:meetings"))]),
    "meeting_page": Place(
        paths=lambda w: [("organiser", s.get_absolute_url()) for s in w.made.get("meetings", [])],
        browser_pages=4,
    ),
    "feed": Place(paths=feed_paths, truncates=True, browser_pages=16),
    "feed_fragments": Place(render=render_feed_fragments),
    "callout_page": Place(paths=callout_paths, browser_pages=4),
    "notifications": Place(
        paths=lambda w: [
            ("member", reverse("notifications:notifications")),
            ("member2", reverse("notifications:notifications")),
        ]
    ),
    "email": Place(render=render_emails, kind="text"),
    "profile": Place(paths=profile_paths, browser_pages=8),
    "directory": Place(paths=directory_paths),
    "messages": Place(
        paths=lambda w: [("member", reverse("profiles:messages")), ("member2", reverse("profiles:messages"))]
    ),
    # The knowledge platform and the action teams.
    "summary": Place(paths=made_paths("summaries", "anonymous"), browser_pages=2),
    "archive": Place(paths=archive_paths, truncates=True, browser_pages=2),
    "archive_feed": Place(paths=lambda w: [("anonymous", reverse("archive:archive_feed"))], kind="atom"),
    "topics": Place(paths=lambda w: [("anonymous", reverse("archive:topics"))]),
    "topic": Place(paths=made_paths("topics", "anonymous"), browser_pages=3),
    "programme": Place(paths=lambda w: [("organiser", w.meeting.get_absolute_url())]),
    "teams": Place(paths=lambda w: [("member", reverse("teams:teams"))]),
    "team": Place(paths=made_paths("teams", "member"), browser_pages=3),
    "report_back": Place(paths=report_back_paths, browser_pages=2),
    # The UIT-agenda.
    "agenda": Place(paths=agenda_paths, browser_pages=2),
    "event_page": Place(paths=made_paths("events", "anonymous"), browser_pages=4, json_ld=True),
    "campaign": Place(paths=made_paths("campaigns", "anonymous")),
    "embed": Place(paths=embed_paths),
    "calendars": Place(paths=calendar_paths, kind="ics"),
    "meeting_calendars": Place(paths=meeting_calendar_paths, kind="ics"),
    "event_notifications": Place(
        paths=lambda w: [
            (role, reverse("notifications:notifications")) for role in ("organiser", "member", "member2")
        ]
    ),
}


# --- fetching a place's documents with Django's test client ---------------------------------------


def fetch(world: World, place_name: str) -> list[Doc]:
    from django.test import Client

    place = PLACES[place_name]
    if place.render is not None:
        return place.render(world)
    clients: dict[str, Client] = {}
    docs = []
    for role, path in place.paths(world):
        if role not in clients:
            clients[role] = Client()
            user = viewer(world, role)
            if user is not None:
                clients[role].force_login(user)
        response = clients[role].get(path)
        assert response.status_code == 200, f"{place_name}: {path} as {role} gave {response.status_code}"
        headers = {key.lower(): value for key, value in response.headers.items()}
        docs.append(
            Doc(
                f"{path} as {role}", response.content.decode(), place.kind, headers, truncates=place.truncates
            )
        )
    return docs


# --- the static rule ------------------------------------------------------------------------------

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "ping",
    "srcset", "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "manifest", "icon", "profile",
}  # fmt: skip
HTMX_PREFIXES = ("hx-", "data-hx-", "ws-", "data-ws-", "sse-", "data-sse-")
RICH_CONTAINER = "user-text"
RICH_ATTRIBUTES = {(tag, name) for tag, names in user_text.ALLOWED_ATTRIBUTES.items() for name in names} | {
    ("a", "rel")
}
JSON_LD = "application/ld+json"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def dangerous_url(tag: str, value: str) -> bool:
    """Does the browser read this URL with a script-running scheme? It drops whitespace and control
    characters before the scheme, and anywhere in it; entities are decoded by the parser already."""
    cleaned = _SCHEME_NOISE.sub("", value).lower()
    if cleaned.startswith(("javascript:", "vbscript:")):
        return True
    return cleaned.startswith("data:") and not (tag == "img" and cleaned.startswith("data:image/"))


class Page(HTMLParser):
    """A flat reading of an HTML document: elements, attributes, scripts and text."""

    def __init__(self, rich: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.rich = rich
        self.signature: Counter = Counter()  # (tag, attribute or None) outside rich containers
        self.rich_elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.attributes: list[tuple[str, str, str]] = []  # every (tag, name, value)
        self.scripts: list[tuple[str, str]] = []
        self.json_ld: list[str] = []  # the text of each <script type="application/ld+json">
        self.texts: list[str] = []
        self._script: list[str] | None = None
        self._script_type = ""
        self._skip = 0  # inside <style>
        self._rich_tag: str | None = None
        self._rich_depth = 0

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
        inside = self._rich_tag is not None
        if inside:
            self.rich_elements.append((tag, attrs))
            if tag == self._rich_tag and not void:
                self._rich_depth += 1
        else:
            self.signature[(tag, None)] += 1
            for name, _value in attrs:
                self.signature[(tag, name)] += 1
            classes = (dict(attrs).get("class") or "").split()
            if self.rich and RICH_CONTAINER in classes and not void:
                self._rich_tag, self._rich_depth = tag, 1
        if tag == "script":
            self._script = [dict(attrs).get("src") or ""]
            self._script_type = (dict(attrs).get("type") or "").strip().lower()
        elif tag == "style":
            self._skip += 1

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, tag in VOID)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, True)

    def handle_endtag(self, tag):
        if self._rich_tag == tag:
            self._rich_depth -= 1
            if self._rich_depth == 0:
                self._rich_tag = None
        if tag == "script" and self._script is not None:
            if self._script_type == JSON_LD and not self._script[0]:
                self.json_ld.append("".join(self._script[1:]))
            else:
                self.scripts.append((self._script[0], "".join(self._script[1:]).strip()))
            self._script = None
        elif tag == "style" and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        elif not self._skip:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


@functools.lru_cache(maxsize=64)
def read(html: str, rich: bool = False) -> Page:
    """A document parsed, once: several rules read the same document (Python's parser is most of
    the corpus's time). Callers only read the Page."""
    page = Page(rich)
    page.feed(html)
    page.close()
    return page


def html_problems(html: str, baseline: str | None, *, rich: bool) -> list[str]:
    """What is wrong with this HTML by rules 1-5 of the module docstring (empty: nothing)."""
    page = read(html, rich)
    problems = []
    for tag, name, value in page.attributes:
        if name.startswith("on"):
            problems.append(f"event handler <{tag} {name}={value[:60]!r}>")
        if name in URL_ATTRIBUTES and dangerous_url(tag, value):
            problems.append(f"script URL <{tag} {name}={value[:60]!r}>")
    if baseline is not None:
        base = read(baseline, rich)
        problems += script_problems(page, base)
        problems += signature_problems(page.signature, base.signature)
    for tag, attrs in page.rich_elements:
        if tag not in user_text.ALLOWED_TAGS:
            problems.append(f"<{tag}> in user text is not in the allow-list")
        for name, _value in attrs:
            if (tag, name) not in RICH_ATTRIBUTES or name.startswith(HTMX_PREFIXES):
                problems.append(f"<{tag} {name}> in user text is not in the allow-list")
    return problems


def script_problems(page: Page, base: Page) -> list[str]:
    """Rule 3: the same scripts as the baseline; a JSON-LD block by its structure (rule 6)."""
    problems = []
    if sorted(set(page.scripts)) != sorted(set(base.scripts)):
        problems.append(f"scripts differ: {sorted(set(page.scripts) ^ set(base.scripts))[:5]}")
    return problems + json_ld_problems(page.json_ld, base.json_ld)


def _blanked(data: Any) -> Any:
    """JSON with every string replaced by "": its structure."""
    if isinstance(data, dict):
        return {key: _blanked(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_blanked(value) for value in data]
    return "" if isinstance(data, str) else data


def json_strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from json_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from json_strings(value)
    elif isinstance(data, str):
        yield data


def json_ld_problems(blocks: list[str], base_blocks: list[str]) -> list[str]:
    """Rule 6: each JSON-LD block parses (a `</script>` that broke out leaves a block that does not)
    and has the baseline's structure: the same keys, lists and numbers, whatever its strings say."""
    if len(blocks) != len(base_blocks):
        return [f"{len(blocks)} JSON-LD blocks, the baseline has {len(base_blocks)}"]
    problems = []
    for block, base_block in zip(blocks, base_blocks, strict=True):
        try:
            data = json.loads(block)
        except ValueError as error:
            problems.append(f"JSON-LD does not parse ({error}): {block[-80:]!r}")
            continue
        if _blanked(data) != _blanked(json.loads(base_block)):
            problems.append(f"JSON-LD differs from the baseline's in structure: {block[:160]!r}")
    return problems


def signature_problems(signature: Counter, baseline: Counter) -> list[str]:
    if signature == baseline:
        return []
    extra, missing = dict(signature - baseline), dict(baseline - signature)
    return [f"elements/attributes not in the baseline: {extra}; missing: {missing}"]


# --- the Atom feed and the calendar files ---------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"
#: The calendar properties that carry user text.
ICS_TEXT = ("SUMMARY", "DESCRIPTION", "LOCATION")


def atom_shape(root: ET.Element) -> list[tuple[str, tuple[str, ...]]]:
    return [(element.tag, tuple(sorted(element.attrib))) for element in root.iter()]


def atom_entries_html(root: ET.Element) -> list[str]:
    """The HTML of each entry (its summary or content of type html), as a reader renders it."""
    found = []
    for entry in root.iter(f"{ATOM}entry"):
        for name in ("summary", "content"):
            part = entry.find(f"{ATOM}{name}")
            if part is not None and part.get("type") == "html":
                found.append(part.text or "")
    return found


def atom_problems(doc: Doc, base: Doc) -> list[str]:
    """The Atom feed: served as XML, parses, has the baseline's elements and attributes, plain
    titles, and each entry's HTML passes the rich rule inside a `.user-text` container."""
    problems = []
    content_type = doc.headers.get("content-type", "")
    if "xml" not in content_type or "html" in content_type:
        problems.append(f"{doc.name} is served as {content_type}")
    try:
        root = ET.fromstring(doc.content)
    except ET.ParseError as error:
        return [*problems, f"{doc.name} does not parse as XML: {error}"]
    base_root = ET.fromstring(base.content)
    shape, base_shape = Counter(atom_shape(root)), Counter(atom_shape(base_root))
    if shape != base_shape:
        problems += [f"{doc.name}: {problem}" for problem in signature_problems(shape, base_shape)]
    for title in root.iter(f"{ATOM}title"):
        if title.get("type", "text") != "text":
            problems.append(f"{doc.name}: a title of type {title.get('type')}")
    for html, base_html in zip(atom_entries_html(root), atom_entries_html(base_root), strict=False):
        wrap = '<div class="{}">{}</div>'
        problems += html_problems(
            wrap.format(RICH_CONTAINER, html), wrap.format(RICH_CONTAINER, base_html), rich=True
        )
    return problems


def atom_text(content: str) -> str:
    """What a feed reader shows: titles and categories as text, and each entry's HTML rendered."""
    root = ET.fromstring(content)
    texts = [element.text or "" for element in root.iter(f"{ATOM}title")]
    texts += [element.get("term", "") for element in root.iter(f"{ATOM}category")]
    texts += [read(html).text for html in atom_entries_html(root)]
    return " ".join(" ".join(texts).split())


def ics_shape(calendar) -> list[tuple[str, tuple[str, ...]]]:
    """Each component (in order) with the names of its properties: what a newline that started a
    property (ATTENDEE) or a component (BEGIN:VEVENT) of its own would change."""
    return [
        (component.name, tuple(sorted(name for name, _value in component.property_items(recursive=False))))
        for component in calendar.walk()
    ]


_ICS_FOLD = re.compile(r"\r?\n[ \t]")
_ICS_ESCAPE = re.compile(r"\\([\\;,nN])")


def ics_values(content: str) -> list[str]:
    """The user text a calendar file carries, unescaped as RFC 5545 says (in one pass: icalendar's
    own reader turns an escaped backslash before an "n" into a line break)."""
    values = []
    for line in _ICS_FOLD.sub("", content).splitlines():
        head, _colon, value = line.partition(":")
        if head.split(";", 1)[0].upper() in ICS_TEXT:
            values.append(_ICS_ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value))
    return values


def ics_problems(doc: Doc, base: Doc) -> list[str]:
    """A calendar file: served as text/calendar (never HTML, never sniffed), parses, and has the
    baseline's components and property names."""
    import icalendar

    problems = []
    content_type = doc.headers.get("content-type", "")
    if not content_type.startswith("text/calendar"):
        problems.append(f"{doc.name} is served as {content_type}")
    if doc.headers.get("x-content-type-options") != "nosniff":
        problems.append(f"{doc.name} may be sniffed as HTML (no X-Content-Type-Options: nosniff)")
    try:
        calendar = icalendar.Calendar.from_ical(doc.content)
    except ValueError as error:
        return [*problems, f"{doc.name} does not parse as a calendar: {error}"]
    shape, base_shape = ics_shape(calendar), ics_shape(icalendar.Calendar.from_ical(base.content))
    if shape != base_shape:
        extra = sorted(set(shape) - set(base_shape))[:3]
        problems.append(f"{doc.name}: components/properties differ from the baseline: {extra}")
    return problems


def ics_missing(docs: list[Doc], accepted: list[str]) -> list[str]:
    """The accepted payloads that no SUMMARY, DESCRIPTION or LOCATION carries verbatim."""
    values = [value for doc in docs for value in ics_values(doc.content)]
    return [payload for payload in accepted if not any(payload.strip() in value for value in values)]


def json_ld_missing(docs: list[Doc], accepted: list[str], shown: Callable[[str], list[str]]) -> list[str]:
    """The accepted payloads (each name it shows) that no JSON-LD block has in a string value."""
    strings = [
        value
        for doc in docs
        for block in read(doc.content).json_ld
        for value in json_strings(json.loads(block))
    ]
    return [
        payload
        for payload in accepted
        if not all(any(text.strip() in value for value in strings) for text in shown(payload))
    ]


def visible_text(payload: str, *, rich: bool) -> str:
    """What a reader sees of a payload: itself, or the text of its sanitised Markdown."""
    if rich:
        return read(user_text.markdown_html(payload)).text
    return " ".join(payload.split())


def missing_payloads(
    docs: list[Doc], accepted: list[str], *, rich: bool, shown: Callable[[str], list[str]] | None = None
) -> list[str]:
    """The accepted payloads (for Markdown: the texts written, which may pack several payloads, as
    their sanitised rendering reads; with `shown`: each text the place shows of it) whose visible
    text is on none of the place's documents."""
    texts = []
    for doc in docs:
        if doc.kind == "html":
            page = read(doc.content)
            # What a screen reader says of an image is on the page too.
            texts.append(
                page.text + " " + " ".join(value for _tag, name, value in page.attributes if name == "alt")
            )
        elif doc.kind == "csv":
            cells = [cell for row in csv.reader(io.StringIO(doc.content)) for cell in row]
            texts.append(" ".join(" ".join(cells).split()))
        elif doc.kind == "atom":
            texts.append(atom_text(doc.content))
        else:
            texts.append(" ".join(doc.content.split()))
    everything = "\n".join(texts)
    missing = []
    for payload in accepted:
        for part in shown(payload) if shown else [payload]:
            wanted = visible_text(part, rich=rich)
            if any(doc.truncates for doc in docs):
                # An excerpt: its opening words, where each paragraph may end with a full stop
                # (the archive's cards read a summary's paragraphs as sentences).
                opening = wanted[:30].rsplit(" ", 1)[0] if " " in wanted[:30] else wanted[:30]
                found = re.search(r"\.?\s+".join(map(re.escape, opening.split())), everything)
            else:
                found = wanted in everything
            if wanted and not found:
                missing.append(payload)
                break
    return missing


def text_problems(doc: Doc) -> list[str]:
    """A text document (email, export) is never served as HTML; Markdown rendered by the app's own
    pipeline is safe HTML."""
    problems = []
    content_type = doc.headers.get("content-type", "")
    if "html" in content_type:
        problems.append(f"{doc.name} is served as {content_type}")
    if doc.headers and doc.headers.get("x-content-type-options") != "nosniff":
        problems.append(f"{doc.name} may be sniffed as HTML (no X-Content-Type-Options: nosniff)")
    if doc.headers and not doc.headers.get("content-disposition", "").startswith("attachment"):
        problems.append(f"{doc.name} is not a download")
    if doc.kind == "markdown":
        problems += html_problems(user_text.markdown_html(doc.content), None, rich=False)
    return problems


def iter_payload_pages(world: World, field_name: str) -> Iterator[tuple[str, str, str]]:
    """(place, role, path) of every page of a field's places, at most `browser_pages` each."""
    for place_name in FIELDS[field_name].places:
        place = PLACES[place_name]
        if place.paths is None or place.kind != "html":
            continue
        for role, path in place.paths(world)[: place.browser_pages]:
            yield place_name, role, path


def check_field(field_name: str, texts: list[str]) -> tuple[list[str], int, list[str]]:
    """Write the payloads and the baseline (each in a transaction rolled back), fetch every place of
    the field, and judge it: (accepted payloads, documents checked, problems)."""
    from django.db import transaction

    spec = FIELDS[field_name]
    texts = [*texts, *spec.extra]
    results: dict[str, dict[str, list[Doc]]] = {}
    accepted: list[str] = []
    rich_texts: list[str] = []
    for run in ("payloads", "baseline"):
        with transaction.atomic():
            world = world_new()
            if run == "payloads":
                accepted = spec.write(world, texts)
                rich_texts = [text for text in world.made.get("rich_texts", []) if text.strip()]
            else:
                stand_ins = spec.placeholders(accepted)
                assert spec.write(world, stand_ins) == stand_ins, f"{field_name}: a placeholder was refused"
            results[run] = {name: fetch(world, name) for name in spec.places}
            transaction.set_rollback(True)
    problems: list[str] = []
    count = 0
    for place_name in spec.places:
        docs, base_docs = results["payloads"][place_name], results["baseline"][place_name]
        assert len(docs) == len(base_docs), f"{place_name}: {len(docs)} documents, baseline {len(base_docs)}"
        # Rule 4 over the place's pages together: a paginated list (the directory, by name) may
        # put the same cards on other pages than the baseline does.
        signature, base_signature = Counter(), Counter()
        for doc, base in zip(docs, base_docs, strict=True):
            count += 1
            if doc.kind == "html":
                found = html_problems(doc.content, None, rich=spec.rich)
                page, base_page = read(doc.content, spec.rich), read(base.content, spec.rich)
                signature += page.signature
                base_signature += base_page.signature
                found += script_problems(page, base_page)
            elif doc.kind == "atom":
                found = atom_problems(doc, base)
            elif doc.kind == "ics":
                found = ics_problems(doc, base)
            else:
                found = text_problems(doc)
            problems += [f"{field_name} @ {place_name} ({doc.name}): {problem}" for problem in found]
        problems += [
            f"{field_name} @ {place_name}: {p}" for p in signature_problems(signature, base_signature)
        ]
        place = PLACES[place_name]
        try:
            if place.kind == "ics":  # the calendar carries the text itself, Markdown or not, verbatim
                missing = ics_missing(docs, accepted)
            else:
                shown = rich_texts if spec.rich else accepted
                missing = missing_payloads(docs, shown, rich=spec.rich, shown=spec.shown)
            if place.json_ld and spec.in_json_ld and not spec.rich:
                missing += json_ld_missing(docs, accepted, spec.shown or (lambda payload: [payload]))
        except (ET.ParseError, ValueError):  # a document that does not parse: reported above
            missing = []
        for payload in missing:
            problems.append(f"{field_name} @ {place_name}: payload not shown: {payload!r}")
    return accepted, count, problems


__all__ = ["FIELDS", "PLACES", "check_field", "payloads"]
