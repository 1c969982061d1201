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

And each accepted payload's visible text must be on the place (verbatim for plain text; for
Markdown the text of its sanitised rendering), so a field that silently shows nothing cannot pass.
Text documents (emails, the Markdown and CSV exports) must carry the payload verbatim, must not be
sent as HTML, and the Markdown export rendered by the app's own Markdown pipeline passes rules 1-3.
"""

from __future__ import annotations

import csv
import io
import re
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

from cmij import text as user_text

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
    session: Any
    board: Any
    made: dict[str, list] = field(default_factory=dict)

    def add(self, kind: str, thing: Any) -> None:
        self.made.setdefault(kind, []).append(thing)


def world_new(people: World | None = None) -> World:
    """A world of its own; with `people`, the same people in a new session and board."""
    from boards import services as board_services
    from callouts import services as callout_services
    from callouts.models import NotificationSettings
    from profiles import services as profile_services
    from profiles.models import Discipline, Municipality
    from tests.factories import MemberFactory, organiser, session

    if people is not None:
        meeting = session(by=people.organiser, title="Bijeenkomst XSS-proef", facilitators=[people.organiser])
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
        callout_services.email_setting_update(member=user, email=email)
    meeting = session(by=boss, title="Bijeenkomst XSS-proef", facilitators=[boss])
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
    from boards import services

    services.idea_create(
        board=world.board,
        participant=participant,
        prompt=prompt,
        text=text,
        client_msg_id=services.client_msg_id_new(),
    )


def write_ideas(world: World, texts: list[str]) -> list[str]:
    from boards.identity import Participant

    prompt = world.board.prompts.first()
    me = Participant(user=world.member)
    return _accepting(lambda text: _post_idea(world, me, prompt, text), texts)


def write_guest_names(world: World, texts: list[str]) -> list[str]:
    """Guests join with the payload as their name, and each posts an idea (shown with the name)."""
    from boards import services
    from boards.identity import Participant

    prompt = world.board.prompts.first()

    def join_and_post(text: str) -> None:
        guest = services.guest_join(session=world.session, code=world.session.join_code, display_name=text)
        _post_idea(world, Participant(guest=guest), prompt, "Een idee van een gast")

    return _accepting(join_and_post, texts)


def write_prompts(world: World, texts: list[str]) -> list[str]:
    """A column per payload, each with an idea (the exports list columns that have ideas)."""
    from boards import services
    from boards.identity import Participant

    def add(text: str) -> None:
        prompt = services.prompt_create(board=world.board, by=world.organiser, title=text)
        _post_idea(world, Participant(user=world.member), prompt, "Een idee in deze kolom")

    return _accepting(add, texts)


def write_session_titles(world: World, texts: list[str]) -> list[str]:
    from boards import services

    start = timezone.now() + timedelta(days=30)

    def add(text: str) -> None:
        world.add(
            "sessions",
            services.session_create(
                by=world.organiser, title=text, starts_at=start, ends_at=start + timedelta(hours=2)
            ),
        )

    return _accepting(add, texts)


def write_session_descriptions(world: World, texts: list[str]) -> list[str]:
    """Packed: each session's description holds as many payloads as fit, a paragraph each."""
    from boards import services

    accepted = [text for text in texts if text.strip()]
    start = timezone.now() + timedelta(days=30)
    for pack in chunks(accepted, 5000):
        world.add(
            "sessions",
            services.session_create(
                by=world.organiser,
                title="Bijeenkomst met een beschrijving",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                description="\n\n".join(pack),
            ),
        )
    return accepted


def _callout(world: World, *, title: str, body: str, discipline_slug: str = "muziek"):
    from callouts import services
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
    from callouts import services

    callout = _callout(world, title="Oproep met reacties", body="Reageer maar.")
    world.add("packed_callouts", callout)
    return _accepting(
        lambda text: services.response_create(callout=callout, sender=world.member, body=text), texts
    )


def _profile(world: World, n: int, **fields: Any):
    """A public member of its own, so each profile's payloads are on its own page."""
    from profiles import services
    from tests.factories import MemberFactory

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
    from tests.factories import MemberFactory

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


@dataclass(frozen=True)
class Field:
    write: Callable[[World, list[str]], list[str]]
    places: tuple[str, ...]
    rich: bool = False  # Markdown, sanitised by nh3 and shown in .user-text containers
    #: The harmless stand-ins of the baseline, of the same lengths (a field that takes only some
    #: shapes, like a web address, gives its own).
    placeholders: Callable[[list[str]], list[str]] = placeholders


BOARD = ("board", "board_facilitator", "projector", "board_fragments", "export_md", "export_csv")

FIELDS: dict[str, Field] = {
    "idea": Field(write_ideas, BOARD),
    "guest_name": Field(write_guest_names, BOARD),
    "prompt": Field(write_prompts, BOARD),
    "session_title": Field(write_session_titles, ("session_list", "session_page")),
    "session_description": Field(write_session_descriptions, ("session_page",)),
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
}


# --- places: where payloads are shown -------------------------------------------------------------


@dataclass
class Doc:
    """One document a place shows: HTML, or text (an email, an export)."""

    name: str
    content: str
    kind: str = "html"  # html | text | csv | markdown
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


def board_path(world: World) -> str:
    return reverse("boards:board", kwargs={"board_id": world.board.pk})


def projector_path(world: World) -> str:
    board = world.board
    board.refresh_from_db()
    return f"{reverse('boards:projector', kwargs={'board_id': board.pk})}?t={board.projector_token}"


def feed_paths(world: World) -> list[tuple[str, str]]:
    """Every page of the feed ("load more" as plain pages: ?voor=<the last id shown>)."""
    from callouts import selectors

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
    (the broadcast's own renderer), and the snapshot a large gap or a role change sends."""
    from boards import rendering
    from boards.models import BoardEvent

    events = list(BoardEvent.objects.filter(board=world.board).order_by("seq"))
    # A board or column event pushes the whole board body: its last one shows every column.
    last = {event.kind: event for event in events}
    events = [event for event in events if event.kind == "idea" or last[event.kind] is event]
    docs = []
    for audience in (rendering.PARTICIPANTS, rendering.PROJECTOR, rendering.FACILITATORS):
        parts = [rendering.render_event_by_id(event.pk, audience, "nl") for event in events]
        docs.append(Doc(f"events for {audience}", "\n".join(parts)))
        docs.append(Doc(f"snapshot for {audience}", rendering.render_snapshot(world.board, audience, "nl")))
    return docs


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
    from callouts import services, tasks
    from callouts.models import Notification

    mail.outbox = []
    for notification in Notification.objects.select_related(
        "recipient__profile", "callout", "actor__profile"
    ):
        tasks.notification_send(notification)
    sent = list(mail.outbox)
    digests: list = []
    original = services.send_email_on_commit
    services.send_email_on_commit = digests.append
    try:
        Notification.objects.update(emailed_at=None)
        services.digests_send(day=timezone.localdate())
    finally:
        services.send_email_on_commit = original
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
    "projector": Place(paths=lambda w: [("anonymous", projector_path(w))]),
    "board_fragments": Place(render=render_board_fragments),
    "export_md": Place(
        paths=lambda w: [("organiser", reverse("boards:export", args=[w.board.pk, "md"]))], kind="markdown"
    ),
    "export_csv": Place(
        paths=lambda w: [("organiser", reverse("boards:export", args=[w.board.pk, "csv"]))], kind="csv"
    ),
    "session_list": Place(paths=lambda w: [("anonymous", reverse("boards:sessions"))]),
    "session_page": Place(
        paths=lambda w: [("organiser", s.get_absolute_url()) for s in w.made.get("sessions", [])],
        browser_pages=4,
    ),
    "feed": Place(paths=feed_paths, truncates=True, browser_pages=16),
    "feed_fragments": Place(render=render_feed_fragments),
    "callout_page": Place(paths=callout_paths, browser_pages=4),
    "notifications": Place(
        paths=lambda w: [
            ("member", reverse("callouts:notifications")),
            ("member2", reverse("callouts:notifications")),
        ]
    ),
    "email": Place(render=render_emails, kind="text"),
    "profile": Place(paths=profile_paths, browser_pages=8),
    "directory": Place(paths=directory_paths),
    "messages": Place(
        paths=lambda w: [("member", reverse("profiles:messages")), ("member2", reverse("profiles:messages"))]
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
        self.texts: list[str] = []
        self._script: list[str] | None = None
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


def read(html: str, rich: bool = False) -> Page:
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
        if sorted(set(page.scripts)) != sorted(set(base.scripts)):
            problems.append(f"scripts differ: {sorted(set(page.scripts) ^ set(base.scripts))[:5]}")
        problems += signature_problems(page.signature, base.signature)
    for tag, attrs in page.rich_elements:
        if tag not in user_text.ALLOWED_TAGS:
            problems.append(f"<{tag}> in user text is not in the allow-list")
        for name, _value in attrs:
            if (tag, name) not in RICH_ATTRIBUTES or name.startswith(HTMX_PREFIXES):
                problems.append(f"<{tag} {name}> in user text is not in the allow-list")
    return problems


def signature_problems(signature: Counter, baseline: Counter) -> list[str]:
    if signature == baseline:
        return []
    extra, missing = dict(signature - baseline), dict(baseline - signature)
    return [f"elements/attributes not in the baseline: {extra}; missing: {missing}"]


def visible_text(payload: str, *, rich: bool) -> str:
    """What a reader sees of a payload: itself, or the text of its sanitised Markdown."""
    if rich:
        return read(user_text.markdown_html(payload)).text
    return " ".join(payload.split())


def missing_payloads(docs: list[Doc], accepted: list[str], *, rich: bool) -> list[str]:
    """The accepted payloads (for Markdown: the texts written, which may pack several payloads, as
    their sanitised rendering reads) whose visible text is on none of the place's documents."""
    texts = []
    for doc in docs:
        if doc.kind == "html":
            texts.append(read(doc.content).text)
        elif doc.kind == "csv":
            cells = [cell for row in csv.reader(io.StringIO(doc.content)) for cell in row]
            texts.append(" ".join(" ".join(cells).split()))
        else:
            texts.append(" ".join(doc.content.split()))
    everything = "\n".join(texts)
    missing = []
    for payload in accepted:
        wanted = visible_text(payload, rich=rich)
        if any(doc.truncates for doc in docs):
            wanted = wanted[:30].rsplit(" ", 1)[0] if " " in wanted[:30] else wanted[:30]
        if wanted and wanted not in everything:
            missing.append(payload)
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
                if set(page.scripts) != set(base_page.scripts):
                    found.append(f"scripts differ: {sorted(set(page.scripts) ^ set(base_page.scripts))[:5]}")
            else:
                found = text_problems(doc)
            problems += [f"{field_name} @ {place_name} ({doc.name}): {problem}" for problem in found]
        problems += [
            f"{field_name} @ {place_name}: {p}" for p in signature_problems(signature, base_signature)
        ]
        for payload in missing_payloads(docs, rich_texts if spec.rich else accepted, rich=spec.rich):
            problems.append(f"{field_name} @ {place_name}: payload not shown: {payload!r}")
    return accepted, count, problems


__all__ = ["FIELDS", "PLACES", "check_field", "payloads"]
