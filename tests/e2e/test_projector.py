"""The projector fits the wall (#24): at the sizes beamers have, 60 ideas of 140 characters in three
columns need no scrolling; what does not fit pages by itself, with the newest (collecting) or the
top-voted (after) on every page; the join panel goes to a corner; a report-back and the breakouts
share one screen. And the issue's "done when": a whole meeting runs from join to close with nobody
scrolling the projector or reloading a page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from boards import rendering
from boards import services as board_services
from boards.identity import Participant
from boards.models import Board
from teams import services as team_services
from tests.e2e.conftest import console_problems, login_context
from tests.helpers import factories
from tests.helpers.servers import daphne

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE_MS = 300  # the paging interval the served app gets here (CMIJ_PROJECTOR_PAGE_SECONDS)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
WORDS = "atelier podium koor buurthuis expositie workshop festival theater muziek erfgoed".split()

# Records each page as cmij.js shows it: the cards shown, those not wholly inside the viewport,
# whether the document scrolls, and the smallest idea text.
RECORD_PAGES = """() => {
  window.__pages = [];
  document.addEventListener("cmij:projector-page", (event) => {
    const root = document.documentElement;
    const shown = [...document.querySelectorAll("article.idea")].filter((card) => card.getClientRects().length);
    const outside = shown.filter((card) => {
      const box = card.getBoundingClientRect();
      return box.top < 0 || box.left < 0 || box.bottom > innerHeight + 0.5 || box.right > innerWidth + 0.5;
    });
    const sizes = shown.map((card) => parseFloat(getComputedStyle(card.querySelector(".idea__text")).fontSize));
    window.__pages.push({
      page: event.detail.page, pages: event.detail.pages, width: innerWidth,
      shown: shown.map((card) => card.id), outside: outside.map((card) => card.id),
      scrolls: root.scrollHeight > innerHeight + 1 || root.scrollWidth > innerWidth + 1,
      smallest: sizes.length ? Math.min(...sizes) : 0,
    });
  });
}"""


def text_of(number: int) -> str:
    """An idea of exactly 140 characters, each a little different."""
    words = " ".join(WORDS[(number + i) % len(WORDS)] for i in range(30))
    return f"Idee {number}: {words}"[:139] + "."


@pytest.fixture
def served(transactional_db):
    with daphne(CMIJ_PROJECTOR_PAGE_SECONDS=str(PAGE_MS / 1000)) as url:
        yield url


@pytest.fixture
def contexts(browser, served):
    """Browser contexts of a test, closed before the server stops (an open socket holds daphne up)."""
    opened = []

    def new(login=None, **options):
        context = (
            login_context(browser, served, login, **options) if login else browser.new_context(**options)
        )
        opened.append(context)
        return context

    yield new
    for context in opened:
        context.close()


@pytest.fixture
def room(transactional_db):
    """A meeting whose plenary board has 57 ideas of 140 characters in its three columns, 19 each,
    from guests; the test's phone posts the rest through the real form."""
    facilitator = factories.organiser()
    meeting = factories.meeting(by=facilitator)
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    prompts = list(board.prompts.all())
    guests = [
        Participant(
            guest=board_services.guest_join(meeting=meeting, code=meeting.join_code, display_name=f"Gast {n}")
        )
        for n in range(4)
    ]
    ideas = [
        factories.idea_on(board, guests[n % len(guests)], text_of(n), prompt=prompts[n % 3])
        for n in range(57)
    ]
    return meeting, board, facilitator, guests, ideas


def open_projector(contexts, url, board, width, height, query=""):
    page = contexts(viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(10_000)
    problems = console_problems(page)
    page.goto(f"{url}/borden/{board.pk}/projector/?t={board.projector_token}{query}")
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    return page, problems


def post_from_phone(contexts, url, meeting, texts, board=None):
    """A guest joins on a phone and posts each text through the form of the plenary board (or `board`)."""
    context = contexts(**PHONE)
    phone = context.new_page()
    phone.goto(f"{url}/meedoen/?code={meeting.join_code}")
    phone.get_by_label("Je naam").fill("Gast op de telefoon")
    phone.get_by_role("button", name="Meedoen").click()
    if board is not None:
        phone.goto(f"{url}/borden/{board.pk}/")
    expect(phone.locator("#live")).to_have_attribute("data-live-state", "open")
    for text in texts:
        phone.get_by_label("Jouw idee", exact=True).fill(text)
        phone.get_by_role("button", name="Idee toevoegen").click()
        expect(phone.get_by_label("Jouw idee", exact=True)).to_have_value("")
    return phone


def one_cycle(projector) -> list[dict]:
    """The pages of one whole cycle, from the next page change on."""
    start = projector.evaluate("window.__pages.length")
    projector.wait_for_function(f"() => window.__pages.length > {start}")
    pages = projector.evaluate(f"window.__pages[{start}].pages")
    projector.wait_for_function(
        f"() => window.__pages.length > {start + pages}", timeout=pages * PAGE_MS + 10_000
    )
    return projector.evaluate(f"window.__pages.slice({start}, {start + pages + 1})")


def test_sixty_ideas_fit_each_beamer_without_scrolling_and_every_one_is_shown_in_a_cycle(
    contexts, served, room
):
    meeting, board, _facilitator, _guests, _ideas = room
    projector, problems = open_projector(contexts, served, board, 1280, 720)
    projector.evaluate(RECORD_PAGES)
    post_from_phone(contexts, served, meeting, [text_of(n) for n in range(57, 60)])
    expect(projector.locator("article.idea:not([hidden])")).to_have_count(60)

    for width, height in [(1280, 720), (1366, 768), (1920, 1080)]:
        projector.set_viewport_size({"width": width, "height": height})  # measured again on resize
        projector.wait_for_function(f"() => window.__pages.at(-1).width === {width}")
        cycle = one_cycle(projector)
        assert cycle[0]["pages"] > 1
        for page in cycle:
            assert page["outside"] == [], (width, page)
            assert not page["scrolls"], width
        assert len({card for page in cycle for card in page["shown"]}) == 60, width
        if width == 1920:
            assert min(page["smallest"] for page in cycle) >= 28
            assert max(len(page["shown"]) for page in cycle) >= 12  # legible, and a dozen on a page
    assert problems == []


def newest_or_top(board, per_column: int = 2) -> set[str]:
    """The cards each column keeps on every page: its first ones in the order the board shows."""
    board.refresh_from_db()
    columns = rendering.board_context(board, rendering.PROJECTOR)["columns"]
    return {f"idea-{idea.pk}" for _prompt, ideas in columns for idea in ideas[:per_column]}


def test_paused_paging_stays_and_a_new_idea_appears_on_the_page_shown(contexts, served, room):
    meeting, board, _facilitator, _guests, _ideas = room
    projector, problems = open_projector(contexts, served, board, 1280, 720)
    projector.evaluate(RECORD_PAGES)
    # While collecting, the newest of each column are on every page.
    cycle = one_cycle(projector)
    newest = newest_or_top(board)
    assert all(newest <= set(page["shown"]) for page in cycle)

    pause = projector.get_by_role("button", name="Pauzeren")
    pause.focus()  # reachable by keyboard
    projector.keyboard.press("Enter")
    expect(projector.get_by_role("button", name="Verder")).to_have_attribute("aria-pressed", "true")
    shown_page = projector.locator(".pager").get_attribute("data-page")
    expect(projector.locator(".pager__page")).to_have_text(f"Pagina {shown_page} van {cycle[0]['pages']}")

    post_from_phone(contexts, served, meeting, ["Een nieuw idee terwijl het scherm stilstaat"])
    new = projector.locator("article.idea", has_text="Een nieuw idee terwijl het scherm stilstaat")
    expect(new).to_be_visible(timeout=10_000)
    expect(new).to_be_in_viewport(ratio=1)
    # Posting took many intervals; the page stayed.
    assert projector.locator(".pager").get_attribute("data-page") == shown_page
    assert {page["page"] for page in projector.evaluate("window.__pages").__getitem__(slice(-3, None))} == {
        int(shown_page) - 1
    }
    projector.get_by_role("button", name="Verder").click()
    expect(projector.locator(".pager")).not_to_have_attribute("data-page", shown_page)
    assert problems == []


def test_the_top_voted_ideas_are_on_every_page_while_voting_and_a_report_back_shares_the_screen(
    contexts, served, room
):
    meeting, board, facilitator, guests, ideas = room
    board_services.board_set_phase(board=board, by=facilitator, phase=Board.Phase.VOTE)
    for voter in guests[:3]:
        for idea in (ideas[40], ideas[44], ideas[48]):  # one of each column, far down by age
            board_services.idea_vote(idea=idea, participant=voter)
    board_services.idea_vote(idea=ideas[50], participant=guests[3])
    projector, problems = open_projector(contexts, served, board, 1366, 768)
    projector.evaluate(RECORD_PAGES)
    top = newest_or_top(board)
    assert {f"idea-{ideas[n].pk}" for n in (40, 44, 48, 50)} <= top
    cycle = one_cycle(projector)
    assert cycle[0]["pages"] > 1
    assert all(top <= set(page["shown"]) for page in cycle)

    # A report-back shares the screen: a third of the width beside the columns, put there live.
    team = factories.team_of(ideas[0], by=facilitator, coordinator=facilitator, name="Open podium")
    team_services.report_back_save(
        team=team, meeting=meeting, by=facilitator, text="We hebben **twee panden** op het oog."
    )
    stage = projector.locator(f"#board-{board.pk}-report-back")
    expect(stage).to_be_hidden()
    moderator = contexts(login=facilitator).new_page()
    moderator.goto(f"{served}{meeting.get_absolute_url()}")
    moderator.locator(".programme__report-backs li", has_text="Open podium").get_by_role("button").click()
    expect(stage.locator("strong")).to_have_text("twee panden")
    expect(projector.locator(".board[data-report=shown]")).to_be_attached()
    page = one_cycle(projector)[0]
    assert page["outside"] == [] and not page["scrolls"] and len(page["shown"]) >= 3
    assert newest_or_top(board, 1) <= set(page["shown"])  # narrower columns: at least the top one kept
    stage_box, columns_box = stage.bounding_box(), projector.locator(".columns").bounding_box()
    assert columns_box["x"] + columns_box["width"] <= stage_box["x"]  # beside the columns, not over them
    assert 1366 / 4 <= stage_box["width"] <= 1366 / 2.5
    assert stage_box["y"] + stage_box["height"] <= 768
    assert problems == []


JOIN_PANEL = """() => {
  const panel = document.querySelector(".join-panel");
  const qr = panel.querySelector(".join-panel__qr");
  const box = panel.getBoundingClientRect();
  return {
    state: panel.closest(".board").getAttribute("data-join"), shown: panel.getClientRects().length > 0,
    width: box.width, height: box.height, qr: qr ? qr.getBoundingClientRect().width : 0,
    inside: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
  };
}"""


def test_the_join_panel_goes_to_a_corner_at_the_first_idea_and_away_when_joining_closes(contexts, served):
    facilitator = factories.organiser()
    meeting = factories.meeting(by=facilitator)
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    projector, problems = open_projector(contexts, served, board, 1280, 720)
    expect(projector.locator(".board[data-join=large]")).to_be_attached()
    large = projector.evaluate(JOIN_PANEL)
    assert large["inside"] and large["qr"] >= 300

    post_from_phone(contexts, served, meeting, ["Het eerste idee van de avond"])
    expect(projector.locator(".board[data-join=compact]")).to_be_attached()
    compact = projector.evaluate(JOIN_PANEL)
    assert compact["inside"] and 120 <= compact["qr"] and compact["height"] < 720 / 4, compact
    expect(projector.locator(".join-panel__code")).to_have_text(meeting.join_code)

    moderator = contexts(login=facilitator).new_page()
    moderator.goto(f"{served}/borden/{board.pk}/")
    expect(moderator.locator("#live")).to_have_attribute("data-live-state", "open")
    moderator.get_by_text("Meedoen en projector").click()
    control = moderator.locator(".join-panel-control")
    control.get_by_role("button", name="Groot").click()
    expect(projector.locator(".board[data-join=large]")).to_be_attached()  # live, at the click
    expect(control.get_by_role("button", name="Groot")).to_have_attribute("aria-pressed", "true")  # live
    expect(control.get_by_role("button", name="Automatisch")).to_have_attribute("aria-pressed", "false")
    control.get_by_role("button", name="Automatisch").click()
    expect(projector.locator(".board[data-join=compact]")).to_be_attached()
    expect(control.get_by_role("button", name="Automatisch")).to_have_attribute("aria-pressed", "true")
    moderator.get_by_role("button", name="Meedoen sluiten").click()
    expect(projector.locator(".board[data-join=none]")).to_be_attached()
    expect(projector.locator(".join-panel")).to_be_hidden()
    moderator.get_by_role("button", name="Meedoen openen").click()
    expect(projector.locator(".board[data-join=compact]")).to_be_attached()
    moderator.locator(".facilitate").get_by_role("button", name="Gesloten").click()  # the board closes
    expect(projector.locator(".board[data-join=none]")).to_be_attached()
    expect(projector.locator(".join-panel")).to_be_hidden()
    assert problems == []


def test_the_breakouts_alone_side_by_side_with_their_top_ideas_live(contexts, served, room):
    meeting, plenary, facilitator, guests, _ideas = room
    first, second = (
        board_services.board_create(meeting=meeting, by=facilitator, title=title, prompts=prompts)
        for title, prompts in (
            ("Deelsessie podia", ["Podia", "Ateliers"]),
            ("Deelsessie ateliers", ["Ideeën"]),
        )
    )
    columns = list(first.prompts.all())
    many = [
        factories.idea_on(first, guests[n % 4], text_of(100 + n), prompt=columns[n % 2]) for n in range(8)
    ]
    for n in range(2):
        factories.idea_on(second, guests[n], text_of(200 + n))
    board_services.board_set_phase(board=first, by=facilitator, phase=Board.Phase.VOTE)
    for rank, idea in enumerate([many[6], many[3], many[5]]):  # 3, 2 and 1 votes
        for voter in guests[: 3 - rank]:
            board_services.idea_vote(idea=idea, participant=voter)
    # Lower than a beamer, so not all of the top five fit: those that do are shown, wholly.
    view, problems = open_projector(contexts, served, plenary, 1280, 640, "&breakouts=1")
    boxes = view.locator(".board--breakout").evaluate_all(
        "boards => boards.map((b) => { const r = b.getBoundingClientRect(); return [r.top, r.left, r.right, r.bottom]; })"
    )
    assert len(boxes) == 2 and boxes[0][0] == boxes[1][0] and boxes[0][2] <= boxes[1][1]  # side by side
    assert all(box[1] >= 0 and box[2] <= 1280 and box[3] <= 640 for box in boxes)
    expect(view.locator(f"#prompt-{plenary.prompts.first().pk}-ideas")).to_have_count(0)  # not the plenary
    expect(view.locator(f"#board-{first.pk} h1")).to_have_text("Deelsessie podia")
    shown = view.locator(f"#board-{first.pk} article.idea:visible")
    top = [f"idea-{idea.pk}" for idea in (many[6], many[3], many[5])]
    ids = shown.evaluate_all(
        "cards => cards.map((c) => [c.getBoundingClientRect().top, c.id]).sort((a, b) => a[0] - b[0]).map((c) => c[1])"
    )
    assert ids[:3] == top and 3 <= len(ids) < 5, ids  # ranked across its columns
    for card in view.locator("article.idea:visible").all():
        expect(card).to_be_in_viewport(ratio=1)
    assert view.evaluate("document.documentElement.scrollHeight <= innerHeight + 1")

    post_from_phone(contexts, served, meeting, ["Een idee uit de tweede deelsessie"], board=second)
    expect(
        view.locator(f"#board-{second.pk} article.idea", has_text="uit de tweede deelsessie")
    ).to_be_visible()
    assert problems == []


# Set once when a page loads; still there at the end means the page was never reloaded.
MARK_LOADED = "() => { window.__sameLoad = true; }"
STILL_LOADED = "() => window.__sameLoad === true"
# Whether the projector's document ever scrolled, checked at every page it showed.
NEVER_SCROLLED = """() => {
  window.__scrolled = false;
  const check = () => {
    const root = document.documentElement;
    if (root.scrollHeight > innerHeight + 1 || root.scrollWidth > innerWidth + 1 || scrollY > 0) window.__scrolled = true;
  };
  document.addEventListener("cmij:projector-page", check);
  document.addEventListener("htmx:oobAfterSwap", check);
}"""


def test_a_meeting_runs_from_join_to_close_without_scrolling_the_projector_or_reloading_a_page(
    contexts, served
):
    """The issue's "done when": one projector, a facilitator on a 360 px phone, three phones; from
    joining through collecting, voting and closing joining to closing the boards and drafting the
    summary, nobody scrolls the projector or reloads a page."""
    facilitator = factories.organiser()
    meeting = factories.meeting(by=facilitator)
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    projector, problems = open_projector(contexts, served, board, 1920, 1080)
    projector.evaluate(NEVER_SCROLLED)
    moderator = contexts(login=facilitator, viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    moderator.goto(f"{served}/borden/{board.pk}/")
    expect(moderator.locator("#live")).to_have_attribute("data-live-state", "open")
    phones = [post_from_phone(contexts, served, meeting, [f"Idee {n} van telefoon {n}"]) for n in range(3)]
    pages = [projector, moderator, *phones]
    for page in pages:
        page.evaluate(MARK_LOADED)

    # Collecting: each phone's idea reaches the projector and every other phone, once each.
    for n, phone in enumerate(phones):
        phone.get_by_label("Jouw idee", exact=True).fill(f"Tweede idee van telefoon {n}")
        phone.get_by_role("button", name="Idee toevoegen").click()
    for page in [projector, *phones]:
        for n in range(3):
            expect(page.locator("article.idea", has_text=f"Tweede idee van telefoon {n}")).to_have_count(1)
    expect(projector.locator(".board[data-join=compact]")).to_be_attached()

    # Voting, switched from the facilitator's phone: each phone votes for telefoon 1's first idea,
    # which goes to the top of its column on the projector.
    moderator.locator(".facilitate").get_by_role("button", name="Stemmen").click()
    favourite = "Idee 1 van telefoon 1"
    for phone in phones:
        card = phone.locator("article.idea", has_text=favourite)
        card.get_by_role("button", name="Stem", exact=True).click()
        expect(card.locator("[data-vote-remove]")).to_be_visible()
    column = projector.locator(".column__ideas", has=projector.locator("article.idea", has_text=favourite))
    expect(column.locator("article.idea").first).to_contain_text(favourite)
    expect(column.locator("article.idea").first).to_contain_text("3 stemmen")

    # Joining closes: the join panel leaves the projector.
    moderator.get_by_text("Meedoen en projector").click()
    moderator.get_by_role("button", name="Meedoen sluiten").click()
    expect(projector.locator(".board[data-join=none]")).to_be_attached()

    # Closing: the facilitator closes every board and drafts the summary in one action; the
    # projector and the phones follow live.
    meeting_page = moderator.context.new_page()
    meeting_page.goto(f"{served}{meeting.get_absolute_url()}")
    meeting_page.get_by_text("Alle borden sluiten en verslag opstellen").click()
    meeting_page.get_by_role("button", name="Ja, sluiten en verslag opstellen").click()
    expect(meeting_page.get_by_text("Alle borden zijn gesloten. Dit is het conceptverslag.")).to_be_visible()
    expect(projector.locator(f"#board-{board.pk}-header")).to_have_attribute("data-phase", "closed")
    for phone in phones:
        expect(phone.get_by_text("Dit bord is gesloten: je kunt de ideeën nog wel lezen.")).to_be_visible()
        expect(phone.get_by_label("Jouw idee", exact=True)).to_be_hidden()

    assert all(page.evaluate(STILL_LOADED) for page in pages)  # nobody reloaded a page
    assert projector.evaluate("window.__scrolled") is False
    assert problems == []
