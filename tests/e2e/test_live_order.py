"""Live equals reload in Chromium, with the real htmx and cmij.js (#24): after a facilitator approves (or
rejects), pins, moves and merges, switches to voting, a participant votes and the facilitator unpins,
every open page (a participant's, the projector's, the facilitator's) shows the same cards in the same
order as a reload of it, read by the same extraction (tests/helpers/glue.py CARDS_JS); a pinned idea
moves to the top live, and while collecting a new idea arrives on top, highlighted; keyboard focus stays
on a card that moves. tests/boards/test_live_equals_reload.py holds the same comparison for every service
and page, in-process."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from boards import services
from boards.identity import Participant
from boards.models import Board, Idea, Prompt
from tests.e2e.conftest import console_problems, login_context
from tests.helpers import factories
from tests.helpers.glue import CARDS_JS, parse
from tests.helpers.glue import cards as served_cards
from tests.helpers.pages import live_round_trip

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOWN = ".idea:not(.idea--gone):not([hidden])"  # a column's cards shown (not the stub of one removed)


@pytest.fixture
def room(transactional_db):
    organiser = factories.organiser()
    facilitator = factories.MemberFactory()
    author = factories.MemberFactory(display_name="Anna Auteur")
    other = factories.MemberFactory(display_name="Bram Ander")
    meeting = factories.meeting(by=organiser, facilitators=[facilitator])
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    first, second = Prompt.objects.filter(board=board)[:2]
    ideas = {
        "oldest": factories.idea_on(board, other, "Het oudste idee"),
        "middle": factories.idea_on(board, other, "Een idee in het midden"),
        "newest": factories.idea_on(board, other, "Het nieuwste idee"),
        "question": factories.idea_on(board, other, "Een vraag aan de zaal", prompt=second),
    }
    # One idea waits for approval; the board takes ideas without approval again afterwards.
    services.board_update_settings(board=board, by=facilitator, moderated=True)
    ideas["waiting"] = factories.idea_on(board, Participant(user=author), "Wacht op goedkeuring")
    ideas["refused"] = factories.idea_on(board, Participant(user=author), "Wordt afgewezen")
    services.board_update_settings(board=board, by=facilitator, moderated=False)
    return board, facilitator, author, ideas, (first, second)


def cards(page) -> list:
    return page.evaluate(CARDS_JS)


def first_card(page, prompt) -> str:
    return page.locator(f"#prompt-{prompt.pk}-ideas > {SHOWN}").first.get_attribute("id")


def test_live_pages_keep_the_order_of_a_reload_through_a_meeting(browser, live_url, room):
    board, facilitator, author, ideas, (first, second) = room
    board_url = f"{live_url}/borden/{board.pk}/"
    contexts = {
        "participant": login_context(browser, live_url, author),
        "projector": browser.new_context(viewport={"width": 1280, "height": 720}),
        "facilitator": login_context(browser, live_url, facilitator),
    }
    urls = {
        "participant": board_url,
        "projector": f"{board_url}projector/?t={board.projector_token}",
        "facilitator": board_url,
    }
    pages, problems = {}, []
    for name, context in contexts.items():
        page = context.new_page()
        page.set_default_timeout(10_000)
        problems += console_problems(page)
        page.goto(urls[name])
        expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
        pages[name] = page
    participant, projector, moderator = pages["participant"], pages["projector"], pages["facilitator"]

    def same_as_reload(step: str) -> None:
        for name, page in pages.items():
            live_round_trip(page)  # every push sent before is on the page
            fresh = contexts[name].new_page()
            fresh.goto(urls[name])
            expect(fresh.locator("#live")).to_have_attribute("data-live-state", "open")
            reloaded = cards(fresh)
            assert cards(page) == reloaded, f"{step}: {name}'s live page differs from a reload"
            # cmij.js orders on load too; what the server sent was in that order already.
            served = parse(contexts[name].request.get(urls[name]).text())
            assert [card.id for card in served_cards(served)] == [card[0] for card in reloaded], step
            fresh.close()

    def more(idea: Idea, field: str, value: str, path: str) -> None:
        """A facilitator's rarer action, on the idea's own page (its card's More link) in another tab:
        the live pages stay as they are."""
        tab = contexts["facilitator"].new_page()
        tab.goto(f"{live_url}/ideeen/{idea.pk}/meer/")
        control = tab.locator(f"#idea-{field}-{idea.pk}")
        control.select_option(value) if field == "move" else control.fill(value)
        with tab.expect_response(re.compile(f"/ideeen/{idea.pk}/{path}/")):
            tab.locator(f"form[action$='/{path}/'] button").click()
        # Back on the board before the tab closes: closing a tab in the middle of that navigation
        # hung Playwright's close now and then (180 s, in `make test` and alone).
        expect(tab).to_have_url(urls["facilitator"])
        tab.wait_for_load_state("load")
        tab.close()

    def facilitate(idea: Idea, action: str) -> None:
        card = moderator.locator(f"#idea-{idea.pk}")
        with moderator.expect_response(re.compile(f"/ideeen/{idea.pk}/")):
            card.locator(f"button[formaction$='/{action}/']").click()

    # Collecting: a new idea lands on top of its column, highlighted, on every page.
    participant.locator(f"#idea-text-{board.pk}").fill("Een heel nieuw idee")
    participant.locator(f"#board-{board.pk}-form button[type=submit]").click()
    newest_card = projector.locator("article.idea", has_text="Een heel nieuw idee")
    expect(newest_card).to_have_class(re.compile(r"\bidea--new\b"))
    assert newest_card.get_attribute("id") == first_card(projector, first)
    same_as_reload("a new idea")

    facilitate(ideas["waiting"], "approve")
    expect(projector.locator(f"#idea-{ideas['waiting'].pk}")).to_be_visible()
    same_as_reload("approve")

    # A rejection takes the idea off its author's "waiting for approval", live (the page fetches its
    # own state when a push names an idea of its queue).
    waiting = participant.locator(f"#board-{board.pk}-me .my-state__pending")
    expect(waiting).to_contain_text("Wordt afgewezen")
    facilitate(ideas["refused"], "reject")
    expect(waiting).to_have_count(0)
    same_as_reload("reject")

    facilitate(ideas["middle"], "pin")
    for page in pages.values():  # the pinned idea is on top, live
        expect(page.locator(f"#prompt-{first.pk}-ideas > {SHOWN}").first).to_have_id(
            f"idea-{ideas['middle'].pk}"
        )
    same_as_reload("pin")

    more(ideas["newest"], "move", str(second.pk), "verplaatsen")
    expect(projector.locator(f"#prompt-{second.pk}-ideas #idea-{ideas['newest'].pk}")).to_be_visible()
    same_as_reload("move")

    more(ideas["oldest"], "merge", str(ideas["question"].pk), "samenvoegen")
    expect(projector.locator(f"#idea-{ideas['oldest'].pk}")).to_be_hidden()
    same_as_reload("merge")

    with moderator.expect_response(re.compile(f"/borden/{board.pk}/fase/")):
        moderator.locator("button[name=phase][value=vote]").click()
    expect(projector.locator(f"#prompt-{first.pk}-ideas")).to_have_attribute("data-order", "votes")
    same_as_reload("phase")

    # Voting: an idea with a vote overtakes the ones without (the pinned one stays on top).
    voted = Idea.objects.get(pk=ideas["waiting"].pk)
    with participant.expect_response(re.compile(f"/ideeen/{voted.pk}/stem/")):
        participant.locator(f"#idea-{voted.pk} button[data-vote-add]").click()
    expect(projector.locator(f"#idea-{voted.pk}")).to_have_attribute("data-votes", "1")
    order = projector.locator(f"#prompt-{first.pk}-ideas > {SHOWN}")
    expect(order.nth(1)).to_have_id(f"idea-{voted.pk}")
    same_as_reload("vote")

    # Unpinned, the idea drops below the voted one, which moves up: the keyboard focus a participant
    # had on that card's button stays there.
    take_back = participant.locator(f"#idea-{voted.pk} button[data-vote-remove]")
    take_back.focus()
    facilitate(ideas["middle"], "unpin")
    expect(projector.locator(f"#prompt-{first.pk}-ideas > {SHOWN}").first).to_have_id(f"idea-{voted.pk}")
    live_round_trip(participant)
    expect(participant.locator(f"#prompt-{first.pk}-ideas > {SHOWN}").first).to_have_id(f"idea-{voted.pk}")
    expect(take_back).to_be_focused()
    same_as_reload("unpin")

    # The idea the participant voted for is merged into another: their vote moved with it, and their
    # page fetches its own state, so "you voted" is on the idea it went to, live as on a reload.
    with participant.expect_response(re.compile(r"\?me=1")):
        more(voted, "merge", str(ideas["middle"].pk), "samenvoegen")
    expect(participant.locator(f"#idea-{ideas['middle'].pk} button[data-vote-remove]")).to_be_visible()
    same_as_reload("merge a voted idea")

    assert problems == []
