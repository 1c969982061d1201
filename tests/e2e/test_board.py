"""A meeting in real browsers: a guest on a phone joins and posts, the facilitator moderates, the
projector follows, the timer agrees across clocks, and a cut socket catches up exactly once."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from boards.events import split_events
from boards.models import Board, Meeting
from cmij.demo import DEMO_ACCOUNTS, DEMO_SESSION_TITLE
from realtime import names
from tests.e2e.conftest import console_problems, login_context
from tests.helpers.glue import CARDS_JS
from tests.helpers.pages import live_round_trip

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Counts the sockets htmx opens from now on (its ws extension announces each one as it creates it).
COUNT_CONNECTING = """() => {
  window.__connecting = 0;
  document.addEventListener("htmx:wsConnecting", () => { window.__connecting += 1; });
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)
    meeting = Meeting.objects.get(title=DEMO_SESSION_TITLE)
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    facilitator = next(
        board.facilitators.get(email=email) for email, _n, role in DEMO_ACCOUNTS if role == "facilitator"
    )
    return meeting, board, facilitator


def join_as_guest(browser, base_url, meeting, name, **options):
    context = browser.new_context(**(options or PHONE))
    page = context.new_page()
    problems = console_problems(page)
    page.goto(f"{base_url}/meedoen/?code={meeting.join_code}")
    page.get_by_label("Je naam").fill(name)
    page.get_by_role("button", name="Meedoen").click()
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    return page, problems


def add_idea(page, text):
    page.get_by_label("Jouw idee", exact=True).fill(text)
    page.get_by_role("button", name="Idee toevoegen").click()
    expect(page.get_by_label("Jouw idee", exact=True)).to_have_value("")


def test_a_guest_posts_the_facilitator_hides_and_the_projector_follows(browser, lan_url, demo):
    meeting, board, facilitator = demo
    guest, guest_problems = join_as_guest(browser, lan_url, meeting, "Gast Noor")
    assert guest.url == f"{lan_url}/borden/{board.pk}/"

    moderator_context = login_context(browser, lan_url, facilitator)
    moderator = moderator_context.new_page()
    moderator_problems = console_problems(moderator)
    moderator.goto(f"{lan_url}/borden/{board.pk}/")
    expect(moderator.locator("#live")).to_have_attribute("data-live-state", "open")

    projector = browser.new_page(viewport={"width": 1280, "height": 720})
    projector.goto(f"{lan_url}/borden/{board.pk}/projector/?t={board.projector_token}")
    expect(projector.locator(".join-panel__code")).to_have_text(meeting.join_code)
    expect(projector.locator("#live")).to_have_attribute("data-live-state", "open")

    add_idea(guest, "Een open atelierroute door de drie gemeenten")
    card = moderator.locator("article.idea", has_text="Een open atelierroute")
    expect(card).to_be_visible()  # without a reload
    on_the_wall = projector.locator("article.idea", has_text="Een open atelierroute")
    expect(on_the_wall).to_be_visible()
    expect(on_the_wall.locator(".idea__meta")).to_be_visible()  # the room sees who wrote it
    expect(on_the_wall.locator(".idea__meta")).to_have_text("Gast Noor")
    expect(
        guest.locator("article.idea", has_text="Een open atelierroute").get_by_text("Aanpassen", exact=True)
    ).to_be_visible()

    card.get_by_role("button", name="Verbergen").click()
    expect(guest.locator("article.idea", has_text="Een open atelierroute")).to_have_count(0)
    expect(projector.locator("article.idea", has_text="Een open atelierroute")).to_have_count(0)
    expect(
        moderator.locator("article.idea", has_text="Een open atelierroute").get_by_text("Verborgen")
    ).to_be_visible()

    assert guest_problems == [] and moderator_problems == []


def test_the_timer_shows_the_same_time_left_on_a_phone_whose_clock_is_an_hour_off(browser, lan_url, demo):
    meeting, board, facilitator = demo
    moderator = login_context(browser, lan_url, facilitator).new_page()
    moderator.goto(f"{lan_url}/borden/{board.pk}/")
    expect(moderator.locator("#live")).to_have_attribute("data-live-state", "open")

    wrong = browser.new_context(**PHONE)
    wrong.clock.install(time=datetime.now() + timedelta(hours=1))
    phone = wrong.new_page()
    phone.goto(f"{lan_url}/meedoen/?code={meeting.join_code}")
    phone.get_by_label("Je naam").fill("Gast met verkeerde klok")
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.locator("#live")).to_have_attribute("data-live-state", "open")

    moderator.get_by_label("Timer (minuten)").fill("5")
    moderator.get_by_role("button", name="Timer starten").click()
    phone_timer = phone.locator(".timer__value")
    expect(phone_timer).to_have_text(re.compile(r"^(5:00|4:5\d)$"))
    expect(moderator.locator(".timer__value")).to_have_text(re.compile(r"^(5:00|4:5\d)$"))


def test_a_cut_socket_resumes_and_shows_every_idea_exactly_once(browser, lan_url, demo):
    meeting, board, _facilitator = demo
    context = browser.new_context(**PHONE)
    state = {"refuse": False, "cut": []}

    def route(ws):
        if state["refuse"]:
            ws.close(code=1006)
            return
        server = ws.connect_to_server()
        state["cut"].append((ws, server))

    context.route_web_socket(re.compile(r".*/ws/boards/.*"), route)
    guest = context.new_page()
    guest.goto(f"{lan_url}/meedoen/?code={meeting.join_code}")
    guest.get_by_label("Je naam").fill("Gast in de kelder")
    guest.get_by_role("button", name="Meedoen").click()
    expect(guest.locator("#live")).to_have_attribute("data-live-state", "open")
    guest.evaluate("htmx.config.wsReconnectDelay = function () { return 200; }")

    poster, _problems = join_as_guest(browser, lan_url, meeting, "Gast met goede wifi")

    state["refuse"] = True
    for ws, server in state["cut"]:
        server.close()
        ws.close(code=1006)
    expect(guest.locator("#live")).to_have_attribute("data-live-state", "closed")

    texts = [f"Idee tijdens de storing {n}" for n in range(5)]
    for text in texts:
        add_idea(poster, text)

    state["refuse"] = False
    expect(guest.locator("#live")).to_have_attribute("data-live-state", "open", timeout=15_000)
    for text in texts:
        expect(guest.locator("article.idea", has_text=text)).to_have_count(1)
    # And nothing twice after another resume (the page becoming visible again).
    guest.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    live_round_trip(guest)  # asked after the resume: its answer, if any, is on the page
    for text in texts:
        expect(guest.locator("article.idea", has_text=text)).to_have_count(1)


# A pushed board fragment: its seq marker comes first (boards.events).
BOARD_PUSH = re.compile(r'^<div id="board-\d+-seq" data-board="\d+" data-seq="\d+"')


def test_a_push_that_overtakes_the_one_before_it_is_not_lost(browser, lan_url, demo):
    """Two requests publishing at once may deliver a board's pushes in the wrong order (a CI run
    caught it). The page refuses the later one as a gap and applies the earlier one; it must still
    ask for the refused one, also when it asked a moment ago: then it asks when a few seconds are
    over (on the page's clock here, paused, so 'a moment ago' is certain)."""
    meeting, _board, _facilitator = demo
    context = browser.new_context(**PHONE)
    swap = {"on": False, "held": None}

    def route(ws):
        server = ws.connect_to_server()

        def from_server(message):
            if swap["on"] and isinstance(message, str) and BOARD_PUSH.match(message):
                if swap["held"] is None:
                    swap["held"] = message  # the earlier push waits ...
                    return
                ws.send(message)  # ... the later one overtakes it ...
                message, swap["held"], swap["on"] = swap["held"], None, False  # ... then it follows
            ws.send(message)

        server.on_message(from_server)

    context.route_web_socket(re.compile(r".*/ws/boards/.*"), route)
    guest = context.new_page()
    guest.goto(f"{lan_url}/meedoen/?code={meeting.join_code}")
    guest.get_by_label("Je naam").fill("Gast achter een trage lijn")
    guest.get_by_role("button", name="Meedoen").click()
    expect(guest.locator("#live")).to_have_attribute("data-live-state", "open")
    guest.clock.install()
    guest.clock.pause_at(guest.evaluate("Date.now()") + 1000)
    guest.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # it asks now: a moment ago
    live_round_trip(guest)

    poster, _problems = join_as_guest(browser, lan_url, meeting, "Gast met goede wifi")
    swap["on"] = True
    add_idea(poster, "Het eerste van twee")
    add_idea(poster, "Het tweede van twee")
    first = guest.locator("article.idea", has_text="Het eerste van twee")
    second = guest.locator("article.idea", has_text="Het tweede van twee")
    expect(first).to_have_count(1)
    assert not swap["on"], "the two pushes were not swapped"
    expect(second).to_have_count(0)  # refused as a gap; the page asked a moment ago
    guest.clock.run_for(3000)
    expect(second).to_have_count(1)
    expect(first).to_have_count(1)


def test_several_events_in_one_message_are_each_applied_and_one_seen_already_is_skipped(
    browser, lan_url, demo
):
    """The server's in-process hub joins the board events queued for one topic when its loop is behind
    (realtime.hub.joined). The page takes such a message apart and handles each event on its own: one
    it already has (here the first, as after a resume's answer) is skipped, the others are applied.
    Taken whole, the message would be dropped for its first seq, and the other ideas never shown."""
    meeting, _board, _facilitator = demo
    context = browser.new_context(**PHONE)
    hold = {"on": False, "held": [], "socket": None}

    def route(ws):
        server = ws.connect_to_server()
        hold["socket"] = ws

        def from_server(message):
            if hold["on"] and isinstance(message, str) and BOARD_PUSH.match(message):
                hold["held"].append(message)
                return
            ws.send(message)

        server.on_message(from_server)

    context.route_web_socket(re.compile(r".*/ws/boards/.*"), route)
    guest = context.new_page()
    problems = console_problems(guest)
    guest.goto(f"{lan_url}/meedoen/?code={meeting.join_code}")
    guest.get_by_label("Je naam").fill("Gast achter een drukke server")
    guest.get_by_role("button", name="Meedoen").click()
    expect(guest.locator("#live")).to_have_attribute("data-live-state", "open")
    live_round_trip(guest)

    poster, _problems = join_as_guest(browser, lan_url, meeting, "Gast die snel typt")
    hold["on"] = True
    texts = [
        "Eerste van drie in een bericht",
        "Tweede van drie in een bericht",
        "Derde van drie in een bericht",
    ]
    for text in texts:
        add_idea(poster, text)
    events: list[str] = []
    for _ in range(100):
        events = [event for message in hold["held"] for event in split_events(message)]
        if len(events) == len(texts):
            break
        guest.wait_for_timeout(50)
    assert len(events) == len(texts), hold["held"]
    hold["on"] = False
    hold["socket"].send(events[0])
    expect(guest.locator("article.idea", has_text=texts[0])).to_have_count(1)
    hold["socket"].send("".join(events))  # the first again, then the two the page lacks
    for text in texts:
        expect(guest.locator("article.idea", has_text=text)).to_have_count(1)
    live = guest.evaluate(CARDS_JS)
    reload = context.new_page()
    reload.goto(guest.url)
    expect(reload.locator("#live")).to_have_attribute("data-live-state", "open")
    assert live == reload.evaluate(CARDS_JS)
    assert not problems


def test_a_removed_guest_is_closed_with_4008_told_why_and_does_not_reconnect(browser, lan_url, demo):
    meeting, board, facilitator = demo
    guest, _problems = join_as_guest(browser, lan_url, meeting, "Gast die weg moet")
    sockets = []
    guest.on("websocket", lambda socket: sockets.append(socket))
    guest.clock.install()  # a reconnect would wait on a timer: on the page's clock from now on
    guest.evaluate(COUNT_CONNECTING)

    moderator = login_context(browser, lan_url, facilitator).new_page()
    moderator.goto(f"{lan_url}/borden/{board.pk}/")
    moderator.get_by_text("Gasten (1)").click()
    moderator.locator(".guest__remove > summary", has_text="Gast die weg moet").click()  # asked first
    moderator.get_by_role("button", name="Ja, verwijderen").click()

    expect(guest.locator("#live")).to_have_attribute("data-live-state", "removed")
    expect(guest.get_by_text("Je bent uit deze bijeenkomst verwijderd.")).to_be_visible()
    # A minute passes at once: every reconnect timer would fire (cmij.js waits at most 5 s). A
    # socket opened is counted by then; Playwright's report of it may come later.
    guest.clock.run_for(60_000)
    assert guest.evaluate("window.__connecting") == 0
    assert sockets == []  # no new socket was opened after the 4008
    assert guest.evaluate("1") == 1


def test_a_come_back_close_reconnects_and_resumes(browser, lan_url, demo):
    from realtime import control
    from tests.helpers.services import require_redis

    require_redis()  # the test process reaches the server's sockets through the shared channel layer
    meeting, board, _facilitator = demo
    guest, _problems = join_as_guest(browser, lan_url, meeting, "Gast die terugkomt")
    guest.evaluate("htmx.config.wsReconnectDelay = function () { return 200; }")
    poster, _ = join_as_guest(browser, lan_url, meeting, "Poster")
    guest_id = meeting.guests.get(display_name="Gast die terugkomt").pk

    with guest.expect_websocket(timeout=10_000):  # the glue opens a new socket after the 4013
        # From another thread: Playwright's sync API keeps an event loop running in this one.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(
                control.close_sockets, names.guest_group(guest_id), code=control.CLOSE_TRY_AGAIN
            ).result()
        add_idea(poster, "Gepost terwijl de gast even weg was")
    expect(guest.locator("#live")).to_have_attribute("data-live-state", "open", timeout=15_000)
    expect(guest.locator("article.idea", has_text="Gepost terwijl de gast even weg was")).to_have_count(1)


def test_the_plenary_projector_shows_the_breakouts_side_by_side_live(browser, lan_url, demo):
    meeting, board, _facilitator = demo
    breakout = meeting.boards.get(kind=Board.Kind.BREAKOUT, phase=Board.Phase.COLLECT)
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    problems = console_problems(projector)
    projector.goto(f"{lan_url}/borden/{board.pk}/projector/?t={board.projector_token}&breakouts=1")
    breakout_column = projector.locator(f"#board-{breakout.pk}")
    expect(breakout_column).to_have_attribute("data-live-state", "open")
    expect(projector.locator("#live")).to_have_attribute("data-live-state", "open")

    guest, _ = join_as_guest(browser, lan_url, meeting, "Gast in de deelsessie")
    guest.goto(f"{lan_url}/borden/{breakout.pk}/")
    expect(guest.locator("#live")).to_have_attribute("data-live-state", "open")
    add_idea(guest, "Idee uit de deelsessie")
    expect(breakout_column.locator("article.idea", has_text="Idee uit de deelsessie")).to_be_visible()
    expect(
        projector.locator(f"#board-{board.pk} article.idea", has_text="Idee uit de deelsessie")
    ).to_have_count(0)
    # Side by side: the breakouts share a row on the projector's screen.
    boxes = [
        projector.locator(f"#board-{b.pk}").bounding_box()
        for b in meeting.boards.filter(kind=Board.Kind.BREAKOUT)
    ]
    assert len(boxes) == 2 and abs(boxes[0]["y"] - boxes[1]["y"]) < 1 and boxes[0]["x"] != boxes[1]["x"]
    assert problems == []


def test_a_whole_meeting_collect_vote_discuss_close_export(browser, lan_url, demo):
    meeting, board, facilitator = demo
    guest, guest_problems = join_as_guest(browser, lan_url, meeting, "Gast die stemt")
    moderator_context = login_context(browser, lan_url, facilitator, accept_downloads=True)
    moderator = moderator_context.new_page()
    moderator.goto(f"{lan_url}/borden/{board.pk}/")
    expect(moderator.locator("#live")).to_have_attribute("data-live-state", "open")

    add_idea(guest, "Samen een festival in het Kennemerstrand")
    moderator.get_by_role("button", name="Stemmen", exact=True).click()
    expect(guest.get_by_label("Jouw idee", exact=True)).to_be_hidden()  # no adding while voting
    expect(guest.get_by_text("Je hebt nog 3 stemmen over.")).to_be_visible()

    card = guest.locator("article.idea", has_text="Samen een festival")
    card.get_by_role("button", name="Stem", exact=True).click()
    expect(guest.get_by_text("Je hebt nog 2 stemmen over.")).to_be_visible()
    expect(card.get_by_text("1 stem", exact=True)).to_be_visible()
    expect(card.get_by_role("button", name="Stem terugnemen")).to_be_visible()
    expect(
        moderator.locator("article.idea", has_text="Samen een festival").get_by_text("1 stem", exact=True)
    ).to_be_visible()

    moderator.get_by_role("button", name="Bespreken", exact=True).click()
    expect(guest.locator(".badge--phase")).to_have_text("Bespreken")
    expect(card.get_by_role("button", name="Stem", exact=True)).to_have_count(0)
    moderator.get_by_role("button", name="Gesloten", exact=True).click()
    expect(guest.locator(".badge--phase")).to_have_text("Gesloten")

    with moderator.expect_download() as download_info:
        moderator.get_by_role("link", name="Markdown").click()
    markdown = open(download_info.value.path(), encoding="utf-8").read()
    assert "Samen een festival in het Kennemerstrand (1 stem)" in markdown
    assert guest_problems == []


def test_a_guest_edits_and_deletes_their_own_idea_live_and_nobody_else_gets_its_controls(
    browser, lan_url, demo
):
    """#29: a guest's own controls come only to that guest (in their card, and from their my-state
    after a push replaced the card), and work live: edit, then delete, without a reload."""
    meeting, board, _facilitator = demo
    noor, noor_problems = join_as_guest(browser, lan_url, meeting, "Gast Noor")
    sem, sem_problems = join_as_guest(browser, lan_url, meeting, "Gast Sem")
    add_idea(noor, "Een zomerschool voor jonge dansers")
    mine = noor.locator("article.idea", has_text="Een zomerschool voor jonge dansers")
    theirs = sem.locator("article.idea", has_text="Een zomerschool voor jonge dansers")
    expect(theirs).to_be_visible()  # live on the other phone
    mine.get_by_text("Aanpassen", exact=True).click()
    edit = mine.get_by_label("Je idee aanpassen")
    expect(edit).to_have_value("Een zomerschool voor jonge dansers")
    edit.fill("Een zomerschool voor jonge dansers en muzikanten")
    mine.get_by_role("button", name="Opslaan").click()
    mine = noor.locator("article.idea", has_text="en muzikanten")
    expect(mine.locator(".idea__text")).to_have_text("Een zomerschool voor jonge dansers en muzikanten")
    expect(sem.locator("article.idea .idea__text", has_text="en muzikanten")).to_be_visible()
    # The push replaced the card; the glue put the controls back from Noor's own state.
    expect(mine.get_by_text("Aanpassen", exact=True)).to_be_visible()
    theirs = sem.locator("article.idea", has_text="en muzikanten")
    assert theirs.locator("form, details, [data-mine]").count() == 0
    assert "/bewerken/" not in sem.content() and "/verwijderen/" not in sem.content()
    noor.once("dialog", lambda dialog: dialog.accept())
    mine.get_by_role("button", name="Verwijderen").click()
    expect(noor.locator("article.idea:not([hidden])", has_text="en muzikanten")).to_have_count(0)
    expect(sem.locator("article.idea:not([hidden])", has_text="en muzikanten")).to_have_count(0)
    noor.reload()  # live equals reload: the idea stays gone
    expect(noor.locator("article.idea", has_text="en muzikanten")).to_have_count(0)
    assert noor_problems == [] and sem_problems == []
