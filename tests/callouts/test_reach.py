"""What one account can reach with callouts (#28): a member's callouts wait for an organiser until one
has been approved, seen by no one else and announced to no one; a callout for more than 3 disciplines
needs a reason, which organisers see; an organiser's callouts need neither. The flood that reached
every member (5 callouts with every discipline ticked: 195 notifications) reaches no one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from callouts.models import Callout, TrustedAuthor
from notifications.models import Notification
from profiles.models import Discipline
from tests.helpers.clients import client_for
from tests.helpers.factories import maker, organiser
from tests.helpers.sockets import feed_subscribed, next_message, nothing_more, open_site

pytestmark = pytest.mark.django_db


def form(title: str = "Decorbouwers gezocht", disciplines=("theater",), **changes) -> dict:
    data = {
        "kind": "people",
        "title": title,
        "body": "Voor de voorstelling in maart.",
        "disciplines": [Discipline.objects.get(slug=slug).pk for slug in disciplines],
        "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    data.update(changes)
    return data


def matches(member) -> int:
    return Notification.objects.filter(recipient=member, kind=Notification.Kind.MATCH).count()


def test_a_members_first_callout_waits_for_an_organiser_unseen_and_unannounced():
    newcomer, follower, reader, boss = maker(), maker(disciplines=["theater"]), maker(), organiser()

    response = client_for(newcomer).post("/oproepen/nieuw/", form())

    callout = Callout.objects.get(author=newcomer)
    assert response.status_code == 302 and callout.is_held
    assert matches(follower) == 0
    assert client_for(reader).get(callout.get_absolute_url()).status_code == 403
    assert "Decorbouwers gezocht" not in client_for(reader).get("/oproepen/").content.decode()
    own = client_for(newcomer).get(callout.get_absolute_url()).content.decode()
    assert "Wachten op een organisator" in own
    held = Notification.objects.get(recipient=boss, kind=Notification.Kind.CALLOUT_HELD)
    assert held.callout == callout
    assert "Decorbouwers gezocht" in client_for(boss).get("/oproepen/meldingen/").content.decode()


def test_approved_it_is_announced_as_new_and_the_authors_next_callouts_go_online_at_once():
    newcomer, follower, boss = maker(), maker(disciplines=["theater"]), organiser()
    client_for(newcomer).post("/oproepen/nieuw/", form())
    callout = Callout.objects.get(author=newcomer)

    response = client_for(boss).post(f"/oproepen/{callout.pk}/goedkeuren/")

    callout.refresh_from_db()
    assert response.status_code == 302 and not callout.is_held
    assert matches(follower) == 1
    assert (
        Notification.objects.filter(recipient=newcomer, kind=Notification.Kind.CALLOUT_APPROVED).count() == 1
    )
    assert TrustedAuthor.objects.filter(member=newcomer).exists()
    assert "Decorbouwers gezocht" in client_for(maker()).get("/oproepen/").content.decode()
    client_for(newcomer).post("/oproepen/nieuw/", form("Nog een oproep"))
    assert not Callout.objects.get(title="Nog een oproep").is_held
    assert matches(follower) == 2


def test_only_an_organiser_approves():
    newcomer, member = maker(), maker()
    client_for(newcomer).post("/oproepen/nieuw/", form())
    callout = Callout.objects.get(author=newcomer)
    assert client_for(member).post(f"/oproepen/{callout.pk}/goedkeuren/").status_code == 403
    assert client_for(newcomer).post(f"/oproepen/{callout.pk}/goedkeuren/").status_code == 403
    callout.refresh_from_db()
    assert callout.is_held


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("socket_origin")
async def test_an_approved_callout_reaches_the_live_feed_and_a_held_one_does_not():
    from asgiref.sync import sync_to_async

    from callouts import services

    newcomer, reader, boss = (
        await sync_to_async(maker)(),
        await sync_to_async(maker)(),
        await sync_to_async(organiser)(),
    )
    socket = await open_site(reader)
    await feed_subscribed(socket)
    held = await sync_to_async(services.callout_create)(
        author=newcomer, kind="people", title="Eerste oproep", body="Wie helpt?"
    )
    from realtime import names

    assert await nothing_more(socket, names.callouts("nl"))
    await sync_to_async(services.callout_approve)(callout=held, by=boss)
    assert "Eerste oproep" in await next_message(socket)
    await socket.disconnect()


# --- more than 3 disciplines -------------------------------------------------------------------------

EVERY = ("theater", "muziek", "dans", "film")


def test_a_callout_for_more_than_three_disciplines_without_a_reason_is_refused_with_why():
    member = maker()
    TrustedAuthor.objects.create(member=member)
    response = client_for(member).post("/oproepen/nieuw/", form(disciplines=EVERY))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_reach_reason"' in page and 'aria-invalid="true"' in page
    assert "meer dan 3 disciplines" in page
    assert not Callout.objects.exists()


def test_with_a_reason_it_is_posted_and_organisers_see_the_reason_others_do_not():
    member, reader, boss = maker(), maker(), organiser()
    TrustedAuthor.objects.create(member=member)
    reason = "Een open podium voor elke act."
    client_for(member).post("/oproepen/nieuw/", form(disciplines=EVERY, reach_reason=reason))
    callout = Callout.objects.get()
    assert callout.reach_reason == reason and not callout.is_held
    assert reason in client_for(boss).get(callout.get_absolute_url()).content.decode()
    assert reason not in client_for(reader).get(callout.get_absolute_url()).content.decode()


def test_an_organiser_needs_no_reason_and_no_approval():
    boss = organiser()
    follower = maker(disciplines=["film"])
    client_for(boss).post("/oproepen/nieuw/", form(disciplines=EVERY))
    callout = Callout.objects.get()
    assert not callout.is_held and callout.reach_reason == ""
    assert matches(follower) == 1


def test_editing_a_callout_to_more_than_three_disciplines_needs_a_reason_too():
    member = maker()
    TrustedAuthor.objects.create(member=member)
    client_for(member).post("/oproepen/nieuw/", form())
    callout = Callout.objects.get()
    response = client_for(member).post(f"/oproepen/{callout.pk}/bewerken/", form(disciplines=EVERY))
    assert response.status_code == 400
    assert callout.disciplines.count() == 1


def test_the_flood_of_callouts_with_every_discipline_reaches_no_one():
    """What a fresh account did: 5 callouts with every discipline ticked, 195 notifications."""
    flooder = maker()
    everyone = [maker(disciplines=[slug]) for slug in Discipline.objects.values_list("slug", flat=True)]
    every = tuple(Discipline.objects.values_list("slug", flat=True))
    browser = client_for(flooder)
    for n in range(5):
        browser.post("/oproepen/nieuw/", form(f"Reclame {n}", disciplines=every))
    for n in range(5):
        browser.post(
            "/oproepen/nieuw/",
            form(f"Reclame met reden {n}", disciplines=every, reach_reason="Voor iedereen"),
        )
    assert Notification.objects.filter(kind=Notification.Kind.MATCH, recipient__in=everyone).count() == 0
    assert Callout.objects.filter(author=flooder).count() == 3  # the hourly limit; each waits
    assert all(callout.is_held for callout in Callout.objects.filter(author=flooder))
