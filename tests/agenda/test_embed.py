"""The agenda on other sites: the embed for a partner's iframe (the only page any site may frame; every
link opens our site outside the frame; the same for everyone), the copy-ready snippet on the agenda
page, and the open data at /agenda.json (schema.org JSON-LD, filters and pages, ETag, CORS)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agenda import selectors as agenda_selectors
from agenda import services as agenda_services
from agenda.models import Event, Source
from profiles import services as profile_services
from profiles.models import Discipline, Municipality
from tests.helpers.clients import client_for
from tests.helpers.factories import MemberFactory, organiser, publish_event, submit_event, when
from tests.helpers.uploads import image_upload

pytestmark = pytest.mark.django_db

EMBED = "/agenda/insluiten/"
JSON = "/agenda.json"
PARTNER = "http://partner.example"


class Elements(HTMLParser):
    """Every element of a page with its attributes, and the text of each <textarea>."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.textareas: list[str] = []
        self._in_textarea = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        self._in_textarea = tag == "textarea"
        if self._in_textarea:
            self.textareas.append("")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._in_textarea = False

    def handle_data(self, data):
        if self._in_textarea:
            self.textareas[-1] += data

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]


def csp_directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())


def titles_in(body: str, *titles: str) -> set[str]:
    return {title for title in titles if title in body}


# --- the embed ---------------------------------------------------------------------------------------


def test_the_embed_lists_published_coming_events_only_and_a_cancelled_one_as_cancelled():
    submitter = MemberFactory()
    publish_event(submitter, title="Morgen: poëzie", starts_at=when(days=1))
    cancelled = publish_event(submitter, title="Afgelast: koor", starts_at=when(days=2))
    agenda_services.event_cancel(event=cancelled, by=submitter)
    submit_event(submitter, title="Nog niet goedgekeurd")
    refused = submit_event(submitter, title="Afgewezen feest")
    agenda_services.event_refuse(event=refused, by=organiser(), reason="Nee.")
    past = publish_event(submitter, title="Vorige maand: film", starts_at=when(days=20))
    Event.objects.filter(pk=past.pk).update(starts_at=when(days=-30), ends_at=when(days=-30, hour=22))

    response = client_for().get(EMBED)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Morgen: poëzie") < body.index("Afgelast: koor")
    for absent in ("Nog niet goedgekeurd", "Afgewezen feest", "Vorige maand: film"):
        assert absent not in body
    [card] = re.findall(r'<article class="[^"]*event-card--cancelled[^"]*">.*?</article>', body, flags=re.S)
    assert "Afgelast: koor" in card and "badge--cancelled" in card
    page = Elements(body)
    assert page.all("h1") and page.all("h2") and page.all("ul") and page.all("time")
    assert "<script" not in body and "htmx" not in body and "cmij.js" not in body


def test_the_embed_follows_the_agenda_filters_and_links_to_the_full_agenda_with_them():
    submitter = MemberFactory()
    publish_event(
        submitter,
        title="Dans in Heemskerk",
        municipality=Municipality.objects.get(slug="heemskerk"),
        disciplines=[Discipline.objects.get(slug="dans")],
        free=True,
        price="",
        starts_at=when(days=2),
    )
    publish_event(
        submitter,
        title="Theater in Velsen",
        municipality=Municipality.objects.get(slug="velsen"),
        disciplines=[Discipline.objects.get(slug="theater")],
        starts_at=when(days=10),
    )
    both = ("Dans in Heemskerk", "Theater in Velsen")

    def shown(query: str) -> set[str]:
        return titles_in(client_for().get(f"{EMBED}?{query}").content.decode(), *both)

    assert shown("") == set(both)
    assert shown("gemeente=heemskerk") == {"Dans in Heemskerk"}
    assert shown("discipline=theater") == {"Theater in Velsen"}
    assert shown("gratis=on") == {"Dans in Heemskerk"}
    assert shown(f"van={(timezone.localdate() + timedelta(days=5)).isoformat()}") == {"Theater in Velsen"}
    assert shown(f"tot={(timezone.localdate() + timedelta(days=4)).isoformat()}") == {"Dans in Heemskerk"}

    page = Elements(client_for().get(f"{EMBED}?gemeente=velsen&gratis=on").content.decode())
    full = [a["href"] for a in page.all("a") if "/agenda/?" in a["href"]]
    assert full and all(href.endswith("/agenda/?gemeente=velsen&gratis=on") for href in full)


def test_every_link_in_the_embed_opens_our_site_outside_the_frame(settings, monkeypatch):
    monkeypatch.setattr(agenda_selectors, "PAGE_SIZE", 1)
    submitter = MemberFactory()
    for day in (1, 2, 3):
        publish_event(submitter, title=f"Avond {day}", starts_at=when(days=day))
    publish_event(submitter, title="Met poster", starts_at=when(days=2, hour=21), image=image_upload())

    for query in ("", "?pagina=2", "?pagina=3", "?pagina=4"):
        body = client_for().get(f"{EMBED}{query}").content.decode()
        links = Elements(body).all("a")
        assert len(links) >= 3  # the full agenda, an event, and more or earlier
        for link in links:
            assert link.get("target") == "_blank", link
            assert "noopener" in link.get("rel", "").split(), link
            assert urlsplit(link["href"]).scheme in ("http", "https"), link  # absolute: not the frame's
        for title in re.findall(r'<h3 class="event-card__title"><a href="([^"]*)"', body):
            assert title.startswith(f"{settings.CMIJ_BASE_URL}/agenda/")
    second = Elements(client_for().get(f"{EMBED}?pagina=2").content.decode())
    hrefs = [a["href"] for a in second.all("a")]
    assert f"{settings.CMIJ_BASE_URL}/agenda/?pagina=3" in hrefs  # more: the full agenda's next page
    assert f"{settings.CMIJ_BASE_URL}/agenda/" in hrefs  # earlier: its first page
    poster = Elements(client_for().get(EMBED, {"pagina": 3}).content.decode()).all("img")
    assert poster and poster[0]["loading"] == "lazy" and poster[0]["alt"]


def test_the_links_to_partners_calendars_open_outside_the_frame_too():
    """An imported event credits its partner's calendar, and a member's event the partner's copy of it
    (agenda/event_origin.html): links to other sites, out of the frame as well."""
    theatre = Source.objects.create(
        name="Stadsschouwburg Velsen",
        url="https://partner.example/agenda.ics",
        website="https://partner.example/agenda",
        municipality=Municipality.objects.get(slug="velsen"),
    )
    imported = publish_event(title="Toneel uit de schouwburg", starts_at=when(days=2))
    Event.objects.filter(pk=imported.pk).update(
        source=theatre, source_uid="toneel@partner.example", link="https://partner.example/toneel"
    )
    member = publish_event(title="Dans in de Vishal", starts_at=when(days=3))
    copy = publish_event(title="Dans in de Vishal", starts_at=when(days=3))
    Event.objects.filter(pk=copy.pk).update(
        source=theatre, source_uid="dans@partner.example", link="https://partner.example/dans"
    )

    body = client_for().get(EMBED).content.decode()
    assert body.count("Dans in de Vishal") == 1 and member.get_absolute_url() in body
    links = Elements(body).all("a")
    partner_links = [link for link in links if link["href"].startswith("https://partner.example/")]
    assert {link["href"] for link in partner_links} == {
        "https://partner.example/agenda",
        "https://partner.example/toneel",
        "https://partner.example/dans",
    }
    for link in links:
        assert link.get("target") == "_blank" and "noopener" in link.get("rel", "").split(), link


def test_only_the_embed_may_be_framed():
    event = publish_event(title="Concert")
    embed = client_for().get(EMBED)
    assert csp_directives(embed)["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in embed
    assert csp_directives(embed)["script-src"] == "'self'"  # the rest of the policy stays as it is
    for url in ("/agenda/", event.get_absolute_url(), JSON, "/"):
        response = client_for().get(url)
        assert response.status_code == 200, url
        assert csp_directives(response)["frame-ancestors"] == "'none'", url
        assert response["X-Frame-Options"] == "DENY", url


def test_the_embed_is_the_same_for_everyone_sets_no_cookie_and_may_be_cached():
    hidden = MemberFactory(display_name="Verborgen Vera")
    profile_services.profile_update(profile=hidden.profile, public=False)
    publish_event(title="Samen spelen", makers=[hidden], maker_names="Joop")
    member = MemberFactory()

    anonymous, logged_in = client_for().get(EMBED), client_for(member).get(EMBED)
    assert anonymous.content == logged_in.content
    assert "Joop" in anonymous.content.decode() and "Verborgen Vera" not in anonymous.content.decode()
    assert "Verborgen Vera" in client_for(member).get("/agenda/").content.decode()  # the page shows her
    for response in (anonymous, logged_in):
        assert not response.cookies
        assert sorted(response["Cache-Control"].split(", ")) == ["max-age=300", "public"]


def test_the_embed_reads_in_the_language_its_address_asks_whatever_the_cookie():
    publish_event(title="Concert", free=True, price="")
    english = client_for(language="nl").get(EMBED, {"taal": "en"})
    assert '<html lang="en">' in english.content.decode() and english["Content-Language"] == "en"
    assert "Free entry" in english.content.decode()
    dutch = client_for(language="en").get(EMBED)
    assert '<html lang="nl">' in dutch.content.decode() and dutch["Content-Language"] == "nl"
    assert "Gratis toegang" in dutch.content.decode()
    assert client_for().get(EMBED, {"taal": "xx"})["Content-Language"] == "nl"


def test_the_embed_takes_the_same_number_of_queries_for_3_or_15_events(django_assert_num_queries):
    def agenda_with(count: int) -> None:
        Event.objects.all().delete()
        submitter, boss = MemberFactory(), organiser()
        for n in range(count):
            publish_event(submitter, boss, title=f"Voorstelling {n}", starts_at=when(days=1 + n % 5))

    agenda_with(3)
    client = client_for()
    client.get(EMBED)  # warm caches (content types, translations)
    with CaptureQueriesContext(connection) as three:
        assert "Voorstelling 2" in client.get(EMBED).content.decode()
    with CaptureQueriesContext(connection) as three_json:
        assert "Voorstelling 2" in client.get(JSON).content.decode()
    agenda_with(15)
    with django_assert_num_queries(len(three.captured_queries)):
        assert "Voorstelling 14" in client.get(EMBED).content.decode()
    with django_assert_num_queries(len(three_json.captured_queries)):
        assert "Voorstelling 14" in client.get(JSON).content.decode()


# --- the snippet on the agenda page ------------------------------------------------------------------


def snippet_src(body: str) -> str:
    """The src of the iframe in the agenda page's code to copy, read as a partner's page would."""
    [code] = Elements(body).textareas
    [frame] = Elements(code).all("iframe")
    assert frame["title"] and frame["loading"] == "lazy"
    return frame["src"]


def test_the_agenda_page_offers_the_embed_of_its_filtered_view_as_code_to_copy(settings):
    publish_event(title="Concert")
    base = f"{settings.CMIJ_BASE_URL}{EMBED}"
    assert snippet_src(client_for().get("/agenda/").content.decode()) == base
    page = client_for().get("/agenda/?gemeente=velsen&gratis=on&pagina=1").content.decode()
    assert snippet_src(page) == f"{base}?gemeente=velsen&gratis=on"
    # Escaped twice: the pasted HTML has &amp; in its src, and the textarea holds that HTML as text.
    assert "?gemeente=velsen&amp;amp;gratis=on" in page and "&lt;iframe src=&quot;" in page
    assert "/agenda.json?gemeente=velsen&gratis=on" in [a["href"] for a in Elements(page).all("a")]
    # It follows the filters in the results htmx swaps in, as the feed address does.
    partial = client_for().get("/agenda/?discipline=dans", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and snippet_src(partial) == f"{base}?discipline=dans"
    # Read in English, it embeds the English agenda.
    assert snippet_src(client_for(language="en").get("/agenda/").content.decode()) == f"{base}?taal=en"


# --- open data: /agenda.json ------------------------------------------------------------------------


def items(response) -> list[dict]:
    return [element["item"] for element in json.loads(response.content)["itemListElement"]]


def test_the_open_data_is_schema_org_json_ld_of_published_events_only(settings):
    submitter = MemberFactory()
    concert = publish_event(submitter, title="Zomeravondconcert", starts_at=when(days=1))
    cancelled = publish_event(submitter, title="Afgelast: koor", starts_at=when(days=2))
    agenda_services.event_cancel(event=cancelled, by=submitter)
    submit_event(submitter, title="Nog niet goedgekeurd")
    refused = submit_event(submitter, title="Afgewezen feest")
    agenda_services.event_refuse(event=refused, by=organiser(), reason="Nee.")

    response = client_for().get(JSON)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    data = json.loads(response.content.decode("utf-8"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "ItemList"
    assert data["url"] == f"{settings.CMIJ_BASE_URL}/agenda.json" and data["numberOfItems"] == 2
    assert [e["position"] for e in data["itemListElement"]] == [1, 2]
    assert all(e["@type"] == "ListItem" for e in data["itemListElement"])
    events = items(response)
    assert [event["name"] for event in events] == ["Zomeravondconcert", "Afgelast: koor"]
    for event in events:
        assert event["@type"] == "Event" and "@context" not in event
        start = datetime.fromisoformat(event["startDate"])
        assert start.utcoffset() is not None and re.search(r"[+-]\d\d:\d\d$", event["startDate"])
        assert event["location"]["@type"] == "Place" and event["location"]["name"]
        assert event["location"]["address"]["addressLocality"]
        assert event["url"].startswith(f"{settings.CMIJ_BASE_URL}/agenda/")
    assert datetime.fromisoformat(events[0]["startDate"]) == concert.starts_at
    assert events[0]["url"] == f"{settings.CMIJ_BASE_URL}{concert.get_absolute_url()}"
    assert events[1]["eventStatus"] == "https://schema.org/EventCancelled"
    body = response.content.decode()
    assert "Nog niet goedgekeurd" not in body and "Afgewezen feest" not in body


def test_the_open_data_takes_the_agenda_filters_and_bad_ones_are_a_400():
    publish_event(title="In Heemskerk", municipality=Municipality.objects.get(slug="heemskerk"), free=True)
    publish_event(title="In Velsen", municipality=Municipality.objects.get(slug="velsen"), starts_at=when(9))

    def names(**query) -> list[str]:
        return [event["name"] for event in items(client_for().get(JSON, query))]

    assert names() == ["In Heemskerk", "In Velsen"]
    assert names(gemeente="velsen") == ["In Velsen"]
    assert names(gratis="on") == ["In Heemskerk"]
    assert names(van=(timezone.localdate() + timedelta(days=5)).isoformat()) == ["In Velsen"]
    bad = client_for().get(JSON, {"gemeente": "atlantis"}, headers={"Origin": PARTNER})
    assert bad.status_code == 400 and "gemeente" in json.loads(bad.content)["errors"]
    assert bad["Access-Control-Allow-Origin"] == "*"


def test_the_open_data_comes_in_pages_with_next_and_previous_links(settings, monkeypatch):
    monkeypatch.setattr(agenda_selectors, "PAGE_SIZE", 2)
    submitter = MemberFactory()
    for day in (1, 2, 3):
        publish_event(submitter, title=f"Avond {day}", starts_at=when(days=day))
    base = f"{settings.CMIJ_BASE_URL}/agenda.json"

    first = client_for().get(JSON, {"gratis": ""})
    data = json.loads(first.content)
    assert [e["item"]["name"] for e in data["itemListElement"]] == ["Avond 1", "Avond 2"]
    assert data["numberOfItems"] == 3 and "previousPage" not in data
    assert data["nextPage"] == f"{base}?gratis=&pagina=2"
    assert first["Link"] == f'<{base}?gratis=&pagina=2>; rel="next"'

    second = client_for().get(JSON, {"gratis": "", "pagina": 2})
    data = json.loads(second.content)
    assert [(e["position"], e["item"]["name"]) for e in data["itemListElement"]] == [(3, "Avond 3")]
    assert data["url"] == f"{base}?gratis=&pagina=2" and "nextPage" not in data
    assert data["previousPage"] == f"{base}?gratis="
    assert second["Link"] == f'<{base}?gratis=>; rel="prev"'

    for beyond in ("3", "0", "twee"):
        missing = client_for().get(JSON, {"pagina": beyond})
        assert missing.status_code == 404 and missing["Access-Control-Allow-Origin"] == "*"
        assert json.loads(missing.content)["status"] == 404


def test_the_open_data_has_a_strong_etag_and_if_none_match_gets_a_304():
    publish_event(title="Concert")
    first = client_for().get(JSON)
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)  # strong: no W/
    assert sorted(first["Cache-Control"].split(", ")) == ["max-age=300", "public"]
    assert client_for().get(JSON)["ETag"] == etag  # from the body: the same body, the same tag

    again = client_for().get(JSON, headers={"If-None-Match": etag, "Origin": PARTNER})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Access-Control-Allow-Origin"] == "*"
    assert client_for().get(JSON, headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    assert client_for().get(JSON, headers={"If-None-Match": '"other"'}).status_code == 200

    publish_event(title="Nog een concert")
    changed = client_for().get(JSON, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_any_site_may_read_the_open_data():
    publish_event(title="Concert")
    response = client_for().get(JSON, headers={"Origin": PARTNER})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert {h.strip() for h in response["Access-Control-Expose-Headers"].split(",")} == {"ETag", "Link"}
    head = client_for().head(JSON, headers={"Origin": PARTNER})
    assert head.status_code == 200 and head["Access-Control-Allow-Origin"] == "*"

    preflight = client_for().options(
        JSON,
        headers={
            "Origin": PARTNER,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert {m.strip() for m in preflight["Access-Control-Allow-Methods"].split(",")} == {"GET", "HEAD"}
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"].lower()
    assert client_for().post(JSON).status_code == 405


def test_script_and_markup_in_a_title_come_out_of_the_open_data_as_string_data():
    title = '</script><script>alert(1)</script><img src=x onerror="alert(2)"> & co'
    publish_event(title=title)
    response = client_for().get(JSON)
    raw = response.content.decode()
    assert "<" not in raw and ">" not in raw and "</script" not in raw.lower()
    [event] = items(response)
    assert event["name"] == title
    embed = client_for().get(EMBED).content.decode()
    assert "<img src=x" not in embed and "&lt;/script&gt;&lt;script&gt;alert(1)" in embed
