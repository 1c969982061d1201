"""Test data, built through the services so it is shaped as the app shapes it."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from agenda import services as agenda_services
from agenda.models import Event
from agenda.selectors import AMSTERDAM, day_start
from boards import services as board_services
from boards.identity import Participant
from boards.models import Board, Idea
from callouts import services as callout_services
from callouts.models import Callout, TrustedAuthor
from profiles import services as profile_services
from profiles.models import Discipline, Kern, Municipality, Profile
from profiles.reference import ensure_reference_data
from teams import services as team_services
from teams.models import ActionTeam

PASSWORD = "een-lang-wachtwoord-42"


class MemberFactory(factory.Factory):
    """A member with a profile, made by the service (the reference data first, as in production)."""

    class Meta:
        model = dict

    email = factory.Sequence(lambda n: f"maker{n}@example.nl")
    display_name = factory.Faker("name", locale="nl_NL")
    password = PASSWORD
    is_staff = False
    language = "nl"

    @classmethod
    def _create(cls, model_class, **kwargs):
        ensure_reference_data()
        return profile_services.member_create(**kwargs)


def organiser(**kwargs):
    """A member who is an organiser (staff)."""
    return MemberFactory(is_staff=True, **kwargs)


def meeting(*, by=None, **kwargs):
    """A meeting a week from now, made by `by` (a new organiser by default), with its plenary board."""
    by = by or organiser()
    starts_at = kwargs.pop("starts_at", timezone.now() + timedelta(days=7))
    return board_services.meeting_create(
        by=by,
        title=kwargs.pop("title", "Bijeenkomst in de bibliotheek"),
        starts_at=starts_at,
        ends_at=kwargs.pop("ends_at", starts_at + timedelta(hours=2)),
        **kwargs,
    )


# --- makers with a profile, and their callouts ---------------------------------------------------


def discipline(slug: str) -> Discipline:
    """A discipline of the reference data, by its slug."""
    return Discipline.objects.get(slug=slug)


def municipality(slug: str) -> Municipality:
    """A municipality of the reference data, by its slug."""
    return Municipality.objects.get(slug=slug)


def maker(*, disciplines=(), municipality_slug: str | None = None, **kwargs):
    """A member whose profile has these disciplines and municipality."""
    user = MemberFactory(**kwargs)
    profile_services.profile_update(
        profile=user.profile,
        disciplines=[discipline(slug) for slug in disciplines],
        municipality=municipality(municipality_slug) if municipality_slug else None,
    )
    return user


def post(
    author, *, disciplines=(), municipality_slug: str | None = None, trusted: bool = True, **fields
) -> Callout:
    """A callout by `author` (a collaboration in Beverwijk, unless `fields` say otherwise). `trusted`:
    the author is past the first callout an organiser approves, so it goes online at once (most
    tests are about what follows); False leaves a new member's callout waiting for an organiser."""
    if trusted:
        trust(author)
    fields.setdefault("kind", Callout.Kind.COLLABORATION)
    fields.setdefault("title", "Gezocht: een gitarist voor ons straatfestival")
    fields.setdefault("body", "We spelen in juni in **Beverwijk** en zoeken nog iemand.")
    return callout_services.callout_create(
        author=author,
        disciplines=[discipline(slug) for slug in disciplines],
        municipality=municipality(municipality_slug) if municipality_slug else None,
        **fields,
    )


def trust(member) -> None:
    """`member`'s callouts go online at once, as after an organiser approved one of theirs."""
    TrustedAuthor.objects.get_or_create(member=member)


def directory_profile(name, *, disciplines=(), kern=None, public=False, **fields) -> Profile:
    """The profile of a new member called `name`, in the kern `kern` (a slug) and its municipality."""
    user = MemberFactory(display_name=name)
    kern_row = Kern.objects.get(slug=kern) if kern else None
    profile_services.profile_update(
        profile=user.profile,
        disciplines=[discipline(slug) for slug in disciplines],
        municipality=kern_row.municipality if kern_row else None,
        kern=kern_row,
        public=public,
        **fields,
    )
    return user.profile


# --- ideas on a board, and the action teams started from them ------------------------------------


def idea_on(
    board: Board,
    author,
    text: str = "Een open podium in de bibliotheek, elke maand",
    *,
    prompt=None,
    client_msg_id: str | None = None,
) -> Idea:
    """An idea on `board` (its first column, or `prompt`) by `author`: a member or a Participant."""
    participant = author if isinstance(author, Participant) else Participant(user=author)
    idea, _created = board_services.idea_create(
        board=board,
        participant=participant,
        prompt=prompt or board.prompts.first(),
        text=text,
        client_msg_id=client_msg_id or board_services.client_msg_id_new(),
    )
    return idea


def team_of(idea: Idea, by, coordinator=None, name: str = "Open podium") -> ActionTeam:
    """An action team started from `idea` by `by` (a facilitator or an organiser)."""
    return team_services.team_create(
        idea=idea, by=by, name=name, goal="Elke maand een avond voor nieuwe makers.", coordinator=coordinator
    )


# --- events on the UIT-agenda ---------------------------------------------------------------------


def when(days: int = 3, hour: int = 20):
    """A local time `days` from today, at `hour` o'clock in Amsterdam."""
    return day_start(timezone.localdate(timezone=AMSTERDAM) + timedelta(days=days)) + timedelta(hours=hour)


def event_fields(**changes) -> dict:
    """What `submit_event` passes to the service: a concert in Beverwijk, with `changes`."""
    starts_at = changes.pop("starts_at", when())
    data = {
        "title": "Zomeravondconcert in de Vishal",
        "description": "Een avond **muziek** aan zee.",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "venue": "De Vishal",
        "address": "Grote Markt 20",
        "municipality": Municipality.objects.get(slug="beverwijk"),
        "kern": None,
        "free": False,
        "price": "€ 12,50",
        "link": "https://example.nl/concert",
        "maker_names": "",
    }
    data.update(changes)
    return data


def submit_event(by=None, **changes) -> Event:
    """An event submitted by `by` (a new member by default), waiting for an organiser."""
    by = by or MemberFactory()
    if changes.get("image"):
        changes.setdefault("image_alt", "Een poster met een zon boven de duinen")
    relations = {
        name: changes.pop(name)
        for name in ("makers", "disciplines", "campaigns", "topics", "image")
        if name in changes
    }
    return agenda_services.event_submit(by=by, **relations, **event_fields(**changes))


def publish_event(by=None, boss=None, **changes) -> Event:
    """An event submitted by `by` and approved by `boss` (a new organiser by default): on the agenda."""
    event = submit_event(by, **changes)
    return agenda_services.event_approve(event=event, by=boss or organiser())
