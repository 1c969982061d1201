"""The header on a phone (#25): one row of at most 64 px (the name, the bell, a menu button); the menu
button is a disclosure that opens and closes with the keyboard and the pointer, and every main
section and the account actions are reached from it. On a desktop the navigation stays visible."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import console_problems, login_context

AT_360 = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}
SECTIONS = ["Bijeenkomsten", "Oproepen", "Makers", "Agenda", "Archief", "Actieteams"]


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def test_on_a_phone_the_header_is_one_row_and_its_menu_opens_with_keyboard_and_pointer(
    browser, live_url, member
):
    for context in (browser.new_context(**AT_360), login_context(browser, live_url, member, **AT_360)):
        page = context.new_page()
        problems = console_problems(page)
        page.goto(live_url + "/")
        assert header_height(page) <= 64
        button = page.get_by_role("button", name="Menu")
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(nav).to_be_hidden()

        # The keyboard: Tab reaches the button, Enter opens, Escape closes and keeps the focus there.
        button.focus()
        page.keyboard.press("Enter")
        expect(button).to_have_attribute("aria-expanded", "true")
        for section in SECTIONS:
            expect(nav.get_by_role("link", name=section)).to_be_visible()
        page.keyboard.press("Tab")  # into the menu: its first link
        expect(nav.get_by_role("link", name=SECTIONS[0])).to_be_focused()
        page.keyboard.press("Escape")
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(button).to_be_focused()
        expect(nav).to_be_hidden()
        page.keyboard.press(" ")
        expect(button).to_have_attribute("aria-expanded", "true")

        # The pointer: a tap closes it, another opens it; every section is reached from it.
        button.tap()
        expect(nav).to_be_hidden()
        button.tap()
        if context.cookies() and any(c["name"] == "sessionid" for c in context.cookies()):
            expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
            expect(
                page.locator(".site-header").get_by_role("link", name="Meldingen")
            ).to_be_visible()  # the bell stays in the row
        else:
            expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
            signup = page.get_by_role("link", name="Account aanmaken")
            expect(signup).to_be_visible()
            # A visible button: not teal on the teal header.
            assert signup.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(242, 177, 52)"
        nav.get_by_role("link", name="Agenda").tap()
        page.wait_for_url("**/agenda/")
        assert header_height(page) <= 64
        for section in SECTIONS[1:]:  # a members' section takes a visitor to log in, and back
            page.get_by_role("button", name="Menu").tap()
            link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=section)
            href = link.get_attribute("href")
            link.tap()
            page.wait_for_url(lambda url, href=href: url.endswith(href) or url.endswith("?next=" + href))
            assert header_height(page) <= 64
        assert problems == []
        context.close()


def test_on_a_desktop_the_navigation_stays_visible_and_there_is_no_menu_button(page, live_url):
    page.goto(live_url + "/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for section in SECTIONS:
        expect(nav.get_by_role("link", name=section)).to_be_visible()
