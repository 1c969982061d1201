"""What arrives by itself is heard, not shouted: one polite region (#announcer) counts the ideas and
callouts that others bring in batches, says the bell's new count and the timer's last minute, and is
silent about the page's own actions; with reduced motion nothing on an arriving card moves."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from boards import services as board_services
from boards.models import Board
from tests.e2e.conftest import console_problems, login_context
from tests.e2e.test_callouts import bell, open_feed, post_in_browser
from tests.helpers import factories
from tests.helpers.factories import maker, post, trust
from tests.helpers.pages import feed_live, live_round_trip

pytestmark = pytest.mark.django_db(transaction=True)

# Records every text the region shows, from before the page's own scripts run.
RECORDER = """
window.__announced = [];
document.addEventListener("DOMContentLoaded", function () {
  var region = document.getElementById("announcer");
  new MutationObserver(function () {
    var text = region.textContent.trim();
    if (text) window.__announced.push(text);
  }).observe(region, { childList: true, characterData: true, subtree: true });
});
"""

# Posts ideas as the page's member, outside htmx (so this page's own state never learns of them).
POST_IDEAS = """async ({ url, prompt, texts }) => {
  const token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
  for (const text of texts) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": token, "HX-Request": "true" },
      body: new URLSearchParams({ text, prompt }),
    });
    if (!response.ok) throw new Error(`posting an idea: ${response.status}`);
  }
}"""

# What a future stylesheet might add to an arriving card, htmx's swap classes included.
MOTION = """
@keyframes test-arrive { from { opacity: 0; } to { opacity: 1; } }
.idea, .idea::before, .idea.htmx-added, .idea.htmx-settling {
  animation: test-arrive 2s ease-in; transition: background-color 2s;
}
.idea::before { content: ""; }
html { scroll-behavior: smooth; }
"""


@pytest.fixture
def meeting(transactional_db):
    organiser = factories.organiser()
    watcher = factories.MemberFactory(display_name="Wendy Luistert")
    poster = factories.MemberFactory(display_name="Piet Post")
    meeting = factories.meeting(by=organiser, facilitators=[])
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    return board, organiser, watcher, poster


def open_board(browser, live_url, user, board, clock: bool = False, **options):
    """`clock`: the page's timers on Playwright's clock (time flows as usual until a test runs it
    forward), so quiet seconds pass at once."""
    context = login_context(browser, live_url, user, viewport={"width": 1280, "height": 800}, **options)
    context.add_init_script(RECORDER)
    if clock:
        context.clock.install()
    page = context.new_page()
    page.goto(f"{live_url}/borden/{board.pk}/")
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    return page


def post_ideas(page, live_url, board, texts):
    prompt = board.prompts.order_by("position").first().pk
    page.evaluate(
        POST_IDEAS, {"url": f"{live_url}/borden/{board.pk}/ideeen/", "prompt": prompt, "texts": texts}
    )


def announced(page) -> list[str]:
    return page.evaluate("window.__announced.slice()")


def wait_for_announcements(page, done, timeout: float = 10.0) -> list[str]:
    """The recorded texts once `done(texts)` holds, waiting for each new one; after `timeout`
    seconds, the texts so far (the assertion that follows says what came)."""
    deadline = time.monotonic() + timeout
    texts = announced(page)
    while not done(texts) and time.monotonic() < deadline:
        try:
            page.wait_for_function(
                "count => window.__announced.length > count",
                arg=len(texts),
                timeout=max(1.0, (deadline - time.monotonic()) * 1000),
            )
        except PlaywrightTimeoutError:
            pass
        texts = announced(page)
    return texts


IDEAS = re.compile(r"^(\d+) nieuwe ideeën$|^(1) nieuw idee$")


def idea_count(texts: list[str]) -> int:
    counts = [IDEAS.match(text) for text in texts]
    return sum(int(match.group(1) or match.group(2)) for match in counts if match)


def test_twenty_ideas_from_others_make_one_or_two_counted_announcements(browser, live_url, meeting):
    board, _organiser, watcher, poster = meeting
    page = open_board(browser, live_url, watcher, board)
    problems = console_problems(page)
    # The columns are no live regions: they would read every card in full.
    assert page.locator(".column__ideas[aria-live]:not([aria-live='off'])").count() == 0
    other = open_board(browser, live_url, poster, board)

    post_ideas(other, live_url, board, [f"Idee nummer {n} van Piet" for n in range(20)])
    expect(page.locator("article.idea")).to_have_count(20)
    texts = wait_for_announcements(page, lambda texts: idea_count(texts) >= 20, timeout=40)

    assert 1 <= len(texts) <= 2, texts
    assert all(IDEAS.match(text) for text in texts), texts
    assert idea_count(texts) == 20
    assert problems == []


def test_my_own_idea_is_not_announced_as_an_arrival(browser, live_url, meeting):
    board, _organiser, watcher, poster = meeting
    page = open_board(browser, live_url, watcher, board, clock=True)
    other = open_board(browser, live_url, poster, board)

    page.get_by_label("Jouw idee", exact=True).fill("Mijn eigen idee: een open podium")
    page.get_by_role("button", name="Idee toevoegen").click()
    post_ideas(other, live_url, board, ["Het idee van een ander"])  # in the same batch as mine
    expect(page.locator("article.idea")).to_have_count(2)

    texts = wait_for_announcements(page, bool)
    live_round_trip(page)  # whatever was on its way has arrived ...
    page.clock.run_for(1000)  # ... and a quiet second passes at once
    assert announced(page) == texts == ["1 nieuw idee"]


def test_a_new_callout_in_the_feed_is_announced(browser, live_url):
    author = maker(disciplines=["theater"], display_name="Anna Auteur")
    trust(author)  # past the first callout an organiser approves
    reader = maker(disciplines=["muziek"], display_name="Ruud Lezer")
    context = login_context(browser, live_url, reader, viewport={"width": 1280, "height": 800})
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.goto(f"{live_url}/oproepen/")
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    feed_live(page)
    assert page.locator("#feed-items").get_attribute("aria-live") in (None, "off")
    poster, _problems = open_feed(browser, live_url, author)

    post_in_browser(poster, live_url, "Decorbouwers gezocht voor de zomer", "Theater")
    expect(page.locator("#feed-items > li").first).to_contain_text("Decorbouwers gezocht")
    assert wait_for_announcements(page, bool) == ["1 nieuwe oproep"]


def test_a_change_of_the_bell_is_announced_and_the_count_on_load_is_not(browser, live_url):
    author = maker(disciplines=["theater"], display_name="Anna Auteur")
    reader = maker(disciplines=["theater"], display_name="Bram Volger")
    post(author, disciplines=["theater"], title="Een eerdere oproep voor theatermakers")
    context = login_context(browser, live_url, reader, viewport={"width": 1280, "height": 800})
    context.add_init_script(RECORDER)
    context.clock.install()
    page = context.new_page()
    page.goto(f"{live_url}/makers/")
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    expect(bell(page)).to_have_text("1")
    live_round_trip(page)  # the count the socket sends on connect has been read
    page.clock.run_for(4000)  # longer than the quiet wait: what the page loaded with is no news
    assert announced(page) == []

    poster, _problems = open_feed(browser, live_url, author)
    post_in_browser(poster, live_url, "Souffleur gezocht", "Theater")
    expect(bell(page)).to_have_text("2")
    assert wait_for_announcements(page, bool) == ["2 ongelezen meldingen"]


def test_the_timer_says_its_last_minute_once_and_its_end(browser, live_url, meeting):
    board, organiser, watcher, _poster = meeting
    board_services.timer_start(board=board, by=organiser, seconds=64)
    page = open_board(browser, live_url, watcher, board, clock=True)
    # The ticking element is no live region (role=timer is silent by default).
    timer = page.locator(f"#board-{board.pk}-timer")
    assert timer.get_attribute("aria-live") == "off"
    assert timer.locator(".timer__value").get_attribute("role") == "timer"
    assert page.locator(".timer [aria-live]:not([aria-live='off'])").count() == 0

    assert wait_for_announcements(page, bool, timeout=12) == ["Nog één minuut."]
    expect(timer.locator(".timer__value")).to_have_text(re.compile(r"^0:5\d$"))
    page.clock.run_for(3000)  # seconds tick by, unsaid
    assert announced(page) == ["Nog één minuut."]

    board_services.timer_start(board=board, by=organiser, seconds=5)
    page.reload()
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    assert wait_for_announcements(page, bool, timeout=10) == ["De tijd is om."]
    expect(timer.locator(".timer__value")).to_have_text("0:00")
    page.clock.run_for(2000)
    assert announced(page) == ["De tijd is om."]


ARRIVAL_STYLE = """card => {
  card.classList.add("htmx-added", "htmx-settling");
  const styles = [getComputedStyle(card), getComputedStyle(card, "::before")];
  return {
    animations: styles.map(style => style.animationName + " " + style.animationDuration),
    transitions: styles.map(style => style.transitionDuration),
    scroll: getComputedStyle(document.documentElement).scrollBehavior,
  };
}"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_with_reduced_motion_nothing_on_an_arriving_idea_moves(browser, live_url, meeting, motion):
    board, _organiser, watcher, poster = meeting
    page = open_board(browser, live_url, watcher, board, reduced_motion=motion)
    # A constructed sheet, as the page's CSP (style-src 'self') refuses an inline <style>.
    page.evaluate(
        "css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css); document.adoptedStyleSheets = [sheet]; }",
        MOTION,
    )
    other = open_board(browser, live_url, poster, board)

    post_ideas(other, live_url, board, ["Een idee dat binnenkomt"])
    card = page.locator("article.idea", has_text="Een idee dat binnenkomt")
    expect(card).to_be_visible()
    style = card.evaluate(ARRIVAL_STYLE)
    if motion == "reduce":
        assert style == {"animations": ["none 0s", "none 0s"], "transitions": ["0s", "0s"], "scroll": "auto"}
    else:  # the same page without the preference moves: the stylesheet's rule is what stills it
        assert style == {
            "animations": ["test-arrive 2s", "test-arrive 2s"],
            "transitions": ["2s", "2s"],
            "scroll": "smooth",
        }
