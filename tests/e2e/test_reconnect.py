"""A phone's socket comes back after every close it did not ask for, whatever the code, and shows
what was posted meanwhile exactly once; a phone told to stay away (4008) stays away and says why
(issue #24, "Phones say what is happening").

The phone reaches daphne through a loopback proxy the test controls (tests/helpers/proxies.py):
1000 and 1001 are close frames of the proxy (daphne itself sends only 1000 and 3000-4999), 1006 a
cut TCP connection, 1011 an error in the application (tests/helpers/faulty_asgi.py), 4013 the
consumer closing a socket that fell CMIJ_SOCKET_MAX_BEHIND events behind its acknowledgements.
While the phone is away the proxy refuses it, so the ideas are posted while it cannot see them.
"""

from __future__ import annotations

import secrets
from datetime import datetime

import pytest
from playwright.sync_api import expect

from boards.models import Guest
from tests.helpers import faulty_asgi
from tests.helpers.browsers import Browser
from tests.helpers.factories import meeting as new_meeting
from tests.helpers.proxies import proxy
from tests.helpers.servers import daphne, free_port

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MAX_BEHIND = 2
# Every close the page's sockets report, and every socket htmx opens, from the start of the page.
RECORD = """
window.__closes = [];
window.__connecting = 0;
document.addEventListener("htmx:wsClose", event => window.__closes.push(event.detail.event.code));
document.addEventListener("htmx:wsConnecting", () => { window.__connecting += 1; });
"""
# Counts the changes to the banner's text from now on: each would be said again by a screen reader.
COUNT_SAID = """() => {
  window.__said = 0;
  new MutationObserver(records => { window.__said += records.length; }).observe(
    document.querySelector("#live .live-banner__text"),
    { subtree: true, childList: true, characterData: true, attributes: true });
}"""
# Sends a message through the page's board socket as the page itself would (a ws-send element).
SEND = """message => {
  const sender = document.createElement("button");
  sender.type = "button";
  sender.hidden = true;
  sender.setAttribute("ws-send", "");
  sender.setAttribute("hx-vals", JSON.stringify(message));
  document.getElementById("live").appendChild(sender);
  htmx.process(sender);
  sender.click();
  sender.remove();
}"""


@pytest.fixture
def room(transactional_db):
    """A meeting served by daphne (with the injectable fault and a small MAX_BEHIND), and a proxy in
    front of it, whose address is the site's."""
    meeting = new_meeting()
    board = meeting.boards.get()
    port = free_port()
    with proxy(port) as front:
        with daphne(
            port=port,
            application=faulty_asgi.APPLICATION,
            CMIJ_BASE_URL=front.url,
            CMIJ_SOCKET_MAX_BEHIND=str(MAX_BEHIND),
        ) as direct:
            yield meeting, board, front, direct


class Poster:
    """Someone else in the room, posting over HTTP straight to daphne (not through the proxy)."""

    def __init__(self, direct: str, meeting, board) -> None:
        self.board = board
        self.browser = Browser(direct).join(meeting.join_code, "Poster")
        self.posted: list[str] = []

    def post(self, text: str) -> None:
        data = {"text": text, "prompt": self.board.prompts.first().pk, "client_msg_id": secrets.token_hex(16)}
        self.browser.post(f"/borden/{self.board.pk}/ideeen/", data, form_page=f"/borden/{self.board.pk}/")
        self.posted.append(text)


def phone_in(browser, front, meeting):
    context = browser.new_context(**PHONE)
    context.add_init_script(RECORD)
    page = context.new_page()
    page.goto(f"{front.url}/meedoen/?code={meeting.join_code}")
    page.get_by_label("Je naam").fill("Gast achter de proxy")
    page.get_by_role("button", name="Meedoen").click()
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    return page


def closed_with(page, code: int) -> None:
    page.wait_for_function("code => window.__closes.includes(code)", arg=code, timeout=15_000)


def shows_each_once(page, texts: list[str]) -> None:
    for text in texts:
        expect(page.locator("article.idea", has_text=text)).to_have_count(1)
    expect(page.locator("article.idea:not([hidden])")).to_have_count(len(texts))


def test_a_phone_comes_back_after_1000_1001_4012_1006_1011_and_4013_with_every_idea_once(browser, room):
    meeting, board, front, direct = room
    phone = phone_in(browser, front, meeting)
    poster = Poster(direct, meeting, board)
    banner = phone.locator("#live .live-banner__text")
    expect(banner).to_be_hidden()  # live: no banner
    phone.evaluate(COUNT_SAID)

    def away_and_back(code: int, end) -> None:
        phone.evaluate("window.__closes = []")
        front.hold()  # from now on the phone cannot come back
        end()
        closed_with(phone, code)
        expect(phone.locator("#live")).to_have_attribute("data-live-state", "closed")
        expect(banner).to_be_visible()
        # Its tries to come back fail while held; the banner is said once, not once per try.
        phone.evaluate("window.__said = 0")
        phone.wait_for_function("() => window.__closes.length >= 3", timeout=15_000)
        assert phone.evaluate("window.__said") == 0
        for n in range(2):
            poster.post(f"Gepost na {code}, nummer {n}")
        front.release()
        expect(phone.locator("#live")).to_have_attribute("data-live-state", "open", timeout=15_000)
        expect(banner).to_be_hidden()
        shows_each_once(phone, poster.posted)

    away_and_back(1000, lambda: front.close_sockets(1000))  # a proxy reloading
    away_and_back(1001, lambda: front.close_sockets(1001))  # a server going away
    away_and_back(4012, lambda: front.close_sockets(4012))  # a restart, as the server says it
    away_and_back(1006, front.cut)  # the Wi-Fi gone
    away_and_back(1011, lambda: phone.evaluate(SEND, {"action": faulty_asgi.TRIGGER}))  # a server error

    # 4013: the consumer closes a socket sent MAX_BEHIND events since its last acknowledgement.
    phone.evaluate("window.__closes = []")
    front.hold()
    for n in range(MAX_BEHIND + 6):
        poster.post(f"Snel achter elkaar {n}")
        if phone.evaluate("window.__closes.includes(4013)"):
            break
    closed_with(phone, 4013)
    poster.post("Gepost na 4013")
    front.release()
    expect(phone.locator("#live")).to_have_attribute("data-live-state", "open", timeout=15_000)
    shows_each_once(phone, poster.posted)


# What the browser says when it may be worth trying at once: the network is back, the page is
# shown again, the page came back from the back/forward cache.
AT_ONCE = {
    "online": "window.dispatchEvent(new Event('online'))",
    "visible": "document.dispatchEvent(new Event('visibilitychange'))",
    "back-forward-cache": "window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))",
}


def test_a_phone_away_comes_back_at_once_when_online_visible_or_back_from_the_cache(browser, room):
    meeting, board, front, direct = room
    phone = phone_in(browser, front, meeting)
    poster = Poster(direct, meeting, board)
    phone.clock.install()
    for name, event in AT_ONCE.items():
        front.hold()
        front.cut()
        closed_with(phone, 1006)
        # The page's time stands still: no backoff timer fires now, only the event can bring it back.
        phone.clock.pause_at(datetime.fromtimestamp(phone.evaluate("Date.now()") / 1000 + 1))
        poster.post(f"Gepost terwijl de telefoon weg was ({name})")
        front.release()
        connecting = phone.evaluate("window.__connecting")
        phone.evaluate(event)
        expect(phone.locator("#live")).to_have_attribute("data-live-state", "open")
        assert phone.evaluate("window.__connecting") == connecting + 1, name
        shows_each_once(phone, poster.posted)
        phone.clock.resume()
        phone.evaluate("window.__closes = []")


def test_a_removed_phone_stays_away_and_says_why(browser, room):
    meeting, board, front, direct = room
    phone = phone_in(browser, front, meeting)
    phone.clock.install()  # a reconnect would wait on a timer: on the page's clock from now on
    expect(phone.get_by_label("Jouw idee", exact=True)).to_be_visible()
    guest = Guest.objects.get(meeting=meeting)
    facilitator = meeting.facilitators.first() or meeting.created_by
    Browser(direct).log_in(facilitator).post(
        f"/borden/{board.pk}/gasten/verwijderen/", {"guest": guest.pk}, form_page=f"/borden/{board.pk}/"
    )
    closed_with(phone, 4008)
    expect(phone.locator("#live")).to_have_attribute("data-live-state", "removed")
    expect(phone.get_by_text("Je bent uit deze bijeenkomst verwijderd.")).to_be_visible()
    expect(phone.get_by_label("Jouw idee", exact=True)).to_be_hidden()  # the form went away
    connecting = phone.evaluate("window.__connecting")
    phone.clock.run_for(60_000)  # every backoff timer would have fired by now
    assert phone.evaluate("window.__connecting") == connecting
    assert phone.evaluate("window.__closes") == [4008]
