"""A summary in a real browser: the facilitator drafts it from the closed boards, edits and publishes
it, naming a member with the editor's picker; then a visitor who is not logged in finds it in the
archive by a word from one of the ideas."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from archive.models import Summary
from boards import services
from boards.identity import Participant
from boards.models import Board
from tests.e2e.conftest import console_problems, login_context
from tests.helpers import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_facilitator_publishes_a_summary_and_a_visitor_finds_it(browser, live_url):
    organiser = factories.organiser()
    facilitator = factories.MemberFactory(display_name="Fleur Facilitator")
    meeting = factories.meeting(by=organiser, title="Kunst aan het water", facilitators=[facilitator])
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    services.idea_create(
        board=board,
        participant=Participant(user=factories.MemberFactory()),
        prompt=board.prompts.first(),
        text="Een drijvend podium op het Noordzeekanaal",
        client_msg_id=services.client_msg_id_new(),
    )
    services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.CLOSED)
    named = factories.directory_profile("Mila Maker", public=True).user

    page = login_context(browser, live_url, facilitator).new_page()
    problems = console_problems(page)
    page.goto(f"{live_url}/verslagen/{meeting.slug}/bewerken/")
    page.locator(f"form[action='/bijeenkomsten/{meeting.slug}/verslag/'] button").click()
    expect(page).to_have_url(f"{live_url}/verslagen/{meeting.slug}/bewerken/")
    editor = page.locator("#id_text")
    assert "Een drijvend podium op het Noordzeekanaal" in editor.input_value()
    editor.fill(
        "Met dank aan  voor de zaal.\n"
        + editor.input_value()
        + "\nWe spreken af in **maart** verder te praten.\n"
    )
    # Naming a member: the one picked goes in by reference where the cursor is, not at the end.
    editor.evaluate("field => field.setSelectionRange(13, 13)")
    page.locator("[data-reference-for='id_text']").select_option(f"[[lid:{named.pk}]]")
    page.locator("[data-reference-insert]").click()
    assert editor.input_value().startswith(f"Met dank aan [[lid:{named.pk}]] voor de zaal.\n")
    page.locator("#id_new_topics").fill("Water")
    page.locator("form.summary-form button[type=submit]:not([name])").click()
    expect(page.locator(".message--success")).to_be_visible()
    page.locator(f"form[action='/verslagen/{meeting.slug}/publiceren/'] button").click()
    expect(page).to_have_url(f"{live_url}/verslagen/{meeting.slug}/")
    expect(page.locator(".summary__text strong", has_text="maart")).to_be_visible()
    expect(page.locator(".summary__text")).to_contain_text("Met dank aan Mila Maker voor de zaal.")
    expect(page.locator(".tags a", has_text="Water")).to_be_visible()
    assert Summary.objects.get().is_published

    visitor = browser.new_context().new_page()
    visitor_problems = console_problems(visitor)
    visitor.goto(f"{live_url}/archief/")
    visitor.locator("#id_q").fill("drijvend")
    expect(visitor).to_have_url(f"{live_url}/archief/?q=drijvend")
    result = visitor.locator("#archive-results .card__title a", has_text="Kunst aan het water")
    expect(result).to_have_count(1)
    result.click()
    expect(visitor.locator("h1")).to_have_text("Kunst aan het water")
    expect(visitor.get_by_text("Een drijvend podium op het Noordzeekanaal")).to_be_visible()
    assert problems == [] and visitor_problems == []
