"""What the platform holds about a person, link by link (profiles/registry.py's `personal_data`, #28).

Every foreign key, one-to-one and many-to-many field of our models (and allauth's addresses) to a
member's account, their profile or a guest is in the registry, which says what "download your data"
shows of it, or why it does not show it; a member filled with a row of every exported link finds
each row, by its id, in the file.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from archive.models import Summary, Topic, TopicProposal
from boards.models import Board, Guest, Meeting, Registration, Vote
from callouts.models import Callout, CalloutMute, Follow, Report, Response, TrustedAuthor
from notifications.models import Digest, Notification, NotificationSettings
from profiles import registry
from profiles import services as profile_services
from profiles.models import Profile
from teams.models import ActionTeam, ReportBack, TeamMembership, TeamRequest, TeamTask, TeamUpdate
from tests.helpers import factories
from tests.helpers.clients import client_for

#: Our apps, and allauth's account app (a member's email addresses).
APPS = [
    "cmij",
    "notifications",
    "profiles",
    "boards",
    "archive",
    "teams",
    "callouts",
    "agenda",
    "realtime",
    "account",
]


def person_links() -> set[tuple[str, str]]:
    """(model label, field) of every link of a model of APPS to a member, a profile or a guest.

    A many-to-many with a model of its own in between (ActionTeam.members through TeamMembership) is
    that model's foreign key; Django's own in-between tables are their many-to-many field."""
    people = {get_user_model(), Profile, Guest}
    found = set()
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        for field in model._meta.get_fields():
            if field.auto_created or not field.is_relation or field.related_model not in people:
                continue
            if (
                isinstance(field, models.ManyToManyField)
                and not field.remote_field.through._meta.auto_created
            ):
                continue
            found.add((model._meta.label, field.name))
    return found


def held() -> dict[tuple[str, str], registry.Held]:
    return {(entry.model._meta.label, entry.link): entry for entry in registry.personal_data}


def test_every_link_to_a_person_is_in_the_registry():
    links, registered = person_links(), set(held())
    missing = sorted(links - registered)
    assert missing == [], (
        "Links to a member, a profile or a guest that no app put in profiles/registry.py's "
        "personal_data (a Held in the app's AppConfig.ready(): its key in 'download your data', or "
        f"why it is not there):\n  {missing}"
    )
    assert sorted(registered - links) == [], "personal_data names links that are not there (any more)"


def test_each_link_says_what_your_data_shows_of_it_or_why_not():
    keys = [entry.key for entry in registry.personal_data if entry.key]
    assert len(keys) == len(set(keys)) and "account" not in keys
    for (label, link), entry in held().items():
        model_field = entry.model._meta.get_field(link)
        if model_field.related_model is Guest:
            assert not entry.key and not entry.export and not entry.deleting, f"{label}.{link}: a guest's"
            continue
        assert bool(entry.key) != bool(entry.unexported), f"{label}.{link}: a key, or why not"
        assert not entry.expiring, f"{label}.{link}: only a guest's link expires"
        if entry.unexported:
            assert len(entry.unexported.split()) >= 5, f"{label}.{link}: say why it is not exported"


# --- one member with a row of every kind ------------------------------------------------------------


@pytest.fixture
def world(db):
    other = factories.MemberFactory(display_name="Olga Ander")
    meeting = factories.meeting(title="Bijeenkomst met alles")
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    idea = factories.idea_on(board, other, "Een idee van een ander")
    team = ActionTeam.objects.create(name="Team Alles", goal="Alles doen", meeting=meeting)
    callout = factories.post(other, title="Andermans oproep")
    topic = Topic.objects.create(name="Zichtbaarheid", slug="zichtbaarheid")
    return {"other": other, "meeting": meeting, "board": board, "idea": idea, "team": team, "callout": callout, "topic": topic}  # fmt: skip


def _proposal(world, by):
    return TopicProposal.objects.create(topic=world["topic"], proposed_by=by, reason="Het blijft terugkomen")


#: (model label, link) -> make a row of that model linked to `member` by that link, and return it.
FILL = {
    ("profiles.Profile", "user"): lambda member, world: member.profile,
    ("account.EmailAddress", "user"): lambda member, world: EmailAddress.objects.get_or_create(user=member, email=member.email)[0],
    ("profiles.Message", "sender"): lambda member, world: profile_services.message_send(sender=member, recipient=world["other"], body="Hoi"),
    ("profiles.Message", "recipient"): lambda member, world: profile_services.message_send(sender=world["other"], recipient=member, body="Hallo"),
    ("notifications.NotificationSettings", "member"): lambda member, world: NotificationSettings.objects.update_or_create(member=member, defaults={"email": "never"})[0],
    ("notifications.Notification", "recipient"): lambda member, world: Notification.objects.create(recipient=member, kind=Notification.Kind.MESSAGE, url="/"),
    ("notifications.Digest", "member"): lambda member, world: Digest.objects.create(member=member, day=date(2025, 1, 2)),
    ("boards.Meeting", "facilitators"): lambda member, world: factories.meeting(title="Geleid", facilitators=[member]),
    ("boards.Meeting", "created_by"): lambda member, world: Meeting.objects.filter(pk=factories.meeting(title="Gemaakt").pk).update(created_by=member) and Meeting.objects.get(title="Gemaakt"),
    ("boards.Board", "facilitators"): lambda member, world: world["board"].facilitators.add(member) or world["board"],
    ("boards.Idea", "author_user"): lambda member, world: factories.idea_on(world["board"], member, "Mijn idee"),
    ("boards.Vote", "voter_user"): lambda member, world: Vote.objects.create(board=world["board"], idea=world["idea"], voter_user=member),
    ("boards.Registration", "member"): lambda member, world: Registration.objects.create(meeting=world["meeting"], member=member, answer="yes"),
    ("archive.Summary", "updated_by"): lambda member, world: Summary.objects.create(meeting=world["meeting"], text="Verslag", updated_by=member),
    ("archive.TopicProposal", "proposed_by"): lambda member, world: _proposal(world, member),
    ("archive.TopicProposal", "supporters"): lambda member, world: _proposal(world, world["other"]).supporters.add(member) or TopicProposal.objects.get(proposed_by=world["other"]),
    ("teams.ActionTeam", "coordinator"): lambda member, world: ActionTeam.objects.create(name="Geleid team", goal="Doel", coordinator=member),
    ("teams.ActionTeam", "created_by"): lambda member, world: ActionTeam.objects.create(name="Gestart team", goal="Doel", created_by=member),
    ("teams.TeamMembership", "member"): lambda member, world: TeamMembership.objects.create(team=world["team"], member=member),
    ("teams.TeamRequest", "requested_by"): lambda member, world: TeamRequest.objects.create(idea=world["idea"], requested_by=member, name="Verzoek", goal="Doel"),
    ("teams.TeamRequest", "decided_by"): lambda member, world: TeamRequest.objects.create(idea=world["idea"], requested_by=world["other"], decided_by=member, name="Besluit", goal="Doel"),
    ("teams.TeamTask", "owner"): lambda member, world: TeamTask.objects.create(team=world["team"], title="Zaal bellen", owner=member),
    ("teams.TeamUpdate", "author"): lambda member, world: TeamUpdate.objects.create(team=world["team"], author=member, text="Gebeld"),
    ("teams.ReportBack", "author"): lambda member, world: ReportBack.objects.create(team=world["team"], meeting=world["meeting"], text="Stand", author=member),
    ("callouts.Callout", "author"): lambda member, world: factories.post(member, title="Mijn oproep"),
    ("callouts.Callout", "hidden_by"): lambda member, world: Callout.objects.filter(pk=world["callout"].pk).update(hidden_by=member) and world["callout"],
    ("callouts.Response", "sender"): lambda member, world: Response.objects.create(callout=world["callout"], responder=member, sender=member, body="Ik doe mee"),
    ("callouts.Response", "responder"): lambda member, world: Response.objects.create(callout=world["callout"], responder=member, sender=world["other"], body="Welkom"),
    ("callouts.Follow", "member"): lambda member, world: Follow.objects.create(member=member, discipline=factories.discipline("muziek")),
    ("callouts.CalloutMute", "member"): lambda member, world: CalloutMute.objects.create(member=member, callout=world["callout"]),
    ("callouts.Report", "reporter"): lambda member, world: Report.objects.create(callout=world["callout"], reporter=member, reason="Klopt niet"),
    ("callouts.TrustedAuthor", "member"): lambda member, world: TrustedAuthor.objects.get_or_create(member=member)[0],
    ("callouts.TrustedAuthor", "approved_by"): lambda member, world: TrustedAuthor.objects.filter(member=world["other"]).update(approved_by=member) and TrustedAuthor.objects.get(member=world["other"]),
    ("agenda.Event", "submitted_by"): lambda member, world: factories.submit_event(by=member, title="Mijn concert"),
    ("agenda.Event", "makers"): lambda member, world: factories.submit_event(by=world["other"], title="Ons concert", makers=[member]),
}  # fmt: skip


def _ids(part) -> set:
    rows = part if isinstance(part, list) else [part]
    return {row["id"] for row in rows}


def test_your_data_holds_every_row_linked_to_you(world):
    exported = {link for link, entry in held().items() if entry.key}
    assert sorted(exported - set(FILL)) == [], "a link in 'download your data' without a row made here"
    assert sorted(set(FILL) - exported) == [], "FILL makes rows of a link that is not exported"

    member = factories.MemberFactory(display_name="Daan Alles")
    made = {}
    for link, fill in FILL.items():
        row = fill(member, world)
        assert isinstance(row, held()[link].model), link
        made[link] = row

    data = json.loads(client_for(member).get("/makers/mijn-gegevens/").content)
    assert data["account"]["id"] == member.pk
    for link, row in made.items():
        key = held()[link].key
        assert row.pk in _ids(data[key]), f"{link}: row {row.pk} not under {key!r}"


def test_a_row_of_another_member_is_not_in_your_data(world):
    member = factories.MemberFactory()
    data = json.loads(client_for(member).get("/makers/mijn-gegevens/").content)
    assert data["callouts"] == [] and data["ideas"] == [] and data["sessions_facilitated"] == []
    assert data["responses"] == [] and data["response_threads"] == []
