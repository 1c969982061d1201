"""Organisers and partner calendars in the admin: adding one fetches it at once, "fetch now" fetches
it again, and its status says how the last fetch went, in plain words."""

from __future__ import annotations

import pytest

from agenda.models import Event, Source
from tests.agenda.test_sources import CONCERT, calendar
from tests.helpers import factories
from tests.helpers.clients import client_for
from tests.helpers.tasks import run_worker

ADD = "/beheer/agenda/source/add/"


def form_data(**changes) -> dict:
    data = {
        "name": "Stadsschouwburg Velsen",
        "url": "",
        "website": "https://partner.example",
        "municipality": factories.municipality("velsen").pk,
        "kern": "",
        "free": "",
        "publish_at_once": "",
        "active": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db(transaction=True)
def test_adding_a_source_fetches_it_at_once_and_its_events_wait_for_approval(server):
    server.serve("/feed.ics", calendar(CONCERT))
    organiser = factories.organiser()
    response = client_for(organiser).post(ADD, form_data(url=f"{server.url}/feed.ics"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Event.objects.count() == 0  # the fetch is a task, not part of the request
    run_worker()
    event = Event.objects.get()
    assert event.status == Event.Status.PENDING and event.source.name == "Stadsschouwburg Velsen"

    source = Source.objects.get()
    page = client_for(organiser).get(f"/beheer/agenda/source/{source.pk}/change/").content.decode()
    assert "Toegevoegd 1, bijgewerkt 0, afgelast 0, overgeslagen 0." in page


@pytest.mark.django_db(transaction=True)
def test_fetch_now_fetches_again_and_a_failure_is_said_in_plain_words(server):
    server.serve("/feed.ics", b"Not found", status=404)
    organiser = factories.organiser()
    source = Source.objects.create(
        name="Bibliotheek", url=f"{server.url}/feed.ics", municipality=factories.municipality("beverwijk")
    )
    response = client_for(organiser).post(f"/beheer/agenda/source/{source.pk}/fetch/")
    assert response.status_code == 302
    run_worker()
    page = client_for(organiser).get(f"/beheer/agenda/source/{source.pk}/change/").content.decode()
    assert "Mislukt" in page and "(HTTP 404)" in page
    listing = client_for(organiser).get("/beheer/agenda/source/").content.decode()
    assert "HTTP 404" in listing


@pytest.mark.django_db
def test_a_calendar_address_must_be_one_we_can_fetch(server):
    organiser = factories.organiser()
    response = client_for(organiser).post(ADD, form_data(url="ftp://partner.example/agenda.ics"))
    assert response.status_code == 200
    assert "https://, http:// of webcal://" in response.content.decode()
    assert not Source.objects.exists()
    response = client_for(organiser).post(ADD, form_data(url="webcal://partner.example/agenda.ics"))
    assert Source.objects.get().url == "https://partner.example/agenda.ics"


@pytest.mark.django_db
def test_a_member_cannot_reach_the_sources_or_fetch_one(server):
    source = Source.objects.create(
        name="Bibliotheek", url=f"{server.url}/feed.ics", municipality=factories.municipality("beverwijk")
    )
    member = factories.MemberFactory()
    assert client_for(member).get("/beheer/agenda/source/").status_code == 302
    assert client_for(member).post(f"/beheer/agenda/source/{source.pk}/fetch/").status_code == 302
    assert not server.requests
