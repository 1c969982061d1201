"""Where a phone says what went wrong (issue #24): a failed send in the form it came from, with the
text kept and a retry that stores it once; the connection banner at the top of the viewport, however
far down the page the person is."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from boards.identity import Participant
from boards.models import Idea
from tests.helpers.factories import idea_on
from tests.helpers.factories import meeting as new_meeting

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
POST = re.compile(r".*/borden/\d+/ideeen/$")
NOT_SENT = "Niet verstuurd: er is geen verbinding met de server."


@pytest.fixture
def room(transactional_db, live_url):
    """A meeting, served at 127.0.0.1 (route.fetch resolves names outside the browser)."""
    meeting = new_meeting()
    return meeting, meeting.boards.get(), live_url


def phone_in(browser, base_url, meeting, context=None):
    context = context or browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/meedoen/?code={meeting.join_code}")
    page.get_by_label("Je naam").fill("Gast met een telefoon")
    page.get_by_role("button", name="Meedoen").click()
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    return page


def inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def test_a_failed_send_is_said_in_its_form_with_the_text_kept(browser, room):
    meeting, board, base_url = room
    phone = phone_in(browser, base_url, meeting)
    phone.route(POST, lambda route: route.abort())  # the request never reaches the server
    field = phone.get_by_label("Jouw idee", exact=True)
    field.fill("Een idee dat niet aankomt")
    phone.get_by_role("button", name="Idee toevoegen").click()

    form = phone.locator(f"#board-{board.pk}-form")
    said = form.locator("[data-request-error]")
    expect(said).to_have_text(re.compile(NOT_SENT))
    expect(said).to_have_attribute("role", "alert")
    assert inside(said.bounding_box(), form.bounding_box())
    expect(field).to_have_value("Een idee dat niet aankomt")  # what was typed is kept
    expect(form.get_by_role("button", name="Probeer opnieuw")).to_be_visible()
    expect(phone.locator("#live-error")).to_be_empty()  # not (only) somewhere else on the page
    assert not Idea.objects.filter(board=board).exists()


def test_a_send_whose_answer_was_lost_is_retried_and_stored_once(browser, room):
    meeting, board, base_url = room
    phone = phone_in(browser, base_url, meeting)
    lost = []

    def lose_the_answer_once(route):
        if lost:
            route.continue_()
            return
        route.fetch()  # the server gets it and stores the idea ...
        lost.append(True)
        route.abort()  # ... but its answer never reaches the phone

    phone.route(POST, lose_the_answer_once)
    field = phone.get_by_label("Jouw idee", exact=True)
    field.fill("Een idee waarvan het antwoord verdwaalde")
    phone.get_by_role("button", name="Idee toevoegen").click()
    form = phone.locator(f"#board-{board.pk}-form")
    expect(form.locator("[data-request-error]")).to_have_text(re.compile(NOT_SENT))
    expect(field).to_have_value("Een idee waarvan het antwoord verdwaalde")
    assert Idea.objects.filter(board=board).count() == 1  # stored, though the phone does not know

    form.get_by_role("button", name="Probeer opnieuw").click()
    expect(phone.get_by_text("Je idee is toegevoegd.")).to_be_visible()
    expect(field).to_have_value("")
    expect(form.locator("[data-request-error]")).to_be_empty()
    expect(phone.locator("article.idea", has_text="Een idee waarvan het antwoord verdwaalde")).to_have_count(
        1
    )
    assert Idea.objects.filter(board=board, text="Een idee waarvan het antwoord verdwaalde").count() == 1


def test_the_banner_is_at_the_top_of_the_viewport_on_a_long_page_scrolled_down(browser, room):
    meeting, board, base_url = room
    author = Participant(user=meeting.created_by)
    for n in range(40):
        idea_on(board, author, f"Een idee om de pagina lang te maken, nummer {n}")
    context = browser.new_context(**PHONE)
    state = {"refuse": False, "open": []}

    def route(ws):
        if state["refuse"]:
            ws.close(code=1006)
            return
        ws.connect_to_server()
        state["open"].append(ws)

    context.route_web_socket(re.compile(r".*/ws/boards/.*"), route)
    phone = phone_in(browser, base_url, meeting, context)
    banner = phone.locator("#live .live-banner__text")
    expect(banner).to_be_hidden()
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert phone.evaluate("window.scrollY") > 2 * PHONE["viewport"]["height"]  # a long page, far down

    state["refuse"] = True
    for ws in state["open"]:
        ws.close(code=1001)
    expect(phone.locator("#live")).to_have_attribute("data-live-state", "closed")
    expect(banner).to_be_visible()
    expect(banner).to_have_text("Live-updates gepauzeerd; opnieuw verbinden…", use_inner_text=True)
    box = banner.bounding_box()
    assert (
        abs(box["y"]) <= 0.5 and box["height"] > 0 and box["y"] + box["height"] <= PHONE["viewport"]["height"]
    )
    assert box["x"] <= 0.5 and box["width"] >= PHONE["viewport"]["width"] - 1

    state["refuse"] = False
    expect(phone.locator("#live")).to_have_attribute("data-live-state", "open", timeout=15_000)
    expect(banner).to_be_hidden()  # gone when live again


def test_offline_is_said_in_the_banner_and_the_phone_catches_up_when_back_online(browser, room):
    meeting, board, base_url = room
    context = browser.new_context(**PHONE)
    phone = phone_in(browser, base_url, meeting, context)
    banner = phone.locator("#live .live-banner__text")
    context.set_offline(True)
    expect(phone.locator("#live")).to_have_attribute("data-live-state", "offline")
    expect(banner).to_have_text(
        "Geen verbinding: deze pagina werkt zich vanzelf bij zodra je weer online bent.", use_inner_text=True
    )
    idea_on(board, Participant(user=meeting.created_by), "Gepost terwijl de telefoon offline was")
    context.set_offline(False)
    expect(phone.locator("#live")).to_have_attribute("data-live-state", "open", timeout=15_000)
    expect(banner).to_be_hidden()
    # Back online, the page asks what it missed (a resume), whether or not its socket survived.
    expect(phone.locator("article.idea", has_text="Gepost terwijl de telefoon offline was")).to_have_count(1)
