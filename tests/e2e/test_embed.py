"""The embed as a partner's site shows it, in a real Chromium: a page on another origin (a tiny
http.server on localhost, while daphne serves 127.0.0.1: another origin, and another site) frames
/agenda/insluiten/, which shows the agenda, and a click on an event in it opens our event page in a
new tab, the partner's page staying where it is; the same page framing /agenda/ gets the browser's
own error page in that frame, never our agenda."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from profiles.models import Municipality
from profiles.reference import ensure_reference_data
from tests.e2e.conftest import console_problems
from tests.helpers.factories import publish_event as publish
from tests.helpers.factories import when

pytestmark = pytest.mark.django_db(transaction=True)

# The partner's page: our frames, and a flag per frame once its load event fired (a frame the browser
# refused fires it too, on the error page it shows instead).
PARTNER_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Cultuurhuis aan Zee</title></head>
<body><h1>Cultuurhuis aan Zee</h1>
{frames}
</body></html>"""
FRAME = '<iframe id="{id}" src="{src}" title="Agenda" width="360" height="600" onload="this.dataset.loaded = 1"></iframe>'


@contextmanager
def partner_site(frames: dict[str, str]) -> Iterator[str]:
    """A page on another origin framing `frames` ({id: src}); yields its address on localhost."""
    html = PARTNER_PAGE.format(frames="\n".join(FRAME.format(id=id, src=src) for id, src in frames.items()))
    body = html.encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}/partner.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_partner_frames_the_embed_and_a_click_opens_the_event_outside_the_frame(page, live_url):
    ensure_reference_data()  # a transactional test before this one emptied every table
    event = publish(title="Zomeravondconcert in de Vishal", starts_at=when(2))
    problems = console_problems(page)
    with partner_site({"agenda": f"{live_url}/agenda/insluiten/"}) as partner:
        assert not partner.startswith(live_url)
        page.goto(partner)
        frame = page.frame_locator("#agenda")
        expect(frame.locator("h1")).to_have_text("Cultuuragenda IJmond")
        title = frame.locator(".event-card__title a")
        expect(title).to_have_text(event.title)

        with page.context.expect_page() as opened:
            title.click()
        event_page = opened.value
        event_page.wait_for_load_state()
        assert event_page.url == f"{live_url}{event.get_absolute_url()}"
        expect(event_page.locator("h1")).to_have_text(event.title)
        # The partner's page and its frame stay as they were.
        assert page.url == partner
        expect(frame.locator("h1")).to_have_text("Cultuuragenda IJmond")
    assert problems == []  # nothing the embed's CSP refused, no script error


def test_a_partner_cannot_frame_the_agenda_page_itself(page, live_url):
    """Chromium answers a frame its response forbids (X-Frame-Options DENY, frame-ancestors 'none')
    with its own error page: the frame's document becomes chrome-error://chromewebdata/, while its
    load event still fires. So: wait until both frames fired theirs (the allowed one beside it is the
    control that frames load at all), then the refused one holds the error page, and none of ours."""
    ensure_reference_data()
    publish(title="Zomeravondconcert in de Vishal", starts_at=when(2))
    served = {}
    page.on("response", lambda response: served.setdefault(response.url, response))
    frames = {"embed": f"{live_url}/agenda/insluiten/", "agenda": f"{live_url}/agenda/"}
    with partner_site(frames) as partner:
        page.goto(partner)
        for id in frames:
            expect(page.locator(f"#{id}")).to_have_attribute("data-loaded", "1")
        expect(page.frame_locator("#embed").locator("h1")).to_have_text("Cultuuragenda IJmond")

        # Our server did send the agenda (200), with the headers that forbid framing it...
        sent = served[f"{live_url}/agenda/"]
        assert sent.status == 200 and sent.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in sent.headers["content-security-policy"]
        # ...and the browser showed its error page in the frame instead of it.
        refused = page.locator("#agenda").element_handle().content_frame()
        assert refused.url.startswith("chrome-error://")
        assert refused.locator("h1", has_text="Agenda").count() == 0
        assert refused.locator(".agenda__results, .site-header").count() == 0
        allowed = page.locator("#embed").element_handle().content_frame()
        assert allowed.url == frames["embed"]


def test_the_code_to_copy_follows_the_filters_without_a_reload(page, live_url):
    ensure_reference_data()
    publish(
        title="Concert in Velsen", municipality=Municipality.objects.get(slug="velsen"), starts_at=when(4)
    )
    page.goto(f"{live_url}/agenda/")
    code = page.locator("#agenda-embed-code")
    expect(code).to_have_value(re.compile(re.escape(f'<iframe src="{live_url}/agenda/insluiten/" ')))
    page.evaluate("window.marker = 'same page'")
    page.locator("details", has=page.locator("input[name=gemeente]")).locator("summary").click()
    page.locator("input[name=gemeente][value=velsen]").check()
    expect(page).to_have_url(f"{live_url}/agenda/?gemeente=velsen")
    expect(code).to_have_value(re.compile(re.escape(f'src="{live_url}/agenda/insluiten/?gemeente=velsen"')))
    assert page.evaluate("window.marker") == "same page"
