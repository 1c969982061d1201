"""The board with a keyboard only (issue #16): a guest joins with the code, posts an idea and votes; a
facilitator approves it out of the queue, hides one idea and merges another. Only page.keyboard:
Tab, Shift+Tab, Enter, Space and typing; no mouse. After each step the focus is somewhere sensible:
not <body>, inside <main>, and visibly outlined."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from boards.models import Board, Idea
from tests.e2e.conftest import console_problems, login_context
from tests.e2e.test_board import PHONE, demo  # noqa: F401  (the demo fixture)

FOCUS = """() => {
  const el = document.activeElement;
  const main = document.querySelector("main");
  const style = el ? getComputedStyle(el) : null;
  return {
    tag: el ? el.tagName.toLowerCase() : null,
    id: el ? el.id : "",
    text: el ? (el.value !== undefined && el.tagName !== "BUTTON" ? "" : el.textContent.trim()) : "",
    inMain: Boolean(el && main && main.contains(el)),
    isBody: el === document.body,
    outline: style ? style.outlineStyle + " " + style.outlineWidth : "",
    card: el && el.closest("article.idea") ? el.closest("article.idea").id : null,
  };
}"""


def focus_of(page) -> dict:
    return page.evaluate(FOCUS)


def assert_focus_sensible(page, step: str) -> dict:
    """Not body, inside main, outlined (the :focus-visible style): what every step must leave."""
    focus = focus_of(page)
    assert not focus["isBody"], f"{step}: focus fell to <body>"
    assert focus["inMain"], f"{step}: focus is outside <main>: {focus}"
    style, width = focus["outline"].split()
    assert style != "none" and float(width.removesuffix("px")) >= 2, (
        f"{step}: no visible focus outline: {focus}"
    )
    return focus


def tab_to(page, predicate: str, *, limit: int = 250, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element satisfies the JS `predicate(el)`."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return Boolean(el && ({predicate})(el)); }})()"
        ):
            return focus_of(page)
    raise AssertionError(f"no element matching {predicate} within {limit} presses of Tab")


def button_in_card(label: str, card_text: str) -> str:
    return (
        f"el => el.tagName === 'BUTTON' && el.textContent.trim() === {label!r}"
        f" && el.closest('article') && el.closest('article').textContent.includes({card_text!r})"
    )


@pytest.mark.timeout(180)
def test_a_guest_and_a_facilitator_run_the_board_by_keyboard(browser, lan_url, demo):  # noqa: F811
    meeting, board, facilitator = demo
    Board.objects.filter(pk=board.pk).update(moderated=True)
    mine = "Een route langs alle ateliers in Velsen"

    # --- a guest joins with the code, by keyboard ---
    guest_context = browser.new_context(**PHONE)
    guest = guest_context.new_page()
    guest_problems = console_problems(guest)
    guest.goto(f"{lan_url}/meedoen/")
    tab_to(guest, "el => el.id === 'id_code'")
    guest.keyboard.type(meeting.join_code)
    guest.keyboard.press("Tab")
    assert focus_of(guest)["id"] == "id_display_name"
    guest.keyboard.type("Gast Toetsenbord")
    guest.keyboard.press("Enter")
    expect(guest.locator("#live")).to_have_attribute("data-live-state", "open")
    assert guest.url == f"{lan_url}/borden/{board.pk}/"
    focus = assert_focus_sensible(guest, "after joining")
    assert focus["id"] == f"idea-text-{board.pk}", focus  # straight to the idea field

    # --- the guest posts an idea: focus comes back to the emptied idea field ---
    guest.keyboard.type(mine)
    tab_to(guest, "el => el.tagName === 'BUTTON' && el.textContent.trim() === 'Idee toevoegen'")
    guest.keyboard.press("Enter")
    expect(guest.get_by_label("Jouw idee", exact=True)).to_have_value("")
    expect(guest.locator(".my-state__pending")).to_contain_text(mine)
    focus = assert_focus_sensible(guest, "after posting an idea")
    assert focus["id"] == f"idea-text-{board.pk}", focus
    idea = Idea.objects.get(text=mine)

    # --- the facilitator approves it out of the queue: focus goes to the queue's heading ---
    moderator = login_context(browser, lan_url, facilitator).new_page()
    moderator_problems = console_problems(moderator)
    moderator.goto(f"{lan_url}/borden/{board.pk}/")
    expect(moderator.locator("#live")).to_have_attribute("data-live-state", "open")
    queue = moderator.locator(f"#board-{board.pk}-queue-ideas")
    expect(queue.locator("article.idea", has_text=mine)).to_be_visible()
    expect(queue.locator("article.idea", has_text=mine)).to_contain_text("Wacht op goedkeuring")
    tab_to(moderator, button_in_card("Goedkeuren", mine))
    moderator.keyboard.press("Enter")
    expect(queue.locator("article.idea", has_text=mine)).to_have_count(0)
    expect(moderator.locator(f"#prompt-{idea.prompt_id}-ideas article.idea", has_text=mine)).to_be_visible()
    moderator.wait_for_function("document.activeElement !== document.body")
    focus = assert_focus_sensible(moderator, "after approving")
    assert focus["id"] == f"queue-title-{board.pk}", focus  # no other idea waits: the queue's heading

    # --- the facilitator hides an idea: it stays for facilitators, focus on "Show again" ---
    hidden = "Een vaste inloopavond voor nieuwe makers"
    tab_to(moderator, button_in_card("Verbergen", hidden))
    moderator.keyboard.press("Enter")
    hidden_card = moderator.locator("article.idea", has_text=hidden)
    expect(hidden_card.locator(".badge--hidden")).to_have_text("Verborgen")
    moderator.wait_for_function("document.activeElement !== document.body")
    focus = assert_focus_sensible(moderator, "after hiding")
    assert focus["text"] == "Weer tonen" and focus["card"] == hidden_card.get_attribute("id"), focus

    # --- the facilitator merges an idea into the guest's, on the idea's own page (its card's More
    # link), by keyboard; the form goes back to the board, where the merged idea is gone ---
    merged = "Elke bijeenkomst in een andere kern houden"
    merged_id = f"idea-{Idea.objects.get(board=board, text=merged).pk}"
    tab_to(
        moderator,
        "el => el.tagName === 'A' && el.textContent.trim() === 'Meer'"
        f" && el.closest('article').textContent.includes({merged!r})",
    )
    moderator.keyboard.press("Enter")  # opens the idea's page
    moderator.wait_for_url(re.compile(r"/ideeen/\d+/meer/$"))
    tab_to(moderator, "el => el.tagName === 'INPUT' && el.name === 'target'")
    moderator.keyboard.type(str(idea.pk))
    moderator.keyboard.press("Enter")
    moderator.wait_for_url(re.compile(rf"/borden/{board.pk}/$"))
    expect(moderator.locator(f"#idea-{idea.pk} .idea__merged")).to_contain_text(merged)
    expect(moderator.locator(f"#{merged_id}")).to_have_count(0)
    expect(moderator.locator("#live")).to_have_attribute("data-live-state", "open")

    # --- the guest votes for the approved idea: focus moves to "Take back vote" ---
    Board.objects.filter(pk=board.pk).update(phase=Board.Phase.VOTE)
    guest.reload()
    expect(guest.locator("#live")).to_have_attribute("data-live-state", "open")
    tab_to(guest, button_in_card("Stem", mine))
    guest.keyboard.press("Enter")
    card = guest.locator(f"#idea-{idea.pk}")
    expect(card.locator(".badge--voted")).to_be_visible()
    expect(card.locator(".badge--voted")).to_contain_text("Je hebt gestemd")
    guest.wait_for_function("document.activeElement !== document.body")
    focus = assert_focus_sensible(guest, "after voting")
    assert focus["text"] == "Stem terugnemen" and focus["card"] == f"idea-{idea.pk}", focus

    assert guest_problems == [] and moderator_problems == []


CONTRAST = """() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (color) => (color.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const worst = [];
  document.querySelectorAll(".board--projector *").forEach((el) => {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest("[hidden], .visually-hidden")) return;
    const fg = parse(getComputedStyle(el).color).slice(0, 3);
    const [a, b] = [lum(fg), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 7) worst.push(el.className + ": " + el.textContent.trim().slice(0, 30) + " " + ratio.toFixed(2));
  });
  return worst;
}"""


def test_the_projector_reads_from_the_back_of_the_room(browser, lan_url, demo):  # noqa: F811
    """WCAG AAA (7:1) for every text on the projector, large type, and a join code and QR code that a
    phone reads from afar: black on white, with the standard quiet zone of four modules, and large
    enough in the corner the panel moves to once ideas come (#24)."""
    meeting, board, _facilitator = demo
    projector = browser.new_page(viewport={"width": 1280, "height": 720})
    projector.goto(f"{lan_url}/borden/{board.pk}/projector/?t={board.projector_token}")
    expect(projector.locator(".join-panel__code")).to_have_text(meeting.join_code)
    expect(projector.locator("article.idea").first).to_be_visible()

    assert projector.evaluate(CONTRAST) == []
    size = projector.evaluate(
        "(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", ".idea__text"
    )
    # A beamer throws 1280 pixels as wide as 1920: the text scales with the width, 28 px at 1920 (#24).
    assert size >= 1280 * 28 / 1920, f"idea text is {size}px on the projector"
    code = projector.evaluate(
        "(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", ".join-panel__code"
    )
    assert code >= 30, f"the join code is {code}px"  # in its corner, once the board has ideas
    qr = projector.locator(".join-panel__qr")
    assert qr.bounding_box()["width"] >= 120  # still read from the back of the room
    svg = projector.evaluate("() => decodeURIComponent(document.querySelector('.join-panel__qr').src)")
    light = re.search(r"fill='#fff' d='M0 0h(\d+)v", svg)
    assert light, "the QR code has no white background"
    first_dark = re.search(r"class='qrline'[^>]*d='M(\d+) ", svg)
    assert first_dark and int(first_dark.group(1)) >= 4, "the QR code's quiet zone is under 4 modules"
    assert "stroke='#000'" in svg


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_the_qr_code_stays_beside_the_code_with_a_long_home_router_address(browser, demo, width, height):  # noqa: F811
    """A home router's address (192.168.178.x:8000) is long; the QR code must not drop below it."""
    from tests.helpers.servers import daphne

    meeting, board, _facilitator = demo
    with daphne(CMIJ_BASE_URL="http://192.168.178.123:8000") as url:
        projector = browser.new_page(viewport={"width": width, "height": height})
        projector.goto(f"{url}/borden/{board.pk}/projector/?t={board.projector_token}")
        expect(projector.locator(".join-panel strong")).to_have_text("192.168.178.123:8000/meedoen/")
        address = projector.locator(".join-panel p").first.bounding_box()
        code = projector.locator(".join-panel__code").bounding_box()
        qr = projector.locator(".join-panel__qr").bounding_box()
        assert qr["x"] >= max(address["x"] + address["width"], code["x"] + code["width"]) - 1
        assert qr["y"] < code["y"] + code["height"], "the QR code dropped below the join code"
        assert qr["y"] + qr["height"] <= height, "the QR code is below the fold"
        projector.close()
