"""The UIT-agenda: submitting with approval, editing and cancelling, who may do what (a matrix),
the public agenda with its filters, campaigns, what anonymous visitors see, bad input, and the
structured data and Open Graph tags of an event's page."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from agenda import permissions as agenda_permissions
from agenda import selectors as agenda_selectors
from agenda import services as agenda_services
from agenda.models import Campaign, Event
from agenda.selectors import AMSTERDAM
from notifications.models import Notification
from profiles import services as profile_services
from profiles.models import Discipline, Kern, Municipality
from tests.helpers.clients import client_for
from tests.helpers.factories import MemberFactory, event_fields, organiser, publish_event, submit_event, when
from tests.helpers.notified import notified
from tests.helpers.uploads import image_upload, too_large

pytestmark = pytest.mark.django_db


def member_with(*, public: bool, name: str):
    user = MemberFactory(display_name=name)
    profile_services.profile_update(profile=user.profile, public=public)
    return user


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- submitting and approval --------------------------------------------------------------------------------


def test_a_member_submits_an_event_that_waits_and_the_organisers_hear_of_it():
    boss, other_boss, retired_boss = organiser(), organiser(), organiser()
    retired_boss.is_active = False
    retired_boss.save()
    submitter = MemberFactory()
    event = submit_event(submitter, disciplines=[Discipline.objects.get(slug="muziek")])

    assert event.status == Event.Status.PENDING and event.submitted_by == submitter
    assert "<strong>muziek</strong>" in event.description_html
    assert event.sequence == 0 and event.uid
    for user in (boss, other_boss):
        [note] = notified(user, Notification.Kind.EVENT_SUBMITTED)
        assert note.subject == event.title and note.url == "/agenda/beoordelen/" and note.actor == submitter
    assert notified(retired_boss, Notification.Kind.EVENT_SUBMITTED) == []
    assert notified(submitter, Notification.Kind.EVENT_SUBMITTED) == []


def test_approving_publishes_and_tells_the_submitter():
    boss, submitter = organiser(), MemberFactory()
    event = submit_event(submitter)
    agenda_services.event_approve(event=event, by=boss)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    [note] = notified(submitter, Notification.Kind.EVENT_PUBLISHED)
    assert note.url == event.get_absolute_url() and note.subject == event.title


def test_refusing_needs_a_reason_and_the_submitter_sees_it():
    boss, submitter = organiser(), MemberFactory()
    event = submit_event(submitter)
    with pytest.raises(ValidationError):
        agenda_services.event_refuse(event=event, by=boss, reason="   ")
    event.refresh_from_db()
    assert event.status == Event.Status.PENDING
    assert notified(submitter, Notification.Kind.EVENT_REFUSED) == []

    agenda_services.event_refuse(event=event, by=boss, reason="Dit is geen cultureel evenement.")
    event.refresh_from_db()
    assert event.status == Event.Status.REFUSED and event.refused_reason == "Dit is geen cultureel evenement."
    [note] = notified(submitter, Notification.Kind.EVENT_REFUSED)
    assert note.detail == "Dit is geen cultureel evenement."
    page = client_for(submitter).get(event.get_absolute_url()).content.decode()
    assert "Dit is geen cultureel evenement." in page


def test_editing_a_published_event_keeps_it_published_and_raises_its_sequence():
    submitter = MemberFactory()
    event = publish_event(submitter)
    uid, before = event.uid, event.updated_at
    agenda_services.event_update(event=event, by=submitter, title="Zomeravondconcert (verplaatst)")
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED and event.sequence == 1 and event.uid == uid
    assert event.title == "Zomeravondconcert (verplaatst)" and event.updated_at > before
    agenda_services.event_update(event=event, by=organiser(), venue="Het Kennemer Theater")
    event.refresh_from_db()
    assert event.sequence == 2 and event.status == Event.Status.PUBLISHED


def test_a_refused_event_edited_by_its_submitter_goes_back_to_the_queue():
    boss, submitter = organiser(), MemberFactory()
    event = submit_event(submitter)
    agenda_services.event_refuse(event=event, by=boss, reason="Geef het adres.")
    agenda_services.event_update(event=event, by=submitter, address="Breestraat 1")
    event.refresh_from_db()
    assert event.status == Event.Status.PENDING and event.refused_reason == ""
    assert len(notified(boss, Notification.Kind.EVENT_SUBMITTED)) == 2


def test_an_organiser_editing_a_refused_event_leaves_it_refused():
    boss, submitter = organiser(), MemberFactory()
    event = submit_event(submitter)
    agenda_services.event_refuse(event=event, by=boss, reason="Dubbel.")
    agenda_services.event_update(event=event, by=boss, title="Dubbel ingestuurd")
    event.refresh_from_db()
    assert event.status == Event.Status.REFUSED


def test_cancelling_keeps_the_event_at_its_address_shown_as_cancelled():
    submitter = MemberFactory()
    event = publish_event(submitter)
    agenda_services.event_cancel(event=event, by=submitter)
    event.refresh_from_db()
    assert event.is_cancelled and event.status == Event.Status.PUBLISHED and event.sequence == 1
    agenda_services.event_cancel(event=event, by=submitter)  # twice changes nothing
    event.refresh_from_db()
    assert event.sequence == 1
    response = client_for().get(event.get_absolute_url())
    assert response.status_code == 200
    assert "badge--cancelled" in client_for().get("/agenda/").content.decode()
    assert "message--error" in response.content.decode()


def test_only_organisers_set_campaigns():
    june = Campaign.objects.create(slug="juni-zichtbaar", name="Juni: zichtbaar")
    submitter, boss = MemberFactory(), organiser()
    with pytest.raises(PermissionDenied):
        submit_event(submitter, campaigns=[june])
    assert not Event.objects.exists()
    event = submit_event(submitter)
    with pytest.raises(PermissionDenied):
        agenda_services.event_update(event=event, by=submitter, campaigns=[june])
    agenda_services.event_approve(event=event, by=boss, campaigns=[june])
    assert list(event.campaigns.all()) == [june]
    agenda_services.event_update(event=event, by=boss, campaigns=[])
    assert list(event.campaigns.all()) == []


# --- who may do what: the services -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "inactive", "member", "submitter", "organiser"])
def test_the_services_permission_matrix(role):
    submitter = MemberFactory()
    event = submit_event(submitter)
    user = {
        "anonymous": AnonymousUser(),
        "inactive": MemberFactory(),
        "member": MemberFactory(),
        "submitter": submitter,
        "organiser": organiser(),
    }[role]
    if role == "inactive":
        user.is_active = False
        user.save()
    may = {
        "submit": role in ("member", "submitter", "organiser"),
        "review": role == "organiser",
        "edit": role in ("submitter", "organiser"),
        "view_pending": role in ("submitter", "organiser"),
    }
    assert agenda_permissions.can_submit_event(user) is may["submit"]
    assert agenda_permissions.can_review_events(user) is may["review"]
    assert agenda_permissions.can_set_campaigns(user) is may["review"]
    assert agenda_permissions.can_edit_event(user, event) is may["edit"]
    assert agenda_permissions.can_cancel_event(user, event) is may["edit"]
    assert agenda_permissions.can_view_event(user, event) is may["view_pending"]

    def attempt(call) -> bool:
        try:
            call()
        except PermissionDenied:
            return False
        return True

    assert attempt(lambda: agenda_services.event_submit(by=user, **event_fields())) is may["submit"]
    assert attempt(lambda: agenda_services.event_update(event=event, by=user, price="€ 10")) is may["edit"]
    assert attempt(lambda: agenda_services.event_approve(event=event, by=user)) is may["review"]
    other = submit_event(submitter)
    assert attempt(lambda: agenda_services.event_refuse(event=other, by=user, reason="Nee.")) is may["review"]
    assert attempt(lambda: agenda_services.event_cancel(event=event, by=user)) is may["edit"]
    event.refresh_from_db()
    assert (
        agenda_permissions.can_view_event(AnonymousUser(), event) is may["review"]
    )  # published only by an organiser


# --- who may do what: over HTTP ------------------------------------------------------------------------------

ACTIONS = {
    # name: (method, url, data)
    "agenda": ("get", "/agenda/", {}),
    "view_pending": ("get", "/agenda/{id}/", {}),
    "view_published": ("get", "/agenda/{published}/", {}),
    "ics_pending": ("get", "/agenda/{id}/agenda.ics", {}),
    "create": ("get", "/agenda/nieuw/", {}),
    "edit": ("get", "/agenda/{id}/bewerken/", {}),
    "cancel": ("post", "/agenda/{id}/annuleren/", {}),
    "queue": ("get", "/agenda/beoordelen/", {}),
    "approve": ("post", "/agenda/{id}/goedkeuren/", {}),
    "refuse": ("post", "/agenda/{id}/afwijzen/", {"reason": "Niet voor deze agenda."}),
    "mine": ("get", "/agenda/mijn/", {}),
}
LOGIN = "login"
MATRIX = {
    "anonymous": {
        "agenda": 200, "view_pending": 404, "view_published": 200, "ics_pending": 404, "create": LOGIN,
        "edit": LOGIN, "cancel": LOGIN, "queue": LOGIN, "approve": LOGIN, "refuse": LOGIN, "mine": LOGIN,
    },
    "member": {
        "agenda": 200, "view_pending": 404, "view_published": 200, "ics_pending": 404, "create": 200,
        "edit": 404, "cancel": 404, "queue": 403, "approve": 403, "refuse": 403, "mine": 200,
    },
    "submitter": {
        "agenda": 200, "view_pending": 200, "view_published": 200, "ics_pending": 200, "create": 200,
        "edit": 200, "cancel": 302, "queue": 403, "approve": 403, "refuse": 403, "mine": 200,
    },
    "organiser": {
        "agenda": 200, "view_pending": 200, "view_published": 200, "ics_pending": 200, "create": 200,
        "edit": 200, "cancel": 302, "queue": 200, "approve": 302, "refuse": 302, "mine": 200,
    },
}  # fmt: skip


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_the_permission_matrix_over_http(role, action):
    submitter = MemberFactory()
    event = submit_event(submitter)
    published = publish_event(MemberFactory())
    user = {"anonymous": None, "member": MemberFactory(), "submitter": submitter, "organiser": organiser()}[
        role
    ]
    method, url, data = ACTIONS[action]
    response = getattr(client_for(user), method)(url.format(id=event.pk, published=published.pk), data)
    expected = MATRIX[role][action]
    if expected == LOGIN:
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    else:
        assert response.status_code == expected, response.content[:300]
    event.refresh_from_db()
    changed = {
        "cancel": event.is_cancelled,
        "approve": event.status == Event.Status.PUBLISHED,
        "refuse": event.status == Event.Status.REFUSED,
    }
    if action in changed:
        assert changed[action] is (expected == 302)


def test_the_queue_lists_what_waits_and_refusing_without_a_reason_is_refused():
    boss, submitter = organiser(), MemberFactory()
    waiting = submit_event(submitter, title="Wacht op goedkeuring")
    publish_event(submitter, title="Al gepubliceerd")
    page = client_for(boss).get("/agenda/beoordelen/").content.decode()
    assert "Wacht op goedkeuring" in page and "Al gepubliceerd" not in page

    response = client_for(boss).post(f"/agenda/{waiting.pk}/afwijzen/", {f"event-{waiting.pk}-reason": "  "})
    assert response.status_code == 400 and "errorlist" in response.content.decode()
    assert response.context["events"][0].refuse_form.errors
    waiting.refresh_from_db()
    assert waiting.status == Event.Status.PENDING

    june = Campaign.objects.create(slug="juni", name="Juni")
    client_for(boss).post(f"/agenda/{waiting.pk}/goedkeuren/", {f"event-{waiting.pk}-campaigns": [june.pk]})
    waiting.refresh_from_db()
    assert waiting.status == Event.Status.PUBLISHED and list(waiting.campaigns.all()) == [june]


def test_my_events_show_where_each_stands():
    submitter, boss = MemberFactory(), organiser()
    refused = submit_event(submitter, title="Afgewezen avond")
    agenda_services.event_refuse(event=refused, by=boss, reason="Graag een adres in IJmond.")
    submit_event(submitter, title="Nog even wachten")
    submit_event(MemberFactory(), title="Van een ander")
    page = client_for(submitter).get("/agenda/mijn/").content.decode()
    assert "Afgewezen avond" in page and "Graag een adres in IJmond." in page and "Nog even wachten" in page
    assert "Van een ander" not in page


# --- submitting and editing over HTTP -------------------------------------------------------------------------


def event_form_data(**changes) -> dict:
    """What the event form posts: an open atelier in Wijk aan Zee, with `changes` (None: left out)."""
    data = {
        "title": "Open atelier in Wijk aan Zee",
        "description": "Kom kijken naar **nieuw werk**.",
        "starts_at": when(days=5, hour=14).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": when(days=5, hour=17).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Atelier Zeezicht",
        "address": "Julianaweg 12",
        "municipality": Municipality.objects.get(slug="beverwijk").pk,
        "kern": Kern.objects.get(slug="wijk-aan-zee").pk,
        "disciplines": [Discipline.objects.get(slug="beeldende-kunst").pk],
        "free": "on",
        "price": "",
        "link": "https://example.nl/atelier",
        "maker_names": "Joop Zee, Anna de Wit",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_submitting_through_the_form_stores_the_event_the_image_and_its_times_in_amsterdam(settings):
    submitter = MemberFactory()
    maker = member_with(public=True, name="Sanne Schilder")
    response = client_for(submitter).post(
        "/agenda/nieuw/",
        event_form_data(
            makers=[maker.pk], image=image_upload(size=(2400, 1200)), image_alt="Een schilderij van de pier"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert response.url == event.get_absolute_url()
    assert event.status == Event.Status.PENDING and event.free and event.kern.slug == "wijk-aan-zee"
    assert timezone.localtime(event.starts_at, AMSTERDAM).hour == 14
    assert list(event.makers.all()) == [maker] and event.maker_names == "Joop Zee, Anna de Wit"
    with Image.open(event.image.open("rb")) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 800

    # The image follows the event: not for anyone while it waits; for everyone once published.
    assert client_for().get(f"/agenda/{event.pk}/afbeelding/").status_code == 404
    assert client_for(submitter).get(f"/agenda/{event.pk}/afbeelding/").status_code == 200
    agenda_services.event_approve(event=event, by=organiser())
    image = client_for().get(f"/agenda/{event.pk}/afbeelding/")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert event.image_alt == "Een schilderij van de pier"


def test_an_image_needs_its_description_and_nothing_is_stored_without_it():
    response = client_for(MemberFactory()).post("/agenda/nieuw/", event_form_data(image=image_upload()))
    assert response.status_code == 400
    assert "Zeg in een paar woorden wat de afbeelding laat zien" in response.content.decode()
    assert not Event.objects.exists()


def test_an_events_image_comes_in_widths_cached_privately_while_it_waits():
    event = submit_event(image=image_upload(size=(1600, 1200)))
    assert (event.image_width, event.image_height) == (800, 600)
    assert [width for _url, width in event.image_sources] == [160, 320, 480, 640, 800]
    submitter = client_for(event.submitted_by)
    for url, width in event.image_sources:
        assert client_for().get(url).status_code == 404
        response = submitter.get(url)
        assert "private" in response["Cache-Control"]
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
            assert image.width == width
    agenda_services.event_approve(event=event, by=organiser())
    assert "public" in client_for().get(event.image_sources[0][0])["Cache-Control"]


def test_editing_through_the_form_keeps_a_published_event_published():
    submitter = MemberFactory()
    event = publish_event(submitter)
    response = client_for(submitter).post(
        f"/agenda/{event.pk}/bewerken/", event_form_data(title="Open atelier, tweede weekend")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Open atelier, tweede weekend"
    assert event.status == Event.Status.PUBLISHED and event.sequence == 1
    # A member's form has no campaigns; an organiser's has.
    assert (
        "campaigns" not in client_for(submitter).get(f"/agenda/{event.pk}/bewerken/").context["form"].fields
    )
    assert "campaigns" in client_for(organiser()).get(f"/agenda/{event.pk}/bewerken/").context["form"].fields


BAD_INPUT = [
    # (changes to the form, the field with the error)
    ({"ends_at": when(days=5, hour=13).strftime("%Y-%m-%dT%H:%M")}, "ends_at"),
    ({"ends_at": when(days=5, hour=14).strftime("%Y-%m-%dT%H:%M")}, "ends_at"),
    (
        {
            "starts_at": when(days=800, hour=14).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": when(days=800, hour=16).strftime("%Y-%m-%dT%H:%M"),
        },
        "starts_at",
    ),
    (
        {
            "starts_at": when(days=-3, hour=14).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": when(days=-3, hour=16).strftime("%Y-%m-%dT%H:%M"),
        },
        "ends_at",
    ),
    ({"address": ""}, "address"),
    ({"venue": ""}, "venue"),
    ({"link": "javascript:alert(1)"}, "link"),
    ({"link": "ftp://example.nl/bestand"}, "link"),
    ({"title": "Concert\x01ATTENDEE:evil@example.nl"}, "title"),
    ({"venue": "De Vishal\x1fLOCATION:elders"}, "venue"),
    ({"kern": None}, None),  # a sanity row: no kern is fine (checked below, not an error)
    ({"kern": "ijmuiden"}, "kern"),
    ({"image": "not-an-image"}, "image"),
    ({"image": "too-large"}, "image"),
    ({"title": "x" * 121}, "title"),
    ({"municipality": ""}, "municipality"),
]


@pytest.mark.parametrize("changes,field", BAD_INPUT)
def test_bad_input_shows_why_and_stores_nothing(changes, field, settings):
    changes = dict(changes)
    if changes.get("kern") == "ijmuiden":
        changes["kern"] = Kern.objects.get(slug="ijmuiden").pk  # in Velsen, not in Beverwijk
    if changes.get("image") == "not-an-image":
        changes["image"] = SimpleUploadedFile(
            "affiche.png", b"<svg onload=alert(1)>", content_type="image/png"
        )
    elif changes.get("image") == "too-large":
        changes["image"] = too_large()
    submitter = MemberFactory()
    response = client_for(submitter).post("/agenda/nieuw/", event_form_data(**changes))
    if field is None:
        assert response.status_code == 302
        return
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert 'role="alert"' in response.content.decode()
    assert not Event.objects.exists()
    assert media_files(settings) == []


def test_a_valid_event_with_a_bad_image_stores_no_image_and_an_invalid_one_with_a_good_image_neither(
    settings,
):
    submitter = MemberFactory()
    response = client_for(submitter).post(
        "/agenda/nieuw/", event_form_data(image=image_upload(), link="javascript:alert(1)")
    )
    assert response.status_code == 400 and not Event.objects.exists() and media_files(settings) == []


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"ends_at": when(days=3, hour=19)}, "ends_at"),
        ({"starts_at": when(days=800), "ends_at": when(days=800, hour=22)}, "starts_at"),
        ({"address": ""}, "address"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"title": "Concert\x02ATTENDEE:evil"}, "title"),  # a line break is made a space (#27)
        ({"maker_names": "Joop\x1fAnna"}, "maker_names"),
        ({"description": "nul\x00byte"}, "description"),
        ({"kern": "ijmuiden"}, "kern"),
    ],
)
def test_the_service_refuses_bad_input_itself(changes, field):
    if changes.get("kern") == "ijmuiden":
        changes["kern"] = Kern.objects.get(slug="ijmuiden")
    with pytest.raises(ValidationError) as refused:
        submit_event(**changes)
    assert field in refused.value.message_dict
    assert not Event.objects.exists()


def test_script_and_htmx_in_any_text_come_out_escaped_in_containers_with_hx_disable():
    payload = '<script>alert(1)</script><a hx-get="/beheer/" hx-trigger="load">x</a>'
    event = publish_event(
        title=f"Feest {payload}",
        description=f"Tekst {payload} <img src=x onerror=alert(2)>",
        venue=f"Zaal {payload}",
        maker_names=f"Joop {payload}",
        price=f"gratis {payload}",
    )
    for url in (event.get_absolute_url(), "/agenda/"):
        page = client_for().get(url).content.decode()
        body = page.split("<main", 1)[1]
        assert "<script>alert(1)</script>" not in body
        assert 'hx-get="/beheer/"' not in body and "onerror" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    page = client_for().get(event.get_absolute_url()).content.decode()
    assert '<article class="event-page" hx-disable>' in page


# --- the public agenda --------------------------------------------------------------------------------------


def test_the_agenda_lists_published_upcoming_events_by_day_and_past_ones_keep_their_page():
    submitter = MemberFactory()
    soon = publish_event(submitter, title="Morgen: poëzie", starts_at=when(days=1))
    later = publish_event(submitter, title="Volgende week: dans", starts_at=when(days=7))
    submit_event(submitter, title="Nog niet goedgekeurd")
    refused = submit_event(submitter, title="Afgewezen feest")
    agenda_services.event_refuse(event=refused, by=organiser(), reason="Nee.")
    past = publish_event(submitter, title="Vorige maand: film", starts_at=when(days=20))
    Event.objects.filter(pk=past.pk).update(starts_at=when(days=-30), ends_at=when(days=-30, hour=22))

    page = client_for().get("/agenda/").content.decode()
    assert page.index("Morgen: poëzie") < page.index("Volgende week: dans")
    for absent in ("Nog niet goedgekeurd", "Afgewezen feest", "Vorige maand: film"):
        assert absent not in page
    day = timezone.localtime(soon.starts_at, AMSTERDAM).date().isoformat()
    assert f'<time datetime="{day}">' in page
    assert f'<time datetime="{timezone.localtime(later.starts_at, AMSTERDAM).date().isoformat()}">' in page

    past_page = client_for().get(past.get_absolute_url())
    assert past_page.status_code == 200 and past_page.context["is_past"]
    assert client_for().get(f"/agenda/{refused.pk}/").status_code == 404


def test_filters_in_the_url_and_the_htmx_partial():
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
        title="Theater in IJmuiden",
        municipality=Municipality.objects.get(slug="velsen"),
        kern=Kern.objects.get(slug="ijmuiden"),
        disciplines=[Discipline.objects.get(slug="theater")],
        starts_at=when(days=10),
    )
    client = client_for()

    def titles(query: str, **headers) -> set[str]:
        body = client.get(f"/agenda/?{query}", headers=headers).content.decode()
        return {title for title in ("Dans in Heemskerk", "Theater in IJmuiden") if title in body}

    assert titles("") == {"Dans in Heemskerk", "Theater in IJmuiden"}
    assert titles("gemeente=heemskerk") == {"Dans in Heemskerk"}
    assert titles("gemeente=heemskerk&gemeente=velsen") == {"Dans in Heemskerk", "Theater in IJmuiden"}
    assert titles("discipline=theater") == {"Theater in IJmuiden"}
    assert titles("gratis=on") == {"Dans in Heemskerk"}
    van = (timezone.localdate() + timedelta(days=5)).isoformat()
    tot = (timezone.localdate() + timedelta(days=4)).isoformat()
    assert titles(f"van={van}") == {"Theater in IJmuiden"}
    assert titles(f"tot={tot}") == {"Dans in Heemskerk"}

    partial = client.get("/agenda/?discipline=dans", headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body and "Dans in Heemskerk" in body and "Theater in IJmuiden" not in body
    assert "HX-Request" in partial["Vary"]
    # The feed link follows the filters.
    assert "/agenda.ics?discipline=dans" in body


def test_an_unreadable_filter_says_so_and_shows_the_whole_agenda():
    publish_event(title="Iets leuks")
    response = client_for().get("/agenda/?van=gisteren&tot=2020-01-01")
    body = response.content.decode()
    assert response.status_code == 200 and "form-errors" in body and "Iets leuks" in body
    swapped = client_for().get("/agenda/?van=2030-02-02&tot=2030-01-01")
    assert swapped.context["form"].errors


def test_more_events_than_a_page_go_on_a_next_page(monkeypatch):
    monkeypatch.setattr(agenda_selectors, "PAGE_SIZE", 2)
    submitter = MemberFactory()
    for day in (1, 2, 3):
        publish_event(submitter, title=f"Avond {day}", starts_at=when(days=day))
    first = client_for().get("/agenda/").content.decode()
    assert "Avond 1" in first and "Avond 3" not in first and "pagina=2" in first
    second = client_for().get("/agenda/?pagina=2").content.decode()
    assert "Avond 3" in second and "Avond 1" not in second


def _agenda_with(count: int) -> None:
    submitter, boss = MemberFactory(), organiser()
    makers = [member_with(public=bool(n % 2), name=f"Maker {n}") for n in range(2)]
    for n in range(count):
        publish_event(
            submitter,
            boss,
            title=f"Voorstelling {n}",
            starts_at=when(days=1 + n % 5),
            makers=makers,
            disciplines=list(Discipline.objects.all()[:2]),
            kern=Kern.objects.get(slug="wijk-aan-zee"),
            maker_names="Joop",
        )


def test_the_agenda_takes_the_same_number_of_queries_for_3_or_15_events(django_assert_num_queries):
    _agenda_with(3)
    client = client_for()
    client.get("/agenda/")  # warm caches (content types, translations)
    with CaptureQueriesContext(connection) as three:
        assert "Voorstelling 2" in client.get("/agenda/").content.decode()
    Event.objects.all().delete()
    _agenda_with(15)
    with django_assert_num_queries(len(three.captured_queries)):
        assert "Voorstelling 14" in client.get("/agenda/").content.decode()


# --- what anonymous visitors see ------------------------------------------------------------------------------


def test_an_anonymous_visitor_sees_no_member_whose_profile_is_not_public():
    hidden = member_with(public=False, name="Verborgen Vera")
    shown = member_with(public=True, name="Zichtbare Zoë")
    june = Campaign.objects.create(slug="juni", name="Juni")
    event = publish_event(
        makers=[hidden, shown], maker_names="Gast Gerrit", campaigns=[], title="Samen op het plein"
    )
    agenda_services.event_approve(event=event, by=organiser(), campaigns=[june])

    for url in ("/agenda/", event.get_absolute_url(), "/agenda/campagnes/juni/"):
        page = client_for().get(url).content.decode()
        assert "Samen op het plein" in page, url
        assert "Verborgen Vera" not in page, url
        assert "Zichtbare Zoë" in page and shown.profile.get_absolute_url() in page, url
        assert "Gast Gerrit" in page, url

        member_page = client_for(MemberFactory()).get(url).content.decode()
        assert "Verborgen Vera" in member_page and hidden.profile.get_absolute_url() in member_page, url

    assert [m.name for m in agenda_selectors.event_makers(event, AnonymousUser())] == [
        "Zichtbare Zoë",
        "Gast Gerrit",
    ]


def test_a_pending_or_refused_event_is_nowhere_for_anonymous_visitors():
    june = Campaign.objects.create(slug="juni", name="Juni")
    boss = organiser()
    pending = agenda_services.event_submit(by=boss, campaigns=[june], **event_fields(title="Nog geheim"))
    refused = agenda_services.event_submit(by=boss, campaigns=[june], **event_fields(title="Afgewezen"))
    agenda_services.event_refuse(event=refused, by=boss, reason="Nee.")
    for url in ("/agenda/", "/agenda/campagnes/juni/", "/agenda.ics", "/agenda/campagnes/juni/agenda.ics"):
        body = client_for().get(url).content.decode()
        assert "Nog geheim" not in body and "Afgewezen" not in body, url
    for event in (pending, refused):
        for suffix in ("", "agenda.ics", "afbeelding/"):
            assert client_for().get(f"/agenda/{event.pk}/{suffix}").status_code == 404


# --- campaigns ------------------------------------------------------------------------------------------------


def test_a_campaign_page_has_its_text_events_makers_and_feed():
    boss = organiser()
    june = Campaign.objects.create(slug="juni-zichtbaar", name="Juni: zichtbaar", text="Een maand **lang**.")
    agenda_services.campaign_render(june)
    june.save()
    maker = member_with(public=True, name="Mila Muziek")
    event = submit_event(makers=[maker], maker_names="Het Koor", title="Koor op de markt")
    agenda_services.event_approve(event=event, by=boss, campaigns=[june])
    publish_event(title="Niet in de campagne")

    response = client_for().get(june.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "<strong>lang</strong>" in page and "Koor op de markt" in page and "Niet in de campagne" not in page
    )
    assert "Mila Muziek" in page and "Het Koor" in page
    assert "/agenda/campagnes/juni-zichtbaar/agenda.ics" in page
    assert client_for().get("/agenda/campagnes/bestaat-niet/").status_code == 404


def test_the_admin_renders_a_campaigns_text():
    boss = organiser()
    client = client_for(boss)
    response = client.post(
        "/beheer/agenda/campaign/add/",
        {
            "name": "Juni",
            "slug": "juni",
            "text": "Zie *ons*.<script>x</script>",
            "starts_on": "",
            "ends_on": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(slug="juni")
    assert "<em>ons</em>" in campaign.text_html and "<script>" not in campaign.text_html
    assert client_for(MemberFactory()).get("/beheer/agenda/campaign/").status_code == 302


# --- structured data and link previews --------------------------------------------------------------------------


def json_ld_of(page: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    return json.loads(block)


def test_an_event_page_carries_schema_org_event_data_and_open_graph_tags(settings):
    settings.CMIJ_BASE_URL = "https://cmij.example.nl"
    hidden = member_with(public=False, name="Verborgen Vera")
    shown = member_with(public=True, name="Zichtbare Zoë")
    event = publish_event(
        makers=[hidden, shown],
        maker_names="Gast Gerrit",
        kern=Kern.objects.get(slug="wijk-aan-zee"),
        image=image_upload(),
    )
    page = client_for(MemberFactory()).get(event.get_absolute_url()).content.decode()
    data = json_ld_of(page)
    assert data["@type"] == "Event" and data["name"] == event.title
    assert data["startDate"] == timezone.localtime(event.starts_at, AMSTERDAM).isoformat()
    assert data["startDate"].endswith(("+01:00", "+02:00"))
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["name"] == "De Vishal"
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Grote Markt 20",
        "addressLocality": "Wijk aan Zee",
        "addressCountry": "NL",
    }
    assert data["url"] == f"https://cmij.example.nl/agenda/{event.pk}/"
    assert data["image"] == [f"https://cmij.example.nl/agenda/{event.pk}/afbeelding/"]
    assert data["description"] == "Een avond muziek aan zee."
    assert data["offers"]["price"] == "12.50" and data["isAccessibleForFree"] is False
    # Only what an anonymous visitor may see, even on a member's page.
    assert [p["name"] for p in data["performer"]] == ["Zichtbare Zoë", "Gast Gerrit"]
    assert "Verborgen Vera" not in json.dumps(data)

    assert f'<meta property="og:title" content="{event.title}">' in page
    assert f'<meta property="og:url" content="https://cmij.example.nl/agenda/{event.pk}/">' in page
    assert (
        f'<meta property="og:image" content="https://cmij.example.nl/agenda/{event.pk}/afbeelding/">' in page
    )
    assert '<meta property="og:type" content="website">' in page
    assert 'property="og:description"' in page

    agenda_services.event_cancel(event=event, by=event.submitted_by)
    cancelled = json_ld_of(client_for().get(event.get_absolute_url()).content.decode())
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


def test_a_closing_script_tag_in_a_title_stays_inside_its_json_string():
    title = "</script><script>alert(1)</script>"
    event = publish_event(title=title, free=True, price="", description="Een & ander <b>")
    page = client_for().get(event.get_absolute_url()).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    assert "<" not in block and ">" not in block and "&" not in block.replace("\\u0026", "")
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E" in block
    data = json.loads(block)
    assert data["name"] == title
    assert data["isAccessibleForFree"] is True and data["offers"]["price"] == "0"
    # Exactly the block of data: the title never opened a script of its own.
    assert page.count("<script>alert(1)</script>") == 0
    assert unescape(re.search(r'property="og:title" content="([^"]*)"', page).group(1)) == title


def test_a_pending_event_page_has_no_structured_data_and_is_not_indexed():
    submitter = MemberFactory()
    event = submit_event(submitter)
    page = client_for(submitter).get(event.get_absolute_url()).content.decode()
    assert "application/ld+json" not in page and 'name="robots" content="noindex"' in page
    assert "og:title" not in page
