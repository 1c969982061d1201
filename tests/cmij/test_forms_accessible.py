"""Form errors are tied to their field, announced, and keep what was typed (issue #16).

Bad input is posted to forms across the app through the test client; in the answer each field in
error has aria-invalid="true" and aria-describedby naming an element that holds the error text, the
form starts with an error summary (role="alert") linking to the field, and the typed value is still
in the field.
"""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Board
from callouts.models import Callout
from teams.services import team_create
from tests.helpers import factories
from tests.helpers.clients import HTMX, client_for
from tests.helpers.factories import idea_on

VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "area", "base", "wbr", "embed"}


class Page(HTMLParser):
    """The bits of a page these tests read: elements by id (with their text), fields by name."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.by_id: dict[str, dict] = {}
        self.fields: dict[str, list[dict]] = {}
        self.alerts: list[dict] = []
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "links": []}
        for parent in self._open:
            if tag == "a" and element["attrs"].get("href"):
                parent["links"].append(element["attrs"]["href"])
        if "id" in element["attrs"]:
            self.by_id[element["attrs"]["id"]] = element
        if tag in {"input", "textarea", "select"} and "name" in element["attrs"]:
            self.fields.setdefault(element["attrs"]["name"], []).append(element)
        if element["attrs"].get("role") == "alert":
            self.alerts.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data


def assert_accessible_error(html: str, name: str, error_text: str) -> dict:
    """The field `name` is marked invalid, described by an element holding `error_text`, and the
    page's error summary links to it. Returns the field's element."""
    page = Page(html)
    assert name in page.fields, f"no field named {name}"
    field = next(f for f in page.fields[name] if f["attrs"].get("aria-invalid") == "true")
    described = field["attrs"].get("aria-describedby", "").split()
    assert described, f"{name} has no aria-describedby"
    missing = [ref for ref in described if ref not in page.by_id]
    assert not missing, f"{name} is described by ids not on the page: {missing}"
    texts = " ".join(page.by_id[ref]["text"] for ref in described)
    assert error_text in texts, f"{error_text!r} not in what describes {name}: {texts!r}"
    summary = [alert for alert in page.alerts if error_text in alert["text"]]
    assert summary, "no role=alert element announces the error"
    dangling = [
        (other["attrs"].get("name"), ref)
        for fields in page.fields.values()
        for other in fields
        for ref in other["attrs"].get("aria-describedby", "").split()
        if ref not in page.by_id
    ]
    assert not dangling, f"fields described by ids not on the page: {dangling}"
    field_id = field["attrs"].get("id")
    if not any(f"#{field_id}" in alert["links"] for alert in summary):
        # A field whose errors are shown beside it in an alert of its own (the idea form).
        assert any(alert["attrs"].get("id") in described for alert in summary), "the summary links nowhere"
    return field


def value_of(html: str, name: str) -> str:
    element = Page(html).fields[name][0]
    if element["tag"] == "textarea":
        return element["text"]
    return element["attrs"].get("value", "")


@pytest.fixture
def organiser(db):
    return factories.organiser()


@pytest.fixture
def meeting(organiser):
    return factories.meeting(by=organiser)


def test_join_ties_a_wrong_code_to_the_code_field_and_keeps_the_name(meeting):
    response = client_for(language="en").post(
        reverse("boards:join"), {"code": "NIETDECODE", "display_name": "Gast Noor"}
    )
    html = response.content.decode()
    field = assert_accessible_error(html, "code", "This join code is not valid")
    assert field["attrs"]["value"] == "NIETDECODE"
    assert value_of(html, "display_name") == "Gast Noor"
    # The help text is one of the name field's descriptions.
    name = Page(html).fields["display_name"][0]
    assert "id_display_name_helptext" in name["attrs"]["aria-describedby"].split()


def test_a_callout_without_a_title_keeps_the_typed_body(member):
    response = client_for(member, language="en").post(
        reverse("callouts:create"),
        {"kind": Callout.Kind.COLLABORATION, "title": "", "body": "Wij zoeken een gitarist voor juni."},
    )
    html = response.content.decode()
    assert_accessible_error(html, "title", "This field is required.")
    assert value_of(html, "body").strip() == "Wij zoeken een gitarist voor juni."


def test_a_meeting_that_ends_before_it_starts_keeps_what_was_typed(organiser):
    starts = timezone.localtime() + timedelta(days=3)
    response = client_for(organiser, language="en").post(
        reverse("boards:meeting_create"),
        {
            "title": "Bijeenkomst over podia",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Bibliotheek IJmuiden",
        },
    )
    html = response.content.decode()
    assert_accessible_error(html, "ends_at", "The session must end after it starts.")
    assert value_of(html, "title") == "Bijeenkomst over podia"
    assert value_of(html, "place") == "Bibliotheek IJmuiden"


def test_allauth_signup_ties_errors_to_fields_and_keeps_the_email(db):
    response = client_for(language="en").post(
        reverse("account_signup"),
        {"email": "sanne@example.nl", "display_name": "", "password1": "kort", "password2": "anders"},
    )
    html = response.content.decode()
    assert_accessible_error(html, "display_name", "This field is required.")
    assert value_of(html, "email") == "sanne@example.nl"


def test_a_profile_with_a_bad_website_keeps_the_typed_bio(member):
    response = client_for(member, language="en").post(
        reverse("profiles:edit"),
        {"display_name": "Sanne de Vries", "bio": "Ik maak decors.", "website": "geen adres met spaties"},
    )
    html = response.content.decode()
    assert_accessible_error(html, "website", "Enter a valid URL.")
    assert value_of(html, "bio").strip() == "Ik maak decors."
    assert value_of(html, "website") == "geen adres met spaties"


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "without-javascript"])
def test_an_idea_that_is_too_long_stays_in_its_field(meeting, headers):
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    client = client_for(language="en")
    client.post(reverse("boards:join"), {"code": meeting.join_code, "display_name": "Gast Anna"})
    text = "x" * (board.idea_max_length + 5)
    response = client.post(
        reverse("boards:idea_create", args=[board.pk]),
        {"text": text, "prompt": board.prompts.first().pk, "client_msg_id": "ab" * 16},
        **headers,
    )
    html = response.content.decode()
    assert_accessible_error(html, "text", str(board.idea_max_length))
    assert value_of(html, "text") == text


def test_an_htmx_task_without_a_title_is_marked_and_keeps_its_date(meeting, organiser):
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    coordinator = factories.MemberFactory()
    team = team_create(
        idea=idea_on(board, coordinator),
        by=organiser,
        name="Open podium",
        goal="Elke maand een avond voor nieuwe makers.",
        coordinator=coordinator,
    )
    response = client_for(coordinator, language="en").post(
        reverse("teams:task_create", args=[team.pk]), {"task-title": "", "task-due_on": "2030-05-01"}, **HTMX
    )
    html = response.content.decode()
    assert_accessible_error(html, "task-title", "Say what needs doing.")
    assert value_of(html, "task-due_on") == "2030-05-01"
