"""A facilitator runs the room from a 360 px phone (#24): every control reads and is a 44 px target,
no control's text breaks inside a word; every phase, the timer, and removing a guest work from there;
the guest list follows joins and removals live, and removing a guest keeps the open panels open."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from boards.models import Board
from tests.e2e.conftest import console_problems, login_context
from tests.helpers.browsers import Browser

pytestmark = pytest.mark.e2e

PHONE_360 = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}

# Every control of the facilitation panel that shows, measured: its target (a checkbox's is its label
# too, which toggles it), whether its text overflows its box, and on how many lines its words lie. A
# text on more lines than it has words was broken inside a word.
MEASURE = """panel => {
  const selector = "button, summary, a[href], input:not([type=hidden]), select, textarea";
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const lines = el => {
    const tops = new Set();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent.trim() || !shown(parent) || parent.closest(".visually-hidden")) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    return tops.size;
  };
  const visibleText = el => Array.from(el.childNodes)
    .filter(n => n.nodeType === 3 || (n.nodeType === 1 && shown(n) && !n.classList.contains("visually-hidden")))
    .map(n => n.textContent).join(" ");
  return Array.from(panel.querySelectorAll(selector)).filter(shown).map(el => {
    let rect = el.getBoundingClientRect();
    if (el.type === "checkbox" && el.labels && el.labels.length) {
      const label = el.labels[0].getBoundingClientRect();
      const top = Math.min(rect.top, label.top), bottom = Math.max(rect.bottom, label.bottom);
      const left = Math.min(rect.left, label.left), right = Math.max(rect.right, label.right);
      rect = { width: right - left, height: bottom - top };
    }
    const text = visibleText(el).trim();
    return {
      what: el.tagName.toLowerCase() + (el.name ? "[" + el.name + "=" + (el.value || "") + "]" : "") + " " + text.slice(0, 40),
      width: rect.width, height: rect.height,
      overflows: el.scrollWidth > el.clientWidth + 1,
      words: text ? text.split(/\\s+/).length : 0,
      lines: text ? lines(el) : 0,
    };
  });
}"""


def faults(measures: list[dict]) -> list[str]:
    found = []
    for m in measures:
        if m["width"] < 44 or m["height"] < 44:
            found.append(f"{m['what']}: a {m['width']:.0f}x{m['height']:.0f} px target")
        if m["overflows"]:
            found.append(f"{m['what']}: its text overflows its box")
        if m["lines"] > m["words"]:
            found.append(f"{m['what']}: {m['words']} word(s) on {m['lines']} lines")
    return found


def test_a_facilitator_runs_the_room_from_a_360px_phone(
    browser, live_url, meeting, board, facilitator, organiser
):
    phone = login_context(browser, live_url, facilitator, **PHONE_360).new_page()
    problems = console_problems(phone)
    phone.goto(f"{live_url}/borden/{board.pk}/")
    expect(phone.locator("#live")).to_have_attribute("data-live-state", "open")
    panel = phone.locator(f"#board-{board.pk}-facilitate")
    guests = phone.locator(f"#board-{board.pk}-guests")
    # A second facilitator's page (an organiser at a laptop), to see the list change live elsewhere.
    laptop = login_context(browser, live_url, organiser).new_page()
    routes = []  # (page side, server side) of each of the laptop's board sockets

    def through(route):
        server = route.connect_to_server()
        server.on_close(lambda code, reason: None)  # the server may drop it while the page holds on
        routes.append((route, server))

    laptop.route_web_socket(re.compile(r"/ws/boards/"), through)
    laptop.goto(f"{live_url}/borden/{board.pk}/")
    expect(laptop.locator("#live")).to_have_attribute("data-live-state", "open")

    # The facilitation panel comes before the join panel.
    assert phone.evaluate(
        """([panel, join]) => Boolean(document.getElementById(panel).compareDocumentPosition(
             document.getElementById(join)) & Node.DOCUMENT_POSITION_FOLLOWING)""",
        [f"board-{board.pk}-facilitate", f"board-{board.pk}-join"],
    )
    # No reload from here on: a marker on the page stays.
    marker = secrets.token_hex(4)
    phone.evaluate("marker => { window.__samePage = marker; }", marker)

    # A guest joins on another phone: the list follows without a reload.
    joiner = browser.new_context(**PHONE_360)
    guest_page = joiner.new_page()
    guest_page.goto(f"{live_url}/meedoen/?code={meeting.join_code}")
    guest_page.get_by_label("Je naam").fill("Gast Mirjam")
    guest_page.get_by_role("button", name="Meedoen").click()
    expect(guest_page.locator("#live")).to_have_attribute("data-live-state", "open")
    expect(phone.locator(f"#board-{board.pk}-guest-count")).to_have_text("1")
    expect(guests.locator(".guest__name")).to_have_text(["Gast Mirjam"])
    expect(laptop.locator(f"#board-{board.pk}-guest-count")).to_have_text("1")

    # A change while the laptop's socket is away is fetched when it opens again: the server forgets
    # the socket, a second guest joins (no hint reaches the laptop), then the page's side closes
    # with "come back" (4013) and the glue reconnects.
    page_side, server_side = routes[-1]
    server_side.close()
    Browser(live_url).join(meeting.join_code, "Gast Nadia")
    expect(phone.locator(f"#board-{board.pk}-guest-count")).to_have_text("2")
    page_side.close(code=4013)
    expect(laptop.locator(f"#board-{board.pk}-guest-count")).to_have_text("2")
    assert len(routes) == 2

    # Every panel open (the guest's removal too: its question), every control measured.
    for summary in panel.locator("details > summary").all():
        if summary.is_visible() and summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    expect(guests.get_by_role("button", name="Ja, verwijderen")).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    measures = panel.evaluate(MEASURE)
    assert len(measures) > 20  # phases, lock, timer, joining, guests and their removal, settings, export
    assert faults(measures) == []

    # Every phase, from the segmented control; the header and the switch follow.
    header = phone.locator(f"#board-{board.pk}-header")
    for value in Board.Phase.values:
        button = panel.locator(f"button[name=phase][value={value}]")
        button.click()
        expect(header).to_have_attribute("data-phase", value)
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(panel.locator("button[name=phase][aria-pressed=true]")).to_have_count(1)
    board.refresh_from_db()
    assert board.phase == Board.Phase.CLOSED

    # The timer.
    panel.get_by_role("button", name="Timer starten").click()
    expect(phone.locator(f"#board-{board.pk}-timer .timer__value")).to_have_text(re.compile(r"^\d+:\d\d$"))

    # Removing the guest: asked in the page, the list swapped in place, the open panels still open.
    open_before = panel.locator("details[open]").count()
    guests.locator(".guest", has_text="Gast Mirjam").get_by_role("button", name="Ja, verwijderen").click()
    expect(phone.locator(f"#board-{board.pk}-guest-count")).to_have_text("1")
    expect(guests.locator(".guest__name")).to_have_text(["Gast Nadia"])
    expect(laptop.locator(f"#board-{board.pk}-guest-count")).to_have_text("1")
    expect(guest_page.locator("#live")).to_have_attribute("data-live-state", "removed")  # and told why
    # The removed guest's question went with its row; every other open panel (the other guest's
    # question too) stays open.
    expect(panel.locator("details[open]")).to_have_count(open_before - 1)
    expect(guests).to_have_attribute("open", "")
    assert phone.evaluate("window.__samePage") == marker
    assert problems == []
    joiner.close()
