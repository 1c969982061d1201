"""One place for each kind of text (#27): a name, title or place is one line wherever it enters (the
form, a crafted POST, a service), text the database cannot store is refused with the field's error,
and a calendar file holds exactly the events it should whatever line break a text carries."""

from __future__ import annotations

import importlib
from datetime import timedelta

import icalendar
import pytest
import vobject
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agenda.models import Event
from boards import services as board_services
from boards.models import Guest, Meeting
from cmij.fields import SingleLineField
from cmij.text import single_line
from profiles import services as profile_services
from profiles.models import Profile
from tests.helpers.clients import client_for
from tests.helpers.factories import (
    MemberFactory,
    idea_on,
    meeting,
    organiser,
    post,
    publish_event,
    submit_event,
    team_of,
)
from tests.helpers.texts import SEPARATORS
from tests.profiles.test_profile_edit import profile_form_data

pytestmark = pytest.mark.django_db

BIDI_CONTROLS = [
    *(chr(code) for code in range(0x202A, 0x202F)),
    *(chr(code) for code in range(0x2066, 0x206A)),
]
OURS = ["cmij", "notifications", "profiles", "boards", "archive", "teams", "callouts", "agenda", "realtime"]

#: Every name, title and place of our models: stored as one line.
SINGLE_LINE = {
    "agenda.Campaign": {"name", "image_alt"},
    "agenda.Source": {"name"},
    "agenda.Event": {"title", "venue", "address", "price", "image_alt", "maker_names"},
    "archive.Topic": {"name"},
    "archive.TopicProposal": {"reason"},
    "archive.NameReview": {"name", "team_name"},
    "boards.Meeting": {"title", "place", "theme", "image_alt"},
    "boards.Board": {"title", "theme"},
    "boards.Prompt": {"title"},
    "boards.Guest": {"display_name"},
    "boards.Idea": {"author_name"},
    "callouts.Callout": {"title", "place"},
    "notifications.Notification": {"subject"},
    "profiles.Discipline": {"name_nl", "name_en"},
    "profiles.Municipality": {"name"},
    "profiles.Kern": {"name"},
    "profiles.Profile": {"display_name"},
    "teams.ActionTeam": {"name"},
    "teams.TeamRequest": {"name"},
    "teams.TeamTask": {"title"},
}


def two_lines(separator: str) -> str:
    return f"Sanne{separator}de Vries"


def single_line_fields():
    for model in apps.get_models():
        if model._meta.app_label in OURS:
            for field in model._meta.get_fields():
                if isinstance(field, SingleLineField):
                    yield model, field


def test_every_name_title_and_place_is_a_single_line_field():
    found: dict[str, set[str]] = {}
    for model, field in single_line_fields():
        found.setdefault(model._meta.label, set()).add(field.name)
    assert found == SINGLE_LINE


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_every_single_line_field_and_its_form_field_make_one_line(separator):
    for model, field in single_line_fields():
        where = f"{model._meta.label}.{field.name}"
        assert field.clean(two_lines(separator), model()) == "Sanne de Vries", where
        assert field.formfield().clean(two_lines(separator)) == "Sanne de Vries", where
        instance = model(**{field.attname: f"{two_lines(separator)}{separator}"})
        assert field.pre_save(instance, add=True) == "Sanne de Vries", where
        assert getattr(instance, field.attname) == "Sanne de Vries", where  # shown as stored


@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=[f"U+{ord(c):04X}" for c in BIDI_CONTROLS])
def test_bidi_overrides_and_isolates_leave_names_and_titles(control):
    posing = f"{control}seirV ed ennaS"
    assert single_line(posing) == "seirV ed ennaS"
    for model, field in single_line_fields():
        assert field.clean(f"Sanne{control} de Vries", model()) == "Sanne de Vries"


def test_multi_line_text_keeps_its_lines(member):
    profile = profile_services.profile_update(profile=member.profile, bio="Eerste regel\r\nTweede regel")
    assert profile.bio.splitlines() == ["Eerste regel", "Tweede regel"]


# --- through the form (the browser's and a crafted POST) and through the services ------------------


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_a_crafted_profile_post_stores_the_name_on_one_line(member, separator):
    response = client_for(member).post(
        "/makers/profiel/", profile_form_data(display_name=f"{two_lines(separator)}\u202e")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Profile.objects.get(user=member).display_name == "Sanne de Vries"


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_a_guest_joining_with_a_two_line_name_gets_one_line(client, meeting, separator):
    response = client.post(
        reverse("boards:join"), {"code": meeting.join_code, "display_name": two_lines(separator)}
    )
    assert response.status_code == 302
    assert Guest.objects.get(meeting=meeting).display_name == "Sanne de Vries"


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_the_services_store_names_titles_and_places_on_one_line(separator, facilitator):
    text = two_lines(separator)
    member = MemberFactory(display_name=text)
    assert Profile.objects.get(user=member).display_name == "Sanne de Vries"
    session = meeting(title=text, place=text, theme=text)
    session.refresh_from_db()
    assert (session.title, session.place, session.theme) == ("Sanne de Vries",) * 3
    guest = board_services.guest_join(meeting=session, code=session.join_code, display_name=text)
    assert Guest.objects.get(pk=guest.pk).display_name == "Sanne de Vries"
    callout = post(member, title=text, place=text)
    callout.refresh_from_db()
    assert (callout.title, callout.place) == ("Sanne de Vries",) * 2
    event = submit_event(by=member, title=text, venue=text, address=text, price=text)
    event.refresh_from_db()
    assert (event.title, event.venue, event.address, event.price) == ("Sanne de Vries",) * 4
    boss = organiser()
    team = team_of(idea_on(session.boards.get(), member), by=boss, name=text)
    team.refresh_from_db()
    assert team.name == "Sanne de Vries"


# --- text the database cannot store -------------------------------------------------------------------


def _form_classes():
    for app in OURS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


@pytest.mark.parametrize("unstorable", ["Sanne\ud800", "Sanne\x00de Vries"], ids=["lone surrogate", "NUL"])
def test_every_text_field_of_every_form_refuses_what_cannot_be_stored(unstorable):
    checked = []
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField):
                continue
            with pytest.raises(ValidationError):
                field.clean(unstorable)
            checked.append(f"{form_class.__name__}.{name}")
    assert "IdeaForm.text" in checked and "ProfileForm.display_name" in checked and len(checked) > 30


def test_an_unstorable_profile_post_is_a_field_error_and_stores_nothing(member):
    before = Profile.objects.get(user=member).bio
    response = client_for(member).post("/makers/profiel/", profile_form_data(bio="Regel\x00"))
    assert response.status_code == 400
    assert "bio" in response.context["form"].errors
    assert Profile.objects.get(user=member).bio == before


def test_broken_utf8_in_a_post_arrives_as_replacement_characters_never_as_a_lone_surrogate(member):
    """A browser cannot send a lone surrogate: its UTF-8 (ED A0 80) is decoded with replacement."""
    body = "&".join(f"{key}={value}" for key, value in profile_form_data().items() if key != "disciplines")
    body = body.replace("display_name=Sanne de Vries", "display_name=Sanne%ED%A0%80")
    response = client_for(member).post(
        "/makers/profiel/", body.encode(), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (302, 400)
    assert "\ud800" not in Profile.objects.get(user=member).display_name


# --- calendar files: no line break starts a property or an event ------------------------------------

INJECTION = "Regel{sep}ATTENDEE:mailto:nep@example.nl{sep}END:VEVENT{sep}BEGIN:VEVENT{sep}SUMMARY:Nep"


def _events_in(body: bytes) -> tuple[list, list]:
    """The VEVENTs of a calendar file as icalendar reads it, and as vobject (a second parser) does."""
    strict = icalendar.Calendar.from_ical(body)
    lenient = vobject.readOne(body.decode())
    return strict.walk("VEVENT"), list(lenient.contents.get("vevent", []))


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_the_sessions_calendar_holds_exactly_its_sessions_whatever_a_text_holds(client, separator):
    boss = organiser()
    starts_at = timezone.now() + timedelta(days=5)
    session = meeting(by=boss, title="Netwerkavond", starts_at=starts_at)
    text = INJECTION.format(sep=separator)
    # A title and place stored before the fields were one-line (or written around the model) still
    # cannot escape: the calendar's own function does the same for every text.
    Meeting.objects.filter(pk=session.pk).update(description=text)
    Meeting.objects.filter(pk=session.pk).update(title=text, place=text)
    assert "\n" not in Meeting.objects.get(pk=session.pk).title  # one line through .update() too
    meeting(by=boss, title="Tweede avond", starts_at=starts_at + timedelta(days=1))
    body = client.get("/agenda/bijeenkomsten.ics").content
    strict, lenient = _events_in(body)
    assert len(strict) == len(lenient) == 2
    for event in strict:
        assert "ATTENDEE" not in event
    for event in lenient:
        assert "attendee" not in event.contents
    description = str(strict[0]["DESCRIPTION"])
    assert description.startswith("Regel\nATTENDEE:mailto:nep@example.nl\nEND:VEVENT")
    assert str(strict[0]["SUMMARY"]).startswith("Regel ATTENDEE")
    assert b"\rATTENDEE" not in body and b"\nATTENDEE" not in body


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_the_agenda_calendar_holds_exactly_its_events_whatever_a_text_holds(client, separator):
    event = publish_event(title="Concert")
    # As an import or an older row could hold it: the service would have made CR a line feed.
    Event.objects.filter(pk=event.pk).update(description=INJECTION.format(sep=separator))
    publish_event(title="Tweede concert")
    body = client.get("/agenda.ics").content
    strict, lenient = _events_in(body)
    assert len(strict) == len(lenient) == 2
    assert all("ATTENDEE" not in component for component in strict)
    assert all("attendee" not in component.contents for component in lenient)
    assert str(strict[0]["DESCRIPTION"]).startswith("Regel\nATTENDEE:mailto:nep@example.nl\nEND:VEVENT")
