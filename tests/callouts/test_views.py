"""Callout pages over HTTP: the permission matrix, the feed's HTMX partials, forms and their errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from callouts import services
from callouts.models import Callout, Follow, Report, Response
from notifications.models import Notification
from tests.helpers.clients import client_for
from tests.helpers.factories import discipline, maker, organiser, post
from tests.helpers.matrices import CALLOUT_ACTIONS, CALLOUT_MATRIX, LOGIN

pytestmark = pytest.mark.django_db


# --- who may do what (the matrix: tests/helpers/matrices.py) ---------------------------------------


@pytest.mark.parametrize("role", list(CALLOUT_MATRIX))
@pytest.mark.parametrize("action", list(CALLOUT_ACTIONS))
def test_permission_matrix(role, action):
    author = maker(disciplines=["muziek"])
    callout = post(author)
    user = {"anonymous": None, "member": maker(), "author": author, "organiser": organiser()}[role]
    method, url, data = CALLOUT_ACTIONS[action]
    response = getattr(client_for(user), method)(url.format(id=callout.pk), data)
    expected = CALLOUT_MATRIX[role][action]
    if expected == LOGIN:
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    else:
        assert response.status_code == expected, response.content[:500]


def test_a_hidden_callout_is_for_its_author_and_the_organisers_only():
    author, reader, boss = maker(), maker(), organiser()
    callout = post(author)
    services.callout_hide(callout=callout, by=boss, reason="Hoort hier niet")
    assert client_for(reader).get(f"/oproepen/{callout.pk}/").status_code == 403
    page = client_for(author).get(f"/oproepen/{callout.pk}/").content.decode()
    assert "Hoort hier niet" in page
    assert client_for(boss).get(f"/oproepen/{callout.pk}/").status_code == 200
    assert client_for(boss).post(f"/oproepen/{callout.pk}/tonen/").status_code == 302
    assert client_for(reader).get(f"/oproepen/{callout.pk}/").status_code == 200


def test_a_closed_or_expired_callout_leaves_the_feed_and_stays_readable():
    author = maker()
    closed = post(author, title="Al gevonden")
    expired = post(author, title="Verlopen oproep")
    services.callout_close(callout=closed, by=author)
    Callout.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - timedelta(days=2))
    reader = client_for(maker())
    feed = reader.get("/oproepen/").content.decode()
    assert "Al gevonden" not in feed and "Verlopen oproep" not in feed
    assert "Al gevonden" in reader.get(f"/oproepen/{closed.pk}/").content.decode()
    assert "Verlopen oproep" in reader.get(f"/oproepen/{expired.pk}/").content.decode()


# --- the feed -------------------------------------------------------------------------------------


def test_filters_in_the_url_and_the_htmx_partial():
    author = maker()
    post(author, title="Danser gezocht", disciplines=["dans"], municipality_slug="heemskerk")
    post(author, title="Fotograaf gezocht", disciplines=["fotografie"], municipality_slug="velsen")
    reader = client_for(maker())

    page = reader.get("/oproepen/?discipline=dans").content.decode()
    assert "<html" in page and "Danser gezocht" in page and "Fotograaf gezocht" not in page
    assert 'data-feed-query="discipline=dans"' in page

    partial = reader.get("/oproepen/?gemeente=velsen&soort=wanted", headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body and "Fotograaf gezocht" in body and "Danser gezocht" not in body
    assert partial["Vary"] and "HX-Request" in partial["Vary"]

    restore = reader.get(
        "/oproepen/?gemeente=velsen", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


def test_unknown_filters_show_everything_with_a_clear_note():
    post(maker(), title="Voor iedereen")
    client = client_for(maker())
    client.cookies["django_language"] = "en"
    page = client.get("/oproepen/?discipline=bestaat-niet").content.decode()
    assert "Voor iedereen" in page and "Some filters could not be read" in page


def test_load_more_and_new_ones_come_as_partials():
    author = maker()
    callouts = [post(author, title=f"Oproep nummer {i}") for i in range(25)]
    reader = client_for(maker())
    first = reader.get("/oproepen/").content.decode()
    assert "Oproep nummer 24" in first and "Oproep nummer 5<" in first and "Oproep nummer 4<" not in first
    more_link = f"voor={callouts[5].pk}"
    assert more_link in first

    more = reader.get(f"/oproepen/?{more_link}", headers={"HX-Request": "true"}).content.decode()
    assert "Oproep nummer 4<" in more and "Oproep nummer 0<" in more and "Oproep nummer 5<" not in more
    assert '<div id="feed-more" class="feed__more" hx-swap-oob="true">' in more and "voor=" not in more

    newest = callouts[-1].pk
    later = post(author, title="Nieuwer dan alles")
    newer = reader.get(f"/oproepen/?na={newest}", headers={"HX-Request": "true"}).content.decode()
    assert "Nieuwer dan alles" in newer and "Oproep nummer 24" not in newer
    assert f'id="feed-newest" name="na" value="{later.pk}" hx-swap-oob="true"' in newer


def test_user_text_never_acts_as_html_or_htmx():
    post(
        maker(), title='<script>alert("x")</script>', body='<img src=x onerror=alert(1)> <b hx-get="/x">b</b>'
    )
    page = client_for(maker()).get("/oproepen/").content.decode()
    assert "<script>alert" not in page and "onerror" not in page and 'hx-get="/x"' not in page
    assert "&lt;script&gt;" in page


# --- forms ----------------------------------------------------------------------------------------


def test_posting_a_callout_through_the_form():
    author = maker()
    response = client_for(author).post(
        "/oproepen/nieuw/",
        {
            "kind": "venue",
            "title": "Atelierruimte gezocht",
            "body": "Voor **groot** werk",
            "disciplines": [discipline("beeldende-kunst").pk],
            "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    callout = Callout.objects.get()
    assert response.status_code == 302 and response.url == f"/oproepen/{callout.pk}/"
    assert callout.author == author and callout.kind == "venue"


def test_a_form_with_errors_says_why_in_the_members_language_and_stores_nothing():
    page = client_for(maker()).post(
        "/oproepen/nieuw/",
        {
            "kind": "venue",
            "title": "",
            "body": "x",
            "disciplines": ["99999"],
            "expires_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    body = page.content.decode()
    assert page.status_code == 400  # the form again, with why
    assert "Dit veld is verplicht" in body
    assert "Selecteer een geldige keuze" in body
    assert not Callout.objects.exists()


def test_the_author_replies_in_a_thread_and_an_outsider_cannot_read_it():
    author, responder, outsider = maker(), maker(), maker()
    callout = post(author)
    client_for(responder).post(f"/oproepen/{callout.pk}/reageren/", {"body": "Ik ken iemand!"})
    reply = client_for(author).post(
        f"/oproepen/{callout.pk}/reageren/", {"body": "Graag, stuur door", "responder": responder.pk}
    )
    assert reply.status_code == 302 and reply.url.endswith(f"#gesprek-{responder.pk}")
    assert Response.objects.filter(responder=responder).count() == 2
    assert "Ik ken iemand!" in client_for(author).get(f"/oproepen/{callout.pk}/").content.decode()
    assert "Ik ken iemand!" not in client_for(outsider).get(f"/oproepen/{callout.pk}/").content.decode()


def test_follows_page_adds_and_mutes():
    member = maker(disciplines=["dans"])
    client = client_for(member)
    assert "Dans" in client.get("/oproepen/volgen/").content.decode()  # from the profile
    client.post("/oproepen/volgen/profiel/", {"discipline": "dans", "action": "mute"})
    assert Follow.objects.get(member=member, discipline__slug="dans").muted
    client.post("/oproepen/volgen/", {"form": "follow", "municipality": "velsen"})
    assert Follow.objects.filter(member=member, municipality__slug="velsen").exists()
    bad = client.post("/oproepen/volgen/", {"form": "follow"})
    assert bad.status_code == 400
    client.post("/oproepen/volgen/", {"form": "email", "email": "never"})
    assert member.notification_settings.email == "never"


def test_opening_a_notification_marks_it_read_and_goes_there():
    author, follower = maker(), maker(disciplines=["dans"])
    callout = post(author, disciplines=["dans"])
    notification = Notification.objects.get(recipient=follower)
    client = client_for(follower)
    assert 'class="bell__number">1<' in client.get("/").content.decode()
    response = client.post(f"/meldingen/{notification.pk}/")
    assert response.status_code == 302 and response.url == f"/oproepen/{callout.pk}/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client_for(author).post(f"/meldingen/{notification.pk}/").status_code == 404


def test_reports_page_lists_open_reports_for_organisers():
    author, reporter, boss = maker(), maker(), organiser()
    callout = post(author, title="Koop mijn auto")
    client_for(reporter).post(f"/oproepen/{callout.pk}/melden/", {"reason": "Geen cultuur"})
    assert Report.objects.count() == 1
    page = client_for(boss).get("/oproepen/meldingen/").content.decode()
    assert "Koop mijn auto" in page and "Geen cultuur" in page
