"""The home page in a real Chromium served by a real daphne: Dutch, switchable, CSP-clean, live."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_home_page_is_dutch_switches_to_english_with_no_console_error_and_a_live_socket(page, live_url):
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket))

    page.goto(live_url + "/")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Bijeenkomsten")).to_be_visible()
    expect(nav.get_by_role("link", name="Oproepen")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # The socket connects from the live server's own origin (a port picked at run time).
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    assert sockets and sockets[0].url == live_url.replace("http", "ws") + "/ws/live/"

    # htmx and its ws extension loaded, and the CSP did not block them.
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.locator("style").count() == 0

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Sessions")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Nederlands"))).to_be_visible()
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")

    assert problems == []


def test_a_csp_header_without_unsafe_inline_is_sent(page, live_url):
    response = page.goto(live_url + "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
