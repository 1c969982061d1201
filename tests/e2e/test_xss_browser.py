"""The XSS corpus in a real Chromium against a live daphne (#14): zero executions.

Every field of tests/abuse/xss.py is filled with the whole corpus at once (packed, as the field's
write packs it), the first pages of every place of every field are loaded (`Place.browser_pages`;
all payloads of a field on one page where the place shows a list, several on each page of a place
that shows one thing), and the live WebSocket pushes are triggered while the pages are open: ideas
posted through daphne (every payload, a line each, in as few ideas as hold them) reach the board
pages of a facilitator, a participant and the projector, and callouts reach the feed.

Before any page script runs, an init script traps the sinks an injected script would use (alert,
confirm, prompt, print, open, fetch, sendBeacon, eval, Function, an XHR htmx did not send) and every
htmx request (nothing here is clicked, so a page that sends one was made to by its content; only
the glue's own fetches are expected: a team page's live part, which its socket asks for, and a
facilitator's guest list, fetched whenever the board's socket opens); each call is
recorded in `window.__xss`, read from every frame. The Content-Security-Policy is bypassed
on purpose: it is a second wall, and this test is about the first one, escaping.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.abuse import xss
from tests.e2e.conftest import login_context
from tests.helpers.pages import feed_live

pytestmark = [pytest.mark.abuse, pytest.mark.timeout(300)]

TRAP = """
(() => {
  if (window.__xss) return;
  const hits = [];
  Object.defineProperty(window, "__xss", { value: hits });
  const note = (sink, what) => hits.push(sink + ": " + String(what).slice(0, 160));
  for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
    window[name] = function (what) { note(name, what); return null; };
  }
  const realFetch = window.fetch;
  window.fetch = function (what, ...rest) { note("fetch", what); return realFetch.call(this, what, ...rest); };
  navigator.sendBeacon = function (what) { note("sendBeacon", what); return true; };
  const realEval = window.eval;
  // Playwright reads window.__xss through eval: that read is not an execution.
  window.eval = function (code) { if (!String(code).includes("__xss")) note("eval", code); return realEval(code); };
  const RealFunction = window.Function;
  window.Function = function (...args) { note("Function", args.join(",")); return RealFunction(...args); };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) { this.__url = url; return open.call(this, method, url, ...rest); };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    if (!this.__htmx) note("xhr", this.__url);
    return send.apply(this, args);
  };
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.xhr) event.detail.xhr.__htmx = true;
    const elt = event.detail.elt;
    const path = event.detail.requestConfig && event.detail.requestConfig.path;
    // The glue's own fetches, sent from <body> by htmx.ajax, are the page working, not its content
    // acting: a team page's live part (the socket's answer to the page watching its team) and a
    // facilitator's guest list (fetched again whenever the board's socket opens).
    const here = location.pathname.endsWith("/") ? location.pathname : location.pathname + "/";
    const own = [here + "live/", here + "gasten/"];
    if (elt === document.body && own.includes(path)) return;
    note("htmx request", path + " from " + (elt && elt.outerHTML));
  }, true);
})();
"""


# Two rendering frames after the load event: by then what a page runs on load, on error, on htmx's
# load trigger, on focus (autofocus) or on its first rendering (animations, toggles) has run. It
# names window.__xss, so the trap lets this read of Playwright's through its eval.
SETTLED = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
  done(Boolean(window.__xss));
})))"""


def executions(page) -> list[str]:
    found = []
    for frame in page.frames:
        try:
            found += frame.evaluate("window.__xss ? Array.from(window.__xss) : ['no trap in this frame']")
        except Exception as error:  # a frame that navigated away mid-read
            found.append(f"frame {frame.url}: {error}")
    return found


def new_context(browser, base_url, user):
    options = {"bypass_csp": True, "viewport": {"width": 1280, "height": 800}}
    context = login_context(browser, base_url, user, **options) if user else browser.new_context(**options)
    context.add_init_script(TRAP)
    return context


def watched(context, hits: list[str]):
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("dialog", lambda dialog: (hits.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return page


def csrf_post(page, base_url: str, path: str, form: dict) -> int:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{base_url}{path}",
        form=form,
        headers={"X-CSRFToken": token, "Referer": f"{base_url}/"},
        max_redirects=0,
    )
    return response.status


def test_no_payload_runs_in_chromium(browser, live_url):
    started = time.monotonic()
    corpus = xss.payloads()
    world = xss.world_new()
    worlds = {}  # each field its own board (150 columns times 700 ideas would be no page at all)
    for name, spec in xss.FIELDS.items():
        worlds[name] = xss.world_new(people=world)
        spec.write(worlds[name], spec.texts(corpus))
    world = worlds["idea"]
    written = time.monotonic()

    hits: list[str] = []
    contexts = {role: new_context(browser, live_url, xss.viewer(world, role)) for role in
                ("organiser", "member", "member2", "author", "anonymous")}  # fmt: skip
    pages = {role: watched(context, hits) for role, context in contexts.items()}
    loaded = set()
    by_place: Counter = Counter()
    for field_name in xss.FIELDS:
        for place, role, path in xss.iter_payload_pages(worlds[field_name], field_name):
            if (role, path) in loaded:
                continue
            loaded.add((role, path))
            by_place[place] += 1
            page = pages[role]
            page.goto(f"{live_url}{path}", wait_until="load")
            page.evaluate(SETTLED)  # onerror, onload, hx-trigger="load", autofocus and the like fired
            assert page.url == f"{live_url}{path}", f"{path} navigated away to {page.url}"
            hits += [f"{path} as {role}: {hit}" for hit in executions(page)]
    browsed = time.monotonic()
    assert hits == [], f"{len(hits)} executions on {len(loaded)} pages:\n" + "\n".join(hits[:40])

    # --- live pushes: ideas through daphne while the board is open for every audience -------------
    board = world.board
    watchers = {
        "organiser": watched(contexts["organiser"], hits),
        "member": watched(contexts["member"], hits),
        "anonymous": watched(contexts["anonymous"], hits),
    }
    watchers["organiser"].goto(f"{live_url}{xss.board_path(world)}")
    watchers["member"].goto(f"{live_url}{xss.board_path(world)}")
    watchers["anonymous"].goto(f"{live_url}{xss.projector_path(world)}")
    for page in watchers.values():
        expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    before = watchers["member"].locator("article.idea").count()

    guest_context = new_context(browser, live_url, None)
    guest = watched(guest_context, hits)
    guest.goto(f"{live_url}/meedoen/?code={world.meeting.join_code}")
    guest.get_by_label("Je naam").fill('"><img src=x onerror=alert(1)>{{ 7*7 }}')
    guest.get_by_role("button", name="Meedoen").click()
    expect(guest.locator("#live")).to_have_attribute("data-live-state", "open")
    prompt = board.prompts.first()
    # Packed, a line each, into as few ideas as hold them: every payload is pushed, in fewer posts.
    fit = [payload for payload in corpus if len(payload.strip()) <= board.idea_max_length]
    posts = ["\n".join(pack) for pack in xss.chunks(fit, board.idea_max_length, "\n")]
    for payload in posts:
        assert (
            csrf_post(
                guest, live_url, f"/borden/{board.pk}/ideeen/", {"text": payload, "prompt": str(prompt.pk)}
            )
            == 302
        )
    for page in watchers.values():
        expect(page.locator("article.idea:not(.idea--gone)")).to_have_count(
            before + len(posts), timeout=60_000
        )

    # --- live pushes: callouts reach a reader's feed ------------------------------------------------
    feed = watched(contexts["member"], hits)
    feed.goto(f"{live_url}/oproepen/")
    expect(feed.locator("#live")).to_have_attribute("data-live-state", "open")
    feed_live(feed)  # the glue subscribed with the page's filters
    # Posted by an organiser: a member may post 3 callouts an hour (cmij/limits.py), these are 13.
    author = pages["organiser"]
    author.goto(f"{live_url}/oproepen/nieuw/")
    from profiles.models import Discipline

    music = Discipline.objects.get(slug="muziek")
    expires = (timezone.localdate() + timedelta(days=14)).isoformat()
    for payload in corpus[:: max(1, len(corpus) // 12)]:
        status = csrf_post(
            author, live_url, "/oproepen/nieuw/",
            {"kind": "collaboration", "title": payload[:120], "body": payload, "disciplines": str(music.pk), "expires_on": expires},
        )  # fmt: skip
        assert status == 302
    from callouts.models import Callout

    newest = Callout.objects.order_by("-pk").first()
    expect(feed.locator(f"#callout-{newest.pk}")).to_have_count(1, timeout=20_000)
    pushed = time.monotonic()

    for page in [*watchers.values(), guest, feed]:
        hits += [f"live {page.url}: {hit}" for hit in executions(page)]
    for context in [*contexts.values(), guest_context]:
        context.close()
    print(
        f"\nXSS in Chromium: {len(corpus)} payloads, {len(xss.FIELDS)} fields, {len(loaded)} pages loaded, "
        f"{len(fit)} payloads in {len(posts)} ideas pushed live; write {written - started:.1f}s, "
        f"browse {browsed - written:.1f}s, push {pushed - browsed:.1f}s; executions: {len(hits)}\n"
        f"pages by place: {dict(by_place.most_common())}"
    )
    assert hits == [], "\n".join(hits[:40])
