"""The home page shows what is happening (#25): the meeting going on now without its code, this week's
agenda, the latest summaries, the current campaign, and for a member what concerns them; at a fixed
number of queries however much there is."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agenda.models import Campaign, Event
from archive.models import Summary
from boards import services as board_services
from boards.models import Meeting, Registration
from callouts.models import Callout
from cmij.text import markdown_html
from notifications.models import Notification
from teams import services as team_services
from teams.models import TeamTask
from tests.helpers import factories
from tests.helpers.clients import client_for

pytestmark = pytest.mark.django_db


def home(user=None) -> str:
    response = client_for(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def clone(row, count: int, **fields_of):
    """`count` copies of a row made by the services, each field in `fields_of` a function of its index;
    its disciplines copied too (so a card's prefetch has rows to fetch)."""
    copies = []
    for n in range(count):
        copy = type(row).objects.get(pk=row.pk)
        copy.pk = None
        for name, value in fields_of.items():
            setattr(copy, name, value(n))
        copies.append(copy)
    made = type(row).objects.bulk_create(copies)
    if hasattr(row, "disciplines"):
        through = type(row).disciplines.through
        column = f"{type(row)._meta.model_name}_id"
        links = [
            through(**{column: copy.pk, "discipline_id": discipline.pk})
            for copy in made
            for discipline in row.disciplines.all()
        ]
        through.objects.bulk_create(links)
    return made


# --- what everyone sees -----------------------------------------------------------------------------------


def test_a_visitor_sees_the_live_meeting_and_the_way_to_join_never_its_code():
    now = timezone.now()
    live = factories.meeting(title="Open avond in de Kennemerhal", starts_at=now - timedelta(minutes=30))
    board = live.boards.first()
    page = home()
    assert "Nu bezig: doe mee" in page and "Open avond in de Kennemerhal" in page
    assert 'href="/meedoen/"' in page
    assert live.join_code not in page and board.projector_token not in page
    assert f"/borden/{board.pk}/" not in page


def test_a_member_gets_the_live_meetings_board():
    now = timezone.now()
    live = factories.meeting(starts_at=now - timedelta(minutes=30))
    page = home(factories.MemberFactory())
    assert f'href="/borden/{live.boards.first().pk}/"' in page
    assert live.join_code not in page


def test_no_live_block_when_nothing_is_going_on():
    factories.meeting(title="Volgende week")
    page = home()
    assert "Nu bezig" not in page and "Volgende week" in page


def test_this_week_the_latest_summaries_and_the_campaign():
    campaign = Campaign.objects.create(
        slug="juni", name="Cultuur in juni", starts_on=timezone.localdate() - timedelta(days=1)
    )
    factories.publish_event(title="Strandtheater deze week", starts_at=factories.when(days=2))
    factories.publish_event(title="Concert over drie weken", starts_at=factories.when(days=21))
    cancelled = factories.publish_event(title="Afgelast optreden", starts_at=factories.when(days=1))
    Event.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())
    by = factories.organiser()
    past = factories.meeting(
        by=by, title="Bijeenkomst in maart", starts_at=timezone.now() - timedelta(days=40)
    )
    Summary.objects.create(
        meeting=past,
        text="## Wat we deden\n\nWe spraken over podia.",
        text_html=markdown_html("## Wat we deden\n\nWe spraken over podia.", top_heading=2),
        published_at=timezone.now(),
        updated_by=by,
    )
    page = home()
    assert "Strandtheater deze week" in page
    assert "Concert over drie weken" not in page and "Afgelast optreden" not in page
    assert "Bijeenkomst in maart" in page and "We spraken over podia." in page
    assert "Wat we deden" not in page  # the excerpt, not its headings
    assert campaign.name in page and campaign.get_absolute_url() in page


def test_empty_parts_say_what_will_appear_there():
    page = home()
    assert "Deze week staat er nog niets in de agenda." in page
    assert "Verslagen van bijeenkomsten verschijnen hier zodra ze gepubliceerd zijn." in page
    assert "Er zijn nog geen bijeenkomsten gepland." in page
    assert "Voor jou" not in page


# --- what a member sees above it ------------------------------------------------------------------------


@pytest.fixture
def member_with_things():
    """A member who follows music (from their profile), is in a team with a deadline, registered
    for a meeting, and has unread notifications of callouts in what they follow."""
    member = factories.maker(disciplines=["muziek"], display_name="Mila Muziek")
    other = factories.maker(disciplines=["dans"])
    factories.post(other, disciplines=["muziek"], title="Gezocht: een drummer")
    factories.post(other, disciplines=["dans"], title="Dansers gezocht")
    organiser = factories.organiser()
    meeting = factories.meeting(by=organiser, title="Bijeenkomst met aanmelding")
    board_services.registration_set(meeting=meeting, member=member, answer=Registration.Answer.YES)
    idea = factories.idea_on(meeting.boards.first(), member)
    team = factories.team_of(idea, by=organiser, coordinator=member, name="Havenfestival")
    team_services.task_create(
        team=team, by=member, title="Podium regelen", due_on=timezone.localdate() + timedelta(days=5)
    )
    return member


def test_a_member_sees_what_concerns_them(member_with_things):
    page = home(member_with_things)
    assert "Voor jou" in page
    assert "Gezocht: een drummer" in page and "Dansers gezocht" not in page
    assert "Nieuwe oproep voor jou: “Gezocht: een drummer”" in page  # the unread notification
    assert "Podium regelen" in page and "Havenfestival" in page
    assert "Bijeenkomst met aanmelding" in page


def test_a_visitor_sees_no_members_part(member_with_things):
    page = home()
    assert "Voor jou" not in page and "Podium regelen" not in page


# --- cheap to serve -----------------------------------------------------------------------------------------


def grow(member, count: int) -> None:
    """`count` more of what the home page lists: events this week, callouts the member follows,
    published summaries, their deadlines, registrations and unread notifications."""
    event = Event.objects.filter(status=Event.Status.PUBLISHED).first()
    clone(event, count, title=lambda n: f"Voorstelling {n}", uid=lambda n: uuid.uuid4())
    callout = Callout.objects.filter(title="Gezocht: een drummer").get()
    clone(callout, count, title=lambda n: f"Oproep {n}")
    meetings = clone(
        Meeting.objects.first(),
        count,
        slug=lambda n: f"b-{n}",
        join_code=lambda n: f"GROW{n:05d}",
        starts_at=lambda n: timezone.now() - timedelta(days=n + 2),
        ends_at=lambda n: timezone.now() - timedelta(days=n + 2) + timedelta(hours=2),
    )
    Summary.objects.bulk_create(
        Summary(meeting=meeting, text="Verslag.", text_html="<p>Verslag.</p>", published_at=timezone.now())
        for meeting in meetings
    )
    clone(TeamTask.objects.first(), count, title=lambda n: f"Taak {n}")
    upcoming = clone(
        Meeting.objects.first(), count, slug=lambda n: f"k-{n}", join_code=lambda n: f"KOM{n:05d}"
    )
    Registration.objects.bulk_create(
        Registration(meeting=meeting, member=member, answer=Registration.Answer.YES) for meeting in upcoming
    )
    clone(Notification.objects.filter(recipient=member).first(), count)


def test_the_home_page_costs_the_same_queries_with_3_or_300_of_everything(member_with_things):
    factories.publish_event(title="Strandtheater", starts_at=factories.when(days=1))
    by = factories.organiser()
    for n in range(3):
        past = factories.meeting(
            by=by, title=f"Voorbij {n}", starts_at=timezone.now() - timedelta(days=30 + n)
        )
        Summary.objects.create(
            meeting=past, text="Kort.", text_html="<p>Kort.</p>", published_at=timezone.now()
        )
    visitor, member = client_for(), client_for(member_with_things)
    visitor.get("/"), member.get("/")  # warm caches (content types, translations)

    def counted(client) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    few = counted(visitor), counted(member)
    grow(member_with_things, 300)
    page = member.get("/").content.decode()
    assert "Oproep 299" in page and "Taak" in page  # the grown rows are on the page
    assert counted(visitor) == few[0]
    assert counted(member) == few[1]
