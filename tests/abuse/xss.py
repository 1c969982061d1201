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
(tests/e2e/test_xss_browser.py) both read this registry. The registry cannot miss a field (#27): each
entry names the model fields it writes (`Field.covers`, "app.Model.field"), `EXEMPT` lists the others
with the reason they need no payloads, and tests/abuse/test_xss_registry.py fails for every user text
field of our models (`text_fields`: CharField, TextField, URLField, JSONField and their subclasses)
that is in neither, and for a name in either that is gone.

Payloads are packed (#27: the corpus's time): a write puts as many payloads in one value as the field
holds (`_packed`: the payloads the model field takes one by one, joined by a space or a line break up
to its max_length; `chunks`, `word_packs`), so every payload still reaches every place of its field, in
fewer objects and pages. The baseline's stand-ins have the payloads' lengths, so they make the same
packs. A field whose write stores what an import made of its text (a partner's calendar) packs the
payloads before (`Field.pack`), and accepts the stored texts.

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
   (cmij.text, and nh3's own generic `title` and `lang`), with no htmx attribute.

6. a `<script type="application/ld+json">` block (an event's schema.org data) is judged by its
   structure, not its content: it must parse as JSON (a `</script>` in a title that ended the block
   early leaves JSON that does not, and the script after it breaks rule 3), and with every string
   made "" it must equal the baseline's. Where a place carries such a block (`json_ld`), each plain
   payload must be in one of its string values, verbatim.

And each accepted payload's visible text must be on the place (verbatim for plain text; for
Markdown the text of its sanitised rendering; for a list of names, `Field.shown`, each name; for a
web address, `Field.in_href`, a link's target will do), so a field that silently shows nothing cannot
pass.
Text documents (emails, the Markdown and CSV exports) must carry the payload verbatim, must not be
sent as HTML, and the Markdown export rendered by the app's own Markdown pipeline passes rules 1-3.
The Atom feed (kind "atom", `atom_problems`) must be served as XML and parse, have the baseline's
elements and attribute names, plain-text titles (where the payload must be, verbatim), and each
entry's HTML must pass rules 1-5 inside a `.user-text` container. A calendar file (kind "ics",
`ics_problems`) must be served as text/calendar, never HTML, parse with icalendar, and have the
baseline's components, each with the baseline's property names, so a line break in a text never
starts a property (ATTENDEE) or an event of its own; its SUMMARY, DESCRIPTION, LOCATION and
X-WR-CALNAME (a campaign's feed) must give back each accepted payload verbatim (`ics_values`,
unescaped as RFC 5545 says). Multi-line fields that reach a calendar add their own line-breaking
payloads (`Field.extra`, `ICS_BREAKERS`).
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

    def fresh(self) -> World:
        """The same people, meeting and board read again from the database, nothing made yet: a run
        of writes in a savepoint starts from what the world was when it was made."""
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.in_bulk(
            [self.organiser.pk, self.member.pk, self.member2.pk, self.author.pk]
        )
        return World(
            users[self.organiser.pk],
            users[self.member.pk],
            users[self.member2.pk],
            users[self.author.pk],
            type(self.meeting).objects.get(pk=self.meeting.pk),
            Board.objects.get(pk=self.board.pk),
        )


def world_new(people: World | None = None) -> World:
    """A world of its own; with `people`, the same people in a new meeting and board."""
    from notifications.models import NotificationSettings
    from profiles import services as profile_services
    from profiles.models import Discipline, Municipality
    from tests.helpers.factories import MemberFactory, meeting, organiser, trust

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
    trust(author)  # her callouts go online at once, as after an organiser approved her first
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


def model_field(label: str):
    """The model field an "app.Model.field" label names."""
    from django.apps import apps

    model, name = label.rsplit(".", 1)
    return apps.get_model(model)._meta.get_field(name)


def takes(label: str, also: Callable[[str], object] | None = None) -> Callable[[Any], bool]:
    """Whether a model field takes a text on its own, by its own cleaning and validators (one line,
    plain text, storable, its length), as full_clean() runs them; `also`: a rule of the service's."""
    field = model_field(label)

    def taken(text: Any) -> bool:
        try:
            field.clean(text, None)
        except ValidationError:
            return False
        return also is None or bool(also(text))

    return taken


class _PackRefused(Exception):
    def __init__(self, refused: list[str]) -> None:
        self.refused = refused


def _packed(
    world: World,
    write: Callable[[str], Any],
    texts: list[str],
    label: str,
    *,
    joiner: str = " ",
    limit: int | None = None,
    also: Callable[[str], object] | None = None,
) -> list[str]:
    """Several payloads to a value (#27: the corpus's time): those the model field `label` takes one
    by one (`takes`), packed into as few values of at most `limit` characters (the field's
    max_length) as fit (`chunks`), each value written through `write`; the accepted payloads.

    Each payload is still in a value of its own kind, so it reaches every place the field reaches,
    beside others (which only makes a slip more likely). A pack the service refuses by a rule of its
    own is tried payload by payload (in savepoints rolled back), the refused ones are left out and
    everything is packed again, so the baseline's placeholders, of the same lengths, make the very
    same packs."""
    from django.db import transaction

    limit = limit or model_field(label).max_length
    taken = takes(label, also)
    candidates = [text for text in texts if len(text) <= limit and taken(text)]
    while True:
        made = {kind: list(things) for kind, things in world.made.items()}
        try:
            with transaction.atomic():
                for pack in chunks(candidates, limit, joiner):
                    try:
                        with transaction.atomic():
                            write(joiner.join(pack))
                    except ValidationError:
                        raise _PackRefused([text for text in pack if not _taken_alone(write, text)])
        except _PackRefused as refusal:
            world.made = made
            assert refusal.refused, "a pack of payloads the field takes one by one was refused"
            candidates = [text for text in candidates if text not in refusal.refused]
            continue
        return candidates


def _taken_alone(write: Callable[[str], Any], text: str) -> bool:
    """Whether the service takes this text on its own (tried, then rolled back)."""
    from django.db import transaction

    try:
        with transaction.atomic():
            write(text)
            transaction.set_rollback(True)
    except ValidationError:
        return False
    return True


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
    return _packed(
        world,
        lambda text: _post_idea(world, me, prompt, text),
        texts,
        "boards.Idea.text",
        joiner="\n",
        limit=world.board.idea_max_length,
        also=str.strip,
    )


def write_guest_names(world: World, texts: list[str]) -> list[str]:
    """Guests join with the payload as their name, and each posts an idea (shown with the name)."""
    from boards.identity import Participant

    prompt = world.board.prompts.first()

    def join_and_post(text: str) -> None:
        guest = board_services.guest_join(
            meeting=world.meeting, code=world.meeting.join_code, display_name=text
        )
        _post_idea(world, Participant(guest=guest), prompt, "Een idee van een gast")

    return _packed(world, join_and_post, texts, "boards.Guest.display_name")


def write_prompts(world: World, texts: list[str]) -> list[str]:
    """A column per payload, each with an idea (the exports list columns that have ideas)."""
    from boards.identity import Participant

    def add(text: str) -> None:
        prompt = board_services.prompt_create(board=world.board, by=world.organiser, title=text)
        _post_idea(world, Participant(user=world.member), prompt, "Een idee in deze kolom")

    return _packed(world, add, texts, "boards.Prompt.title")


def _meeting(world: World, **fields: Any):
    """A coming meeting of the world's organiser."""
    start = timezone.now() + timedelta(days=30)
    values = {"title": "Bijeenkomst", "starts_at": start, "ends_at": start + timedelta(hours=2), **fields}
    meeting = board_services.meeting_create(by=world.organiser, **values)
    world.add("meetings", meeting)
    return meeting


def write_meeting_titles(world: World, texts: list[str]) -> list[str]:
    """Each pack of payloads a meeting's title and its theme (the theme is shown where the title is:
    the list's card and the meeting's page; one field's pages, not two)."""
    return _packed(
        world,
        lambda text: _meeting(world, title=text, theme=text),
        texts,
        "boards.Meeting.title",
        also=takes("boards.Meeting.theme"),
    )


def write_meeting_online_urls(world: World, texts: list[str]) -> list[str]:
    """A meeting's online link: one address a meeting (only http(s) addresses are taken)."""
    candidates = [text for text in texts if takes("boards.Meeting.online_url")(text)]
    return _accepting(lambda text: _meeting(world, online_url=text), candidates)


def write_meeting_image_alts(world: World, texts: list[str]) -> list[str]:
    """The description of a session's image (a session with a small image per pack of payloads)."""
    from tests.helpers.uploads import image_upload

    def add(text: str) -> None:
        _meeting(world, title="Bijeenkomst met een beeld", image=image_upload(size=(120, 90)), image_alt=text)

    return _packed(world, add, texts, "boards.Meeting.image_alt")


def write_meeting_places(world: World, texts: list[str]) -> list[str]:
    """Where a meeting is: past meetings, each summed up (its summary's page says where it was)."""

    def add(text: str) -> None:
        world.add("meetings", _summary_new(world, "Een verslag.", place=text)[0].meeting)

    return _packed(world, add, texts, "boards.Meeting.place")


def write_breakouts(world: World, texts: list[str]) -> list[str]:
    """Breakouts (deelsessies) of the world's meeting, each pack of payloads its title and its theme
    (both are shown on the same places: one field's pages, not two)."""

    def add(text: str) -> None:
        board = board_services.board_create(meeting=world.meeting, by=world.organiser, title=text, theme=text)
        world.add("breakouts", board)

    return _packed(world, add, texts, "boards.Board.title", also=takes("boards.Board.theme"))


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


def _callout(world: World, *, title: str, body: str, discipline_slug: str = "muziek", **fields: Any):
    from callouts.models import Callout
    from profiles.models import Discipline

    world.add("rich_texts", body)
    callout = services.callout_create(
        author=world.author,
        kind=Callout.Kind.COLLABORATION,
        title=title,
        body=body,
        disciplines=[Discipline.objects.get(slug=discipline_slug)],
        **fields,
    )
    world.add("callouts", callout)
    return callout


def write_callout_titles(world: World, texts: list[str]) -> list[str]:
    """Callouts by turns for music and theatre (two members are notified, each on a page of their
    own: a notifications page lists 100), packed."""
    return _packed(
        world,
        lambda text: _callout(
            world,
            title=text,
            body="Wie doet er mee?",
            discipline_slug="theater" if len(world.made.get("callouts", [])) % 2 else "muziek",
        ),
        texts,
        "callouts.Callout.title",
    )


#: The words of a callout body the feed's card shows whole (it cuts at 40: truncatewords_html).
FEED_CARD_WORDS = 30


def card_words(text: str) -> int:
    """The words a feed card counts of a Markdown text (at least one)."""
    return max(1, len(visible_text(text, rich=True).split()))


def word_packs(texts: list[str], words: int) -> list[list[str]]:
    """Markdown payloads packed, a paragraph each, into texts of at most `words` words as read."""
    packs: list[list[str]] = [[]]
    for text in texts:
        if packs[-1] and sum(map(card_words, [*packs[-1], text])) > words:
            packs.append([])
        packs[-1].append(text)
    return packs


def word_placeholders(accepted: list[str]) -> list[str]:
    """Stand-ins of the same lengths and words as read, so they make the same cards."""
    return [" ".join(["x"] * card_words(text)).ljust(len(text), "x") for text in accepted]


def write_callout_bodies(world: World, texts: list[str]) -> list[str]:
    """Callouts whose bodies each fit whole on a feed card (its first 40 words), and a few packed
    as full as a body holds, for the callout page."""
    from callouts.models import BODY_MAX

    accepted = [text for text in texts if text.strip() and takes("callouts.Callout.body")(text)]
    for pack in word_packs(accepted, FEED_CARD_WORDS):
        _callout(world, title="Oproep met tekst", body="\n\n".join(pack))
    for pack in chunks(accepted, BODY_MAX):
        world.add("packed_callouts", _callout(world, title="Oproep met veel tekst", body="\n\n".join(pack)))
    return accepted


def write_callout_places(world: World, texts: list[str]) -> list[str]:
    return _packed(
        world,
        lambda text: _callout(world, title="Oproep met een plek", body="Kom langs.", place=text),
        texts,
        "callouts.Callout.place",
    )


def write_reach_reasons(world: World, texts: list[str]) -> list[str]:
    """Why a callout concerns many disciplines (#28): organisers read it on the callout's page."""

    def post(text: str) -> None:
        callout = _callout(world, title="Oproep voor velen", body="Voor iedereen.", reach_reason=text)
        world.add("reach_callouts", callout)

    return _packed(world, post, texts, "callouts.Callout.reach_reason", joiner="\n", also=str.strip)


def write_hidden_reasons(world: World, texts: list[str]) -> list[str]:
    """Callouts an organiser hides, saying why (its author sees the reason on the callout's page)."""

    def hide(text: str) -> None:
        callout = _callout(world, title="Oproep die verborgen wordt", body="Wie doet er mee?")
        services.callout_hide(callout=callout, by=world.organiser, reason=text)

    return _packed(world, hide, texts, "callouts.Callout.hidden_reason", joiner="\n", also=str.strip)


def write_report_reasons(world: World, texts: list[str]) -> list[str]:
    """Mila reports callouts, saying why (the organisers read it on the reports page)."""

    def report(text: str) -> None:
        callout = _callout(world, title="Oproep die gemeld wordt", body="Wie doet er mee?")
        services.report_create(callout=callout, by=world.member, reason=text)

    return _packed(world, report, texts, "callouts.Report.reason", joiner="\n", also=str.strip)


def write_responses(world: World, texts: list[str]) -> list[str]:
    """One thread: a member responds to a callout with every payload, packed."""

    callout = _callout(world, title="Oproep met reacties", body="Reageer maar.")
    world.add("packed_callouts", callout)
    return _packed(
        world,
        lambda text: services.response_create(callout=callout, sender=world.member, body=text),
        texts,
        "callouts.Response.body",
        joiner="\n\n",
        also=str.strip,
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
    """A profile's website: only http(s) addresses are taken (one a profile)."""
    candidates = [text for text in texts if takes("profiles.Profile.website")(text)]
    counter = iter(range(len(candidates)))
    return _accepting(lambda text: _profile(world, next(counter), website=text), candidates)


def write_links(world: World, texts: list[str]) -> list[str]:
    """A profile's links elsewhere: web addresses only, five a profile, one payload a link."""
    from profiles.models import LINKS_MAX

    candidates = [text for text in texts if takes("profiles.Profile.links")([text])]
    packs = [candidates[n : n + LINKS_MAX] for n in range(0, len(candidates), LINKS_MAX)]
    for n, pack in enumerate(packs):
        _profile(world, n, links=pack)
    return candidates


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

    return _packed(world, member, texts, "profiles.Profile.display_name")


def write_messages(world: World, texts: list[str]) -> list[str]:
    """Messages to two members, in turn (a messages page lists 100)."""
    from profiles import services

    def send(text: str) -> None:
        sent = world.made.setdefault("messages", [])
        recipient = world.member2 if len(sent) % 2 else world.member
        sent.append(services.message_send(sender=world.author, recipient=recipient, body=text))

    return _packed(world, send, texts, "profiles.Message.body", joiner="\n\n", also=str.strip)


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


def _past_meeting(world: World, n: int = 0, **fields: Any):
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
        **fields,
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


def _summary_new(world: World, text: str, *, new_topics: tuple[str, ...] = (), **meeting: Any):
    """A past meeting (with `meeting`'s fields) summed up with `text`, published; returns (summary,
    the idea on its board)."""

    meeting, idea = _past_meeting(world, len(world.made.get("summaries", [])), **meeting)
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

    from archive.models import Summary

    summary, _idea = _summary_new(world, "Een verslag met onderwerpen.")

    def name(text: str) -> None:
        current = Summary.objects.get(pk=summary.pk)
        before = list(current.topics.all())
        saved = archive_services.summary_save(
            summary=current,
            by=world.organiser,
            text=current.text,
            topics=before,
            new_topics=[text],
            base_version=current.version,
        )
        new = saved.topics.exclude(pk__in=[topic.pk for topic in before]).first()
        if new is None:  # the name of a topic there is (in other capitals): that topic, not a new one
            raise ValidationError("not a new topic")
        world.add("topics", new)

    return _packed(world, name, texts, "archive.Topic.name")


def write_topic_descriptions(world: World, texts: list[str]) -> list[str]:
    """A topic's description, packed. Only the admin writes it: its form runs the model's
    full_clean(), then saves."""
    summary, _idea = _summary_new(world, "Een verslag met onderwerpen.")

    def describe(text: str) -> None:
        (topic,) = archive_services.topics_get_or_create(
            names=[f"Onderwerp {len(world.made.get('topics', [])):03d}"],
            by=world.organiser,
            meeting=summary.meeting,
        )
        topic.description = text
        topic.full_clean()
        topic.save()
        world.add("topics", topic)

    return _packed(world, describe, texts, "archive.Topic.description", joiner="\n\n", also=str.strip)


def write_proposal_reasons(world: World, texts: list[str]) -> list[str]:
    """Four members each propose a topic (one open proposal per member and topic), a topic every four."""

    summary, _idea = _summary_new(world, "Een verslag.")
    proposers = [world.member, world.member2, world.author, world.organiser]

    def propose(text: str) -> None:
        n = len(world.made.get("proposals", []))
        if n % len(proposers) == 0:
            (topic,) = archive_services.topics_get_or_create(
                names=[f"Onderwerp {n:03d}"], by=world.organiser, meeting=summary.meeting
            )
            world.add("topics", topic)
        topic = world.made["topics"][-1]
        world.add(
            "proposals",
            archive_services.proposal_create(topic=topic, by=proposers[n % len(proposers)], reason=text),
        )

    return _packed(world, propose, texts, "archive.TopicProposal.reason")


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
    return _packed(
        world, lambda text: _team_new(world, name=text, report=True), texts, "teams.ActionTeam.name"
    )


def _team_request(world: World, **fields: Any):
    """Teun asks to start a team from an idea of Mila's on the world's board (one request an idea);
    its facilitator, the organiser, is told and decides."""
    from boards.identity import Participant

    idea, _created = board_services.idea_create(
        board=world.board,
        participant=Participant(user=world.member),
        prompt=world.board.prompts.first(),
        text="Een idee voor een actieteam",
        client_msg_id=board_services.client_msg_id_new(),
    )
    values: dict[str, Any] = {"name": "Een nieuw actieteam", "goal": "Samen iets maken.", **fields}
    world.add("team_requests", team_services.team_request_create(idea=idea, by=world.member2, **values))


def write_team_request_names(world: World, texts: list[str]) -> list[str]:
    return _packed(world, lambda text: _team_request(world, name=text), texts, "teams.TeamRequest.name")


def write_team_request_goals(world: World, texts: list[str]) -> list[str]:
    return _packed(
        world,
        lambda text: _team_request(world, goal=text),
        texts,
        "teams.TeamRequest.goal",
        joiner="\n\n",
        also=str.strip,
    )


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
    return _packed(
        world,
        lambda text: team_services.task_create(team=team, by=world.member, title=text, owner=world.member2),
        texts,
        "teams.TeamTask.title",
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


def _campaign_new(world: World, **fields: Any):
    """A campaign, as the admin saves one (agenda.admin: campaign_save)."""
    from agenda.models import Campaign

    number = len(world.made.get("campaigns", []))
    values = {"name": "Campagne", "text": "", **fields}
    image = values.pop("image", None)
    # The meeting's pk in the slug: worlds that share a database (the browser test).
    campaign = Campaign(slug=f"campagne-{world.meeting.pk}-{number}", **values)
    campaign.full_clean()  # the admin's form
    campaign = agenda_services.campaign_save(campaign=campaign, image=image)
    world.add("campaigns", campaign)
    return campaign


def _campaign(world: World):
    if "campaigns" not in world.made:
        _campaign_new(world, name="Zomer in IJmond", text="Alles in de **zomer**.")
    return world.made["campaigns"][0]


def _event(world: World, *, refuse: str = "", campaigns: list | None = None, **fields: Any):
    """An event submitted by Mila or Teun (in turn: each is told it is published) and published by the
    organiser in the campaign (or `campaigns`); the organiser is told of each submission. With
    `refuse`, the organiser refuses it with that reason instead (its submitter is told why)."""
    from profiles.models import Municipality

    campaigns = campaigns if campaigns is not None else [_campaign(world)]
    n = len(world.made.get("events", [])) + len(world.made.get("refused_events", []))
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
    if refuse:
        event = agenda_services.event_refuse(event=event, by=world.organiser, reason=refuse)
        world.add("refused_events", event)
        return event
    event = agenda_services.event_approve(event=event, by=world.organiser, campaigns=campaigns)
    world.add("events", event)
    return event


def _one_line(text: str) -> bool:
    """An event's one-line fields refuse control characters (agenda.services._validate)."""
    return not agenda_services._CONTROL.search(user_text.single_line(text))


def write_event_titles(world: World, texts: list[str]) -> list[str]:
    return _packed(world, lambda text: _event(world, title=text), texts, "agenda.Event.title", also=_one_line)


def price_placeholders(accepted: list[str]) -> list[str]:
    """Stand-ins with a number where the price has one (schema.org's offer then has its price)."""
    return [
        stand_in if re.search(r"\d", text) else f"Prijs{chr(97 + n % 26)}".ljust(len(text), "x")[: len(text)]
        for n, (text, stand_in) in enumerate(zip(accepted, placeholders(accepted), strict=True))
    ]


def write_event_prices(world: World, texts: list[str]) -> list[str]:
    return _packed(world, lambda text: _event(world, price=text), texts, "agenda.Event.price", also=_one_line)


def write_event_links(world: World, texts: list[str]) -> list[str]:
    """An event's web address: only http(s) addresses are taken (one an event)."""

    def web_address(text: str) -> bool:
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["http", "https"])(text.strip())
        except ValidationError:
            return False
        return True

    candidates = [text for text in texts if takes("agenda.Event.link", web_address)(text)]
    # With a price, schema.org's offer carries the address too (its url).
    return _accepting(lambda text: _event(world, link=text, price="€ 5"), candidates)


def write_refused_reasons(world: World, texts: list[str]) -> list[str]:
    """Events the organiser refuses, saying why: their submitters read it (their events, the event's
    page, a notification and its email)."""
    return _packed(
        world,
        lambda text: _event(world, refuse=text),
        texts,
        "agenda.Event.refused_reason",
        joiner="\n",
        also=str.strip,
    )


def write_event_descriptions(world: World, texts: list[str]) -> list[str]:
    """Packed: each event's description holds as many payloads as fit, a paragraph each."""
    from callouts.models import BODY_MAX

    accepted = [text for text in texts if text.strip() and "\x00" not in text]
    for pack in chunks(accepted, BODY_MAX):
        world.add("rich_texts", "\n\n".join(pack))
        _event(world, description="\n\n".join(pack))
    return accepted


# A partner's calendar (#26), as the hourly fetch takes it in (agenda.sources): what a field of an
# imported event accepts is what the import stored (it changes some texts: see each), since that is
# what the places show. Their payloads are packed before the import (`Field.pack`), so that the
# baseline imports one event for each stored text, as the payloads' run did.


def _import(world: World, events: list[dict[str, str]], server=None, **source: Any):
    """A partner's calendar with these events (iCalendar properties by name) served on loopback (by
    `server`, or a server of its own), its source saved as the admin saves one (full_clean, then
    save) and fetched; the events it stored, in the calendar's order. With `publish_at_once` false
    the organisers are told, and the organiser approves each event."""
    import icalendar
    from django.test import override_settings

    from agenda import sources
    from agenda.models import Event, Source
    from profiles.models import Municipality
    from tests.helpers.feed_server import feed_server

    if server is None:
        with feed_server() as server:
            return _import(world, events, server, **source)

    number = len(world.made.get("sources", []))
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Partner//XSS//NL")
    calendar.add("version", "2.0")
    start = timezone.now() + timedelta(days=12)
    uids = []
    for n, properties in enumerate(events):
        event = icalendar.Event()
        uids.append(f"xss-{world.meeting.pk}-{number}-{n}@partner.example")
        event.add("uid", uids[-1])
        event.add("dtstart", start + timedelta(hours=n))
        event.add("dtend", start + timedelta(hours=n, minutes=30))
        for name, value in {"summary": "Een voorstelling", **properties}.items():
            event.add(name, value)
        calendar.add_component(event)
    allowed = override_settings(
        CMIJ_AGENDA_FETCH_ALLOW_NETWORKS=["127.0.0.1/32"], CMIJ_AGENDA_SOURCE_MAX_EVENTS=len(events) + 1
    )
    with allowed:
        server.serve(f"/partner-{number}.ics", calendar.to_ical())
        values = {
            "name": "Partner",
            "website": "",
            "municipality": Municipality.objects.get(slug="velsen"),
            "publish_at_once": True,
            **source,
        }
        saved = Source(url=f"{server.url}/partner-{number}.ics", **values)
        saved.full_clean()
        saved.save()
        world.add("sources", saved)
        sources.source_fetch(saved.pk)
    stored = {event.source_uid: event for event in Event.objects.filter(source=saved)}
    found = [stored[uid] for uid in uids if uid in stored]
    for event in found:
        if not saved.publish_at_once:
            agenda_services.event_approve(event=event, by=world.organiser)
        world.add("events", event)
    return found


def pack_titles(texts: list[str]) -> list[str]:
    """Payloads a title of a partner's event holds (the import cuts at 120 characters), packed."""
    from agenda.ics_parsing import TITLE_MAX

    return [" ".join(pack) for pack in chunks([t for t in texts if len(t) <= TITLE_MAX], TITLE_MAX, " ")]


def write_imported_event_titles(world: World, texts: list[str]) -> list[str]:
    """Each text the title (SUMMARY) of a partner's event. An event with control characters is
    skipped; a title's line breaks become spaces."""
    return [event.title for event in _import(world, [{"summary": text} for text in texts])]


def pack_descriptions(texts: list[str]) -> list[str]:
    """Payloads packed into descriptions, a paragraph each: those with a tag apart from those
    without, since the import reads a description with a tag as HTML (as WordPress writes it) and
    makes text of it, and one without as text; each payload is read as it would be alone."""
    from agenda.ics_parsing import _TAG, DESCRIPTION_MAX

    tagged = [text for text in texts if _TAG.search(text)]
    plain = [text for text in texts if not _TAG.search(text)]
    return ["\n\n".join(pack) for group in (plain, tagged) for pack in chunks(group, DESCRIPTION_MAX)]


def write_imported_event_descriptions(world: World, texts: list[str]) -> list[str]:
    """Each text the DESCRIPTION of a partner's event: stored as the import reads it (HTML made text,
    then Markdown, as a member's description); Markdown, rendered with nh3."""
    found = _import(world, [{"description": text} for text in texts])
    for event in found:
        world.add("rich_texts", event.description)
    return [event.description for event in found]


def pack_places(texts: list[str]) -> list[str]:
    """Payloads without a comma (the import takes the LOCATION's first comma to end the venue),
    packed into venues (120 characters)."""
    from agenda.ics_parsing import VENUE_MAX

    fit = [text for text in texts if "," not in text and len(text) <= VENUE_MAX]
    return [" ".join(pack) for pack in chunks(fit, VENUE_MAX, " ")]


def write_imported_event_places(world: World, texts: list[str]) -> list[str]:
    """Each text the venue and the address of a partner's event (LOCATION "text, text")."""
    found = _import(world, [{"location": f"{text}, {text}"} for text in texts])
    return [event.venue for event in found if event.venue == event.address]


def kept_links(texts: list[str]) -> list[str]:
    """The URLs the import keeps (http or https, at most 200 characters); it drops the others."""
    return [
        t for t in texts if t.strip().lower().startswith(("https://", "http://")) and len(t.strip()) <= 200
    ]


def write_imported_event_links(world: World, texts: list[str]) -> list[str]:
    """Each text the URL of a partner's event: the import keeps an http(s) address of at most 200
    characters, as it is (its source has no website to fall back on)."""
    found = _import(world, [{"url": text} for text in texts])
    return [event.link for event in found if event.link]


def write_source_names(world: World, texts: list[str]) -> list[str]:
    """Partners' calendars named by an organiser in the admin, each with an event without a place
    (its venue is the partner's name); the organisers are told of new events, and approve them."""
    from tests.helpers.feed_server import feed_server

    with feed_server() as server:
        return _packed(
            world,
            lambda text: _import(world, [{}], server, name=text, publish_at_once=False),
            texts,
            "agenda.Source.name",
        )


def write_source_websites(world: World, texts: list[str]) -> list[str]:
    """A partner's website (the admin takes http(s) addresses only): linked as the events' origin,
    and their link when an event has none of its own."""
    from tests.helpers.feed_server import feed_server

    candidates = [text for text in texts if takes("agenda.Source.website")(text)]
    with feed_server() as server:
        return _accepting(lambda text: _import(world, [{}], server, website=text), candidates)


def write_image_alts(world: World, texts: list[str]) -> list[str]:
    """The description of an event's image (an event with a small image per pack): an alt text."""
    from tests.helpers.uploads import image_upload

    return _packed(
        world,
        lambda text: _event(world, image=image_upload(size=(120, 90)), image_alt=text),
        texts,
        "agenda.Event.image_alt",
        also=_one_line,
    )


def write_campaign_image_alts(world: World, texts: list[str]) -> list[str]:
    """The description of a campaign's image (a campaign with a small image per pack)."""
    from tests.helpers.uploads import image_upload

    return _packed(
        world,
        lambda text: _campaign_new(
            world, name="Campagne met een beeld", image_alt=text, image=image_upload(size=(120, 90))
        ),
        texts,
        "agenda.Campaign.image_alt",
    )


def write_campaign_names(world: World, texts: list[str]) -> list[str]:
    """Campaigns named by an organiser in the admin, and an event in all of them (its page lists
    them)."""
    accepted = _packed(world, lambda text: _campaign_new(world, name=text), texts, "agenda.Campaign.name")
    _event(world, campaigns=world.made.get("campaigns", []))
    return accepted


def write_campaign_texts(world: World, texts: list[str]) -> list[str]:
    """A campaign's text (Markdown), packed, a paragraph each."""
    from agenda.models import Campaign

    limit = Campaign._meta.get_field("text").max_length

    def add(text: str) -> None:
        world.add("rich_texts", text)
        _campaign_new(world, text=text)

    return _packed(world, add, texts, "agenda.Campaign.text", joiner="\n\n", limit=limit, also=str.strip)


def write_event_venues(world: World, texts: list[str]) -> list[str]:
    """The payload as the venue and as its address (an event per pack)."""
    return _packed(
        world,
        lambda text: _event(world, venue=text, address=text),
        texts,
        "agenda.Event.venue",
        also=lambda text: _one_line(text) and takes("agenda.Event.address")(text),
    )


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
    #: The model fields ("app.Model.field") whose text this entry puts on its places: the registry's
    #: completeness test (tests/abuse/test_xss_registry.py) holds every user text field of every
    #: model to one entry's `covers` or to `EXEMPT`.
    covers: tuple[str, ...] = ()
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
    #: A web address: a place may show it only as a link's target (href), not as text.
    in_href: bool = False
    #: Payloads packed before they are written, for a field whose write takes each text as one value
    #: and accepts what the app stored of it (a partner's calendar); most fields pack as they write.
    pack: Callable[[list[str]], list[str]] | None = None

    def texts(self, corpus: list[str]) -> list[str]:
        """What the payloads' run writes: the corpus and the field's own payloads, packed if it packs."""
        texts = [*corpus, *self.extra]
        return self.pack(texts) if self.pack else texts


BOARD = ("board", "board_facilitator", "projector", "board_fragments", "export_md", "export_csv")
BREAKOUTS = ("programme", "breakouts", "breakout_exports")
EVENT_CARD = ("agenda", "event_page", "embed")

FIELDS: dict[str, Field] = {
    "idea": Field(write_ideas, BOARD, covers=("boards.Idea.text",)),
    "guest_name": Field(
        write_guest_names, BOARD, covers=("boards.Guest.display_name", "boards.Idea.author_name")
    ),
    "prompt": Field(write_prompts, BOARD, covers=("boards.Prompt.title",)),
    "meeting_title": Field(
        write_meeting_titles,
        ("meeting_list", "meeting_page", "meeting_calendars"),
        covers=("boards.Meeting.title", "boards.Meeting.theme"),
    ),
    "meeting_description": Field(
        write_meeting_descriptions,
        ("meeting_page", "meeting_calendars"),
        covers=("boards.Meeting.description",),
    ),
    # The session's page draws its image with the same component (components/image.html) as its card
    # in the list, and an event's page shows that component's escaping (image_alt): checking each
    # session's page again would cost half a minute of this part's budget and prove nothing new.
    "meeting_image_alt": Field(
        write_meeting_image_alts, ("meeting_list",), covers=("boards.Meeting.image_alt",), in_json_ld=False
    ),
    "meeting_place": Field(
        write_meeting_places,
        ("meeting_page", "meeting_calendars", "summary"),
        covers=("boards.Meeting.place",),
    ),
    "meeting_online_url": Field(
        write_meeting_online_urls,
        ("meeting_page", "meeting_calendars"),
        covers=("boards.Meeting.online_url",),
        placeholders=url_placeholders,
        in_href=True,
    ),
    "breakout": Field(write_breakouts, BREAKOUTS, covers=("boards.Board.title", "boards.Board.theme")),
    "callout_title": Field(
        write_callout_titles,
        ("feed", "feed_fragments", "callout_page", "notifications", "email", "profile"),
        covers=("callouts.Callout.title",),
    ),
    "callout_body": Field(
        write_callout_bodies,
        ("feed", "feed_fragments", "callout_page"),
        covers=("callouts.Callout.body", "callouts.Callout.body_html"),
        rich=True,
        placeholders=word_placeholders,
    ),
    "callout_place": Field(write_callout_places, ("callout_page",), covers=("callouts.Callout.place",)),
    "callout_reach_reason": Field(
        write_reach_reasons, ("callout_page_organiser",), covers=("callouts.Callout.reach_reason",)
    ),
    # The author reads why an organiser hid the callout on its page.
    "callout_hidden_reason": Field(
        write_hidden_reasons, ("callout_page",), covers=("callouts.Callout.hidden_reason",)
    ),
    "report_reason": Field(write_report_reasons, ("reports",), covers=("callouts.Report.reason",)),
    "response": Field(write_responses, ("callout_page",), covers=("callouts.Response.body",)),
    "profile_bio": Field(
        write_bios, ("profile",), covers=("profiles.Profile.bio", "profiles.Profile.bio_html"), rich=True
    ),
    "profile_tags": Field(
        write_tags,
        ("profile", "directory"),
        covers=("profiles.Profile.helps_with", "profiles.Profile.looking_for"),
    ),
    "profile_organisations": Field(
        write_organisations, ("profile",), covers=("profiles.Profile.organisations",)
    ),
    "profile_website": Field(
        write_websites,
        ("profile",),
        covers=("profiles.Profile.website",),
        placeholders=url_placeholders,
        in_href=True,
    ),
    "profile_links": Field(
        write_links,
        ("profile",),
        covers=("profiles.Profile.links",),
        placeholders=url_placeholders,
        in_href=True,
    ),
    "display_name": Field(
        write_display_names,
        ("profile", "directory", "notifications", "email", "messages", *BOARD),
        covers=("profiles.Profile.display_name", "boards.Idea.author_name"),
    ),
    "message": Field(write_messages, ("messages",), covers=("profiles.Message.body",)),
    # The knowledge platform, the action teams and the UIT-agenda.
    "summary_text": Field(
        write_summaries,
        ("summary", "archive", "archive_feed"),
        covers=("archive.Summary.text", "archive.Summary.text_html"),
        rich=True,
    ),
    "topic_name": Field(
        write_topic_names,
        ("summary", "archive", "archive_feed", "topics", "topic"),
        covers=("archive.Topic.name",),
    ),
    "topic_description": Field(write_topic_descriptions, ("topic",), covers=("archive.Topic.description",)),
    "proposal_reason": Field(
        write_proposal_reasons, ("topic", "programme"), covers=("archive.TopicProposal.reason",)
    ),
    "team_name": Field(
        write_team_names, ("teams", "team", "summary", "programme"), covers=("teams.ActionTeam.name",)
    ),
    "team_goal": Field(write_team_goals, ("team",), covers=("teams.ActionTeam.goal",)),
    # Asked for by a member, decided by the board's facilitator (here the organiser).
    "team_request_name": Field(
        write_team_request_names,
        ("team_requests", "team_request_idea", "organiser_notifications", "email"),
        covers=("teams.TeamRequest.name",),
    ),
    "team_request_goal": Field(
        write_team_request_goals, ("team_requests",), covers=("teams.TeamRequest.goal",)
    ),
    "task_title": Field(
        write_task_titles,
        ("team", "report_back", "projector", "board_fragments", "notifications"),
        covers=("teams.TeamTask.title",),
    ),
    "team_update": Field(write_team_updates, ("team",), covers=("teams.TeamUpdate.text",)),
    "report_back_text": Field(
        write_report_backs,
        ("report_back", "projector", "board_fragments"),
        covers=("teams.ReportBack.text", "teams.ReportBack.text_html"),
        rich=True,
    ),
    # A notification's subject is the title of what it is about (an event's here; a task's, a team's,
    # a topic's, a partner's by their own fields above and below).
    "event_title": Field(
        write_event_titles,
        ("agenda", "event_page", "campaign", "calendars", "event_notifications"),
        covers=("agenda.Event.title", "notifications.Notification.subject"),
    ),
    "event_description": Field(
        write_event_descriptions,
        ("event_page", "calendars"),
        covers=("agenda.Event.description", "agenda.Event.description_html"),
        rich=True,
        extra=ICS_BREAKERS,
    ),
    "event_venue": Field(
        write_event_venues,
        ("agenda", "event_page", "calendars"),
        covers=("agenda.Event.venue", "agenda.Event.address"),
    ),
    # The price's words are shown; schema.org's offer takes only the amount in it.
    "event_price": Field(
        write_event_prices,
        EVENT_CARD,
        covers=("agenda.Event.price",),
        placeholders=price_placeholders,
        in_json_ld=False,
    ),
    "event_link": Field(
        write_event_links,
        ("event_page",),
        covers=("agenda.Event.link",),
        placeholders=url_placeholders,
        in_href=True,
    ),
    # The submitter reads why the organiser did not publish the event (the notification's detail).
    "event_refused_reason": Field(
        write_refused_reasons,
        ("my_events", "refused_event", "notifications", "email"),
        covers=("agenda.Event.refused_reason", "notifications.Notification.detail"),
    ),
    # A partner's calendar (#26): its events reach the agenda, the embed and the feeds like a member's.
    "imported_event_title": Field(
        write_imported_event_titles,
        ("agenda", "embed", "calendars"),
        covers=("agenda.Event.title",),
        pack=pack_titles,
    ),
    "imported_event_description": Field(
        write_imported_event_descriptions,
        ("event_page", "calendars"),
        covers=("agenda.Event.description", "agenda.Event.description_html"),
        rich=True,
        pack=pack_descriptions,
    ),
    "imported_event_place": Field(
        write_imported_event_places,
        (*EVENT_CARD, "calendars"),
        covers=("agenda.Event.venue", "agenda.Event.address"),
        pack=pack_places,
    ),
    "imported_event_link": Field(
        write_imported_event_links,
        EVENT_CARD,
        covers=("agenda.Event.link",),
        placeholders=url_placeholders,
        in_href=True,
        pack=kept_links,
    ),
    "source_name": Field(
        write_source_names,
        (*EVENT_CARD, "calendars", "organiser_notifications", "email"),
        covers=("agenda.Source.name",),
    ),
    "source_website": Field(
        write_source_websites,
        EVENT_CARD,
        covers=("agenda.Source.website",),
        placeholders=url_placeholders,
        in_href=True,
    ),
    "image_alt": Field(
        write_image_alts, ("agenda", "event_page"), covers=("agenda.Event.image_alt",), in_json_ld=False
    ),
    "campaign_image_alt": Field(
        write_campaign_image_alts, ("campaign",), covers=("agenda.Campaign.image_alt",), in_json_ld=False
    ),
    "campaign_name": Field(
        write_campaign_names,
        ("campaign", "event_page", "calendars"),
        covers=("agenda.Campaign.name",),
        in_json_ld=False,
    ),
    "campaign_text": Field(
        write_campaign_texts,
        ("campaign",),
        covers=("agenda.Campaign.text", "agenda.Campaign.text_html"),
        rich=True,
    ),
    "event_makers": Field(
        write_event_makers,
        ("agenda", "event_page"),
        covers=("agenda.Event.maker_names",),
        placeholders=comma_placeholders,
        shown=maker_pieces,
    ),
}

#: The apps whose models hold the platform's text (the registry's completeness test walks them).
APPS = ("cmij", "notifications", "profiles", "boards", "archive", "teams", "callouts", "agenda", "realtime")

_CHOICE = "a choice: its value is one of the field's fixed choices, shown by its label"
_REFERENCE = (
    "reference data (ensure_reference_data: the data migration, seed_demo), changed only in the "
    "admin, which escapes"
)

#: User text fields (CharField, TextField, URLField, JSONField and their subclasses) that no entry
#: of FIELDS writes, each with the reason it needs none.
EXEMPT: dict[str, str] = {
    # cmij
    "cmij.FailedEmail.recipient": "shown only in the admin (FailedEmailAdmin, read-only), which escapes",
    "cmij.FailedEmail.subject": "shown only in the admin (FailedEmailAdmin, read-only), which escapes",
    "cmij.FailedEmail.reason": "shown only in the admin (FailedEmailAdmin, read-only), which escapes",
    # notifications
    "notifications.NotificationSettings.email": _CHOICE,
    "notifications.Notification.kind": _CHOICE,
    "notifications.Notification.url": "a path the app makes (reverse(), get_absolute_url()), never text",
    # profiles
    "profiles.Discipline.slug": _REFERENCE,
    "profiles.Discipline.name_nl": _REFERENCE,
    "profiles.Discipline.name_en": _REFERENCE,
    "profiles.Discipline.family": _CHOICE,
    "profiles.Municipality.slug": _REFERENCE,
    "profiles.Municipality.name": _REFERENCE,
    "profiles.Kern.slug": _REFERENCE,
    "profiles.Kern.name": _REFERENCE,
    "profiles.Profile.level": _CHOICE,
    "profiles.Profile.stage": _CHOICE,
    "profiles.Profile.pay": _CHOICE,
    "profiles.Profile.preferred_language": _CHOICE,
    "profiles.Profile.search_text": "the app's own search index (copies of the profile's texts), never shown",
    # boards
    "boards.Meeting.slug": "a slug the app makes of the title (meeting_slug_new): letters, digits, hyphens",
    "boards.Meeting.join_code": "a code the app makes (secrets): letters and digits",
    "boards.Board.kind": _CHOICE,
    "boards.Board.phase": _CHOICE,
    "boards.Board.join_panel": _CHOICE,
    "boards.Board.projector_token": "a token the app makes (secrets.token_urlsafe)",
    "boards.Idea.client_msg_id": (
        "an idempotency key the phone sends, held to CLIENT_MSG_ID's letters, digits and hyphens by "
        "the form and the socket, never shown"
    ),
    "boards.Idea.status": _CHOICE,
    "boards.BoardEvent.kind": _CHOICE,
    "boards.BoardEvent.refs": "internal JSON (the ids of what an event changed), never rendered as text",
    "boards.Registration.answer": _CHOICE,
    # archive
    "archive.Topic.slug": "a slug the app makes of the name (slugify): letters, digits, hyphens",
    "archive.NameReview.name": (
        "a copy of a deleted member's display name (profiles.Profile.display_name, which refuses < and "
        "> and whose payloads the corpus writes), shown escaped to facilitators only"
    ),
    "archive.NameReview.team_name": (
        "a copy of a team's name (teams.ActionTeam.name, written by the corpus), shown escaped to "
        "facilitators only"
    ),
    # teams
    "teams.TeamRequest.status": _CHOICE,
    "teams.TeamTask.status": _CHOICE,
    # callouts
    "callouts.Callout.kind": _CHOICE,
    "callouts.Callout.status": _CHOICE,
    # agenda
    "agenda.Campaign.slug": "a slug (SlugField's validator: letters, digits, hyphens), set in the admin",
    "agenda.Source.url": "the partner calendar's address: fetched, shown only in the admin, which escapes",
    "agenda.Source.etag": "an HTTP validator the partner's server sent, sent back to it, never shown",
    "agenda.Source.last_modified": "an HTTP validator the partner's server sent, sent back, never shown",
    "agenda.Source.result": _CHOICE,
    "agenda.Source.error_code": "a code the app sets (agenda.fetching), never user text",
    "agenda.Source.error_detail": (
        "why a fetch failed, shown only in the admin's source status "
        "(templates/admin/agenda/source/status.html, autoescaped)"
    ),
    "agenda.Source.skip_reasons": (
        "internal JSON (skips counted by reason, a few titles), shown only in the admin's source "
        "status (templates/admin/agenda/source/status.html, autoescaped)"
    ),
    "agenda.Event.source_uid": "the partner's UID, the import's key: never shown (our calendars have our own)",
    "agenda.Event.source_recurrence": "a UTC date-time the import makes (an occurrence's key), never shown",
    "agenda.Event.source_hash": "a SHA-256 the import makes, never shown",
    "agenda.Event.status": _CHOICE,
}


def text_fields() -> list[str]:
    """Every CharField, TextField, URLField and JSONField (subclasses too: cmij.fields, EmailField,
    SlugField) of every model of our apps, as "app.Model.field"."""
    from django.apps import apps
    from django.db import models

    kinds = (models.CharField, models.TextField, models.URLField, models.JSONField)
    return sorted(
        f"{model._meta.label}.{model_field.name}"
        for model in apps.get_models()
        if model._meta.app_label in APPS
        for model_field in model._meta.get_fields()
        if isinstance(model_field, kinds)
    )


def registered_fields() -> set[str]:
    """The model fields some entry of FIELDS covers."""
    return {label for spec in FIELDS.values() for label in spec.covers}


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
    #: The browser loads at most this many of its pages per field (a field's payloads are packed: a
    #: page of a place that shows one thing, an event or a meeting, holds several).
    browser_pages: int = 8
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
    (rendered by render_event, as the broadcast renders a push; here through render_events, as a
    resume replays them, which fetches their ideas in one go), and the snapshot a large gap or a role
    change sends; the same for any other board of the meeting that shows a report-back on its
    projector."""
    from boards import rendering
    from boards.models import BoardEvent

    docs = []
    for board in stage_boards(world):
        events = list(BoardEvent.objects.filter(board=board).select_related("board__meeting").order_by("seq"))
        # A board or column event pushes the whole board body: its last one shows every column.
        last = {event.kind: event for event in events}
        events = [event for event in events if event.kind == "idea" or last[event.kind] is event]
        for audience in (rendering.PARTICIPANTS, rendering.PROJECTOR, rendering.FACILITATORS):
            parts = rendering.render_events(events, audience, "nl") if events else []
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


def breakout_paths(world: World) -> list[tuple[str, str]]:
    """Each breakout's board as its organiser sees it, and all of them side by side on the plenary
    board's projector (?breakouts=1: each breakout's header as the projector draws it)."""
    side_by_side = ("anonymous", f"{projector_path(world)}&breakouts=1")
    return [
        side_by_side,
        *(("organiser", board.get_absolute_url()) for board in world.made.get("breakouts", [])),
    ]


def refused_event_paths(world: World) -> list[tuple[str, str]]:
    """The pages of refused events, as their submitters see them."""
    role = {world.member.pk: "member", world.member2.pk: "member2"}
    return [(role[e.submitted_by_id], e.get_absolute_url()) for e in world.made.get("refused_events", [])]


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
        browser_pages=1,
    ),
    "feed": Place(paths=feed_paths, truncates=True, browser_pages=16),
    "feed_fragments": Place(render=render_feed_fragments),
    "callout_page": Place(paths=callout_paths, browser_pages=2),
    # What organisers alone see on a callout's page: why it is for so many disciplines.
    "callout_page_organiser": Place(
        paths=lambda w: [
            ("organiser", callout.get_absolute_url()) for callout in w.made.get("reach_callouts", [])
        ],
        browser_pages=1,
    ),
    "notifications": Place(
        paths=lambda w: [
            ("member", reverse("notifications:notifications")),
            ("member2", reverse("notifications:notifications")),
        ]
    ),
    "email": Place(render=render_emails, kind="text"),
    "profile": Place(paths=profile_paths, browser_pages=2),
    "directory": Place(paths=directory_paths),
    "messages": Place(
        paths=lambda w: [("member", reverse("profiles:messages")), ("member2", reverse("profiles:messages"))]
    ),
    # The knowledge platform and the action teams.
    "summary": Place(paths=made_paths("summaries", "anonymous"), browser_pages=1),
    "archive": Place(paths=archive_paths, truncates=True, browser_pages=2),
    "archive_feed": Place(paths=lambda w: [("anonymous", reverse("archive:archive_feed"))], kind="atom"),
    "topics": Place(paths=lambda w: [("anonymous", reverse("archive:topics"))]),
    "topic": Place(paths=made_paths("topics", "anonymous"), browser_pages=1),
    "programme": Place(paths=lambda w: [("organiser", w.meeting.get_absolute_url())]),
    "teams": Place(paths=lambda w: [("member", reverse("teams:teams"))]),
    "team": Place(paths=made_paths("teams", "member"), browser_pages=1),
    "report_back": Place(paths=report_back_paths, browser_pages=1),
    # The UIT-agenda.
    "agenda": Place(paths=agenda_paths, browser_pages=2),
    "event_page": Place(paths=made_paths("events", "anonymous"), browser_pages=1, json_ld=True),
    "campaign": Place(paths=made_paths("campaigns", "anonymous"), browser_pages=1),
    "embed": Place(paths=embed_paths, browser_pages=2),
    "calendars": Place(paths=calendar_paths, kind="ics"),
    "meeting_calendars": Place(paths=meeting_calendar_paths, kind="ics"),
    "event_notifications": Place(
        paths=lambda w: [
            (role, reverse("notifications:notifications")) for role in ("organiser", "member", "member2")
        ]
    ),
    "organiser_notifications": Place(paths=lambda w: [("organiser", reverse("notifications:notifications"))]),
    "my_events": Place(
        paths=lambda w: [(role, reverse("agenda:my_events")) for role in ("member", "member2")]
    ),
    "refused_event": Place(paths=refused_event_paths, browser_pages=1),
    # Moderation and the breakouts (#27).
    "reports": Place(paths=lambda w: [("organiser", reverse("callouts:reports"))]),
    "breakouts": Place(paths=breakout_paths, browser_pages=2),
    "breakout_exports": Place(
        paths=lambda w: [
            ("organiser", reverse("boards:export", args=[board.pk, "md"]))
            for board in w.made.get("breakouts", [])
        ],
        kind="markdown",
    ),
    "team_requests": Place(paths=lambda w: [("organiser", reverse("teams:team_requests"))]),
    "team_request_idea": Place(
        paths=lambda w: [
            ("member2", reverse("teams:team_from_idea", kwargs={"idea_id": r.idea_id}))
            for r in w.made.get("team_requests", [])
        ],
        browser_pages=1,
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
#: nh3 (ammonia) also keeps its generic attributes, title and lang, on every tag it allows (cmij.text
#: gives none of its own): inert text, which a `<p title="">` in a partner's description reaches.
NH3_GENERIC = ("title", "lang")
RICH_ATTRIBUTES = (
    {(tag, name) for tag, names in user_text.ALLOWED_ATTRIBUTES.items() for name in names}
    | {("a", "rel")}
    | {(tag, name) for tag in user_text.ALLOWED_TAGS for name in NH3_GENERIC}
)
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
ICS_TEXT = ("SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME")


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
    """The accepted payloads that no SUMMARY, DESCRIPTION, LOCATION or X-WR-CALNAME carries verbatim."""
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
    docs: list[Doc],
    accepted: list[str],
    *,
    rich: bool,
    shown: Callable[[str], list[str]] | None = None,
    hrefs: bool = False,
) -> list[str]:
    """The accepted payloads (for Markdown: the texts written, which may pack several payloads, as
    their sanitised rendering reads; with `shown`: each text the place shows of it) whose visible
    text is on none of the place's documents (with `hrefs`, a web address: nor a link's target)."""
    texts = []
    for doc in docs:
        if doc.kind == "html":
            page = read(doc.content)
            # What a screen reader says of an image is on the page too.
            seen = ("alt", "href") if hrefs else ("alt",)
            texts.append(
                page.text + " " + " ".join(value for _tag, name, value in page.attributes if name in seen)
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
    """Write the payloads and the baseline (each in a savepoint rolled back, from the same world),
    fetch every place of the field, and judge it: (accepted payloads, documents checked, problems)."""
    from django.db import transaction

    spec = FIELDS[field_name]
    texts = spec.texts(texts)
    results: dict[str, dict[str, list[Doc]]] = {}
    accepted: list[str] = []
    rich_texts: list[str] = []
    with transaction.atomic():
        people = world_new()  # once: each run starts from it, in a savepoint rolled back
        for run in ("payloads", "baseline"):
            with transaction.atomic():
                world = people.fresh()
                if run == "payloads":
                    accepted = spec.write(world, texts)
                    rich_texts = [text for text in world.made.get("rich_texts", []) if text.strip()]
                else:
                    stand_ins = spec.placeholders(accepted)
                    assert spec.write(world, stand_ins) == stand_ins, (
                        f"{field_name}: a placeholder was refused"
                    )
                results[run] = {name: fetch(world, name) for name in spec.places}
                transaction.set_rollback(True)
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
                missing = missing_payloads(docs, shown, rich=spec.rich, shown=spec.shown, hrefs=spec.in_href)
            if place.json_ld and spec.in_json_ld and not spec.rich:
                missing += json_ld_missing(docs, accepted, spec.shown or (lambda payload: [payload]))
        except (ET.ParseError, ValueError):  # a document that does not parse: reported above
            missing = []
        for payload in missing:
            problems.append(f"{field_name} @ {place_name}: payload not shown: {payload!r}")
    return accepted, count, problems


__all__ = ["FIELDS", "PLACES", "check_field", "payloads"]
