"""Demo data: realistic, idempotent, and the accounts it documents really log in."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from boards.models import Meeting
from cmij.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SESSION_TITLE
from profiles.models import Discipline, Kern, Municipality, Profile
from teams import selectors as team_selectors

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    from boards.models import Board, BoardEvent, Idea, Vote
    from callouts.models import Callout, Response
    from notifications.models import Notification

    models = [get_user_model(), Profile, Meeting, Discipline, Municipality, Kern, Profile.disciplines.through]
    models += [Board, Idea, Vote, BoardEvent]
    models += [Callout, Callout.disciplines.through, Response, Notification]
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo")
    first = counts()
    code = Meeting.objects.get(title=DEMO_SESSION_TITLE).join_code
    call_command("seed_demo")
    assert counts() == first
    assert Meeting.objects.get(title=DEMO_SESSION_TITLE).join_code == code


def test_demo_makers_span_the_three_municipalities_and_several_disciplines():
    call_command("seed_demo")
    assert set(Profile.objects.values_list("municipality__slug", flat=True)) == {
        "beverwijk",
        "heemskerk",
        "velsen",
    }
    assert Discipline.objects.filter(profiles__isnull=False).distinct().count() >= 6
    assert all(profile.bio for profile in Profile.objects.all())


def test_the_demo_has_about_forty_varied_makers_with_tags_some_public_and_some_members_only():
    from cmij.management.commands.seed_demo import MAKERS

    call_command("seed_demo")
    profiles = Profile.objects.select_related("kern").prefetch_related("disciplines")
    assert profiles.count() >= 40
    assert len(set(profiles.values_list("display_name", flat=True))) == profiles.count()
    assert set(profiles.values_list("municipality__slug", flat=True)) == {"beverwijk", "heemskerk", "velsen"}
    assert len(set(profiles.values_list("kern__slug", flat=True))) >= 8
    assert all(profile.kern.municipality_id == profile.municipality_id for profile in profiles)
    assert Discipline.objects.filter(profiles__isnull=False).distinct().count() >= 12
    for field in ("level", "stage", "pay"):
        assert len(set(profiles.values_list(field, flat=True))) == 3, field
    assert profiles.filter(open_to_collaboration=False).exists()
    assert profiles.filter(public=True).count() >= 8 and profiles.filter(public=False).count() >= 8
    assert profiles.filter(show_email=True).exists()
    assert profiles.exclude(website="").exists() and profiles.exclude(links=[]).exists()
    tagged = [profile for profile in profiles if profile.helps_with and profile.looking_for]
    assert len(tagged) > profiles.count() / 2
    assert sum(bool(profile.organisations) for profile in profiles) > profiles.count() / 2

    # Every maker is as the table says: no discipline or village lost to a typo in a slug.
    by_email = {profile.user.email: profile for profile in profiles.select_related("user")}
    for spec in MAKERS:
        profile = by_email[spec["email"]]
        assert profile.kern.slug == spec["kern"], spec["email"]
        assert {d.slug for d in profile.disciplines.all()} == set(spec["disciplines"]), spec["email"]

    # Search has public painters to find, in the singular and the plural.
    public_bios = [profile.bio for profile in profiles.filter(public=True)]
    assert any(re.search(r"\bschilderijen\b", bio) for bio in public_bios)
    assert any(re.search(r"\bschilderij\b", bio) for bio in public_bios)


def test_the_documented_demo_accounts_log_in_with_their_roles(client):
    call_command("seed_demo")
    for email, _name, role in DEMO_ACCOUNTS:
        assert client.login(username=email, password=DEMO_PASSWORD), email
        user = get_user_model().objects.get(email=email)
        assert user.is_staff == (role == "organiser")
        client.logout()
    facilitator = next(email for email, _n, role in DEMO_ACCOUNTS if role == "facilitator")
    assert Meeting.objects.get(title=DEMO_SESSION_TITLE).facilitators.filter(email=facilitator).exists()


def test_the_demo_meeting_has_an_unambiguous_join_code():
    call_command("seed_demo")
    code = Meeting.objects.get(title=DEMO_SESSION_TITLE).join_code
    assert len(code) >= 8
    assert not set(code) & set("01OIL")


def test_create_organiser_makes_a_staff_member(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "een-sterk-wachtwoord-2026")
    call_command("create_organiser", email="bestuur@cmij.nl", name="Els de Boer")
    user = get_user_model().objects.get(email="bestuur@cmij.nl")
    assert user.is_staff and not user.is_superuser
    assert user.profile.display_name == "Els de Boer"
    assert user.check_password("een-sterk-wachtwoord-2026")


def test_the_demo_meeting_has_a_plenary_board_two_breakouts_ideas_and_votes():
    from boards.models import Board, Idea, Vote

    call_command("seed_demo")
    meeting = Meeting.objects.get(title=DEMO_SESSION_TITLE)
    assert meeting.boards.filter(kind=Board.Kind.PLENARY).count() == 1
    assert meeting.boards.filter(kind=Board.Kind.BREAKOUT).count() == 2
    assert Idea.objects.filter(board__meeting=meeting).count() >= 6
    assert Vote.objects.exists()


def test_the_demo_has_callouts_of_every_kind_responses_and_notifications_for_the_demo_accounts():
    from callouts.models import Callout, Response
    from notifications.models import Notification

    call_command("seed_demo")
    callouts = Callout.objects.all()
    assert callouts.count() >= 12
    assert set(callouts.values_list("kind", flat=True)) == set(Callout.Kind.values)
    assert {"beverwijk", "heemskerk", "velsen"} <= set(callouts.values_list("municipality__slug", flat=True))
    assert callouts.filter(municipality__isnull=True).exists()
    assert callouts.filter(status=Callout.Status.CLOSED).exists()
    assert callouts.filter(happens_on__isnull=False).exclude(place="").exists()
    assert all(
        callout.body_html and callout.in_feed == (callout.status == Callout.Status.OPEN)
        for callout in callouts
    )

    assert 4 <= Response.objects.count() <= 6
    reply = Response.objects.filter(sender=F("callout__author")).first()
    assert reply is not None
    assert Response.objects.filter(
        callout=reply.callout, responder=reply.responder, sender=reply.responder
    ).exists()

    for email, _name, _role in DEMO_ACCOUNTS:
        assert Notification.objects.filter(recipient__email=email, read_at__isnull=True).exists(), email


def test_the_demo_remembers_past_meetings_teams_and_an_agenda():
    from agenda.models import Event
    from archive.models import Summary, Topic
    from boards.models import Registration
    from teams.models import ActionTeam

    call_command("seed_demo")
    assert set(Topic.objects.values_list("slug", flat=True)) >= {
        "stadsontwikkeling",
        "cultuur-in-het-sociaal-domein",
        "zichtbaarheid",
        "ontmoetingsplekken",
        "cultuureducatie",
    }
    summaries = Summary.objects.filter(published_at__isnull=False)
    assert summaries.count() == 3
    assert all(summary.topics.exists() for summary in summaries)
    assert all(summary.meeting.ends_at < timezone.now() for summary in summaries)
    coming = Meeting.objects.get(title=DEMO_SESSION_TITLE)
    assert ActionTeam.objects.count() == 2
    assert [report.team.name for report in team_selectors.report_backs_for_meeting(coming)] == [
        "UIT-agenda IJmond"
    ]
    assert [team.name for team in team_selectors.teams_overdue()] == ["Ateliers in leegstand"]
    assert all(team.ideas.exists() for team in ActionTeam.objects.all())
    assert Registration.objects.filter(meeting=coming).count() >= 5
    events = Event.objects.filter(status=Event.Status.PUBLISHED)
    assert events.count() == 20
    assert set(events.values_list("municipality__slug", flat=True)) == {"beverwijk", "heemskerk", "velsen"}
    assert events.filter(campaigns__isnull=False).count() == 2
