"""What the Playwright tests share: waiting on something the page shows or does, never a fixed time.

- `feed_live`: the callout feed's subscription is live (cmij.js marks #feed-subscription with
  data-live once the site socket acknowledged the page's filters);
- `live_round_trip`: a question on the page's own socket and its answer, which comes after
  everything the server sent that socket before (one socket's messages are handled in order, and
  the page reads them in order): once answered, a push that was on its way is on the page.
"""

from __future__ import annotations

import secrets

from playwright.sync_api import expect

# Sends {"action": "ping"} through the page's socket as the page itself would (a ws-send element
# inside the socket's element) and notes the answer: a site socket answers with a pong, a board
# socket (which has no ping) with an error fragment. The answer is the test's, not the page's:
# htmx does not swap it, so the page is left as it was.
ROUND_TRIP = """token => {
  const answer = /^<div id="live-(?:pong|error)"/;
  const sender = document.createElement("button");
  const listen = event => {
    if (!answer.test(event.detail.message)) return;
    event.preventDefault();
    document.removeEventListener("htmx:wsBeforeMessage", listen);
    sender.remove();
    window.__liveRoundTrip = token;
  };
  document.addEventListener("htmx:wsBeforeMessage", listen);
  sender.type = "button";
  sender.hidden = true;
  sender.setAttribute("ws-send", "");
  sender.setAttribute("hx-vals", JSON.stringify({ action: "ping" }));
  document.getElementById("live").appendChild(sender);
  htmx.process(sender);
  sender.click();
}"""


def feed_live(page) -> None:
    """Wait until the feed's live subscription is acknowledged: new callouts now reach this page."""
    expect(page.locator("#feed-subscription")).to_have_attribute("data-live", "1")


def live_round_trip(page, timeout: float = 10_000) -> None:
    """Ask on the page's socket and wait for the answer: whatever the server sent this page before
    has been handled by the page (swapped in, counted, announced) when this returns."""
    token = secrets.token_hex(4)
    page.evaluate(ROUND_TRIP, token)
    page.wait_for_function("token => window.__liveRoundTrip === token", arg=token, timeout=timeout)
