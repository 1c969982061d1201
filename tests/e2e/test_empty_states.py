"""Empty states in a real Chromium (#25): every board column says what will appear there while it has
no card, and stops saying it the moment a card arrives live."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.test_board import PHONE, add_idea
from tests.helpers import factories


def test_an_empty_column_says_so_until_an_idea_arrives(browser, live_url):
    meeting = factories.meeting(title="Lege kolommen")
    board = meeting.boards.first()
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{live_url}/meedoen/?code={meeting.join_code}")
    phone.get_by_label("Je naam").fill("Gast Ada")
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.locator("#live")).to_have_attribute("data-live-state", "open")
    notes = phone.locator(".column__empty")
    columns = board.prompts.count()
    assert columns >= 2
    expect(notes.filter(has_text="Nog geen ideeën hier")).to_have_count(columns)
    for index in range(columns):
        expect(notes.nth(index)).to_be_visible()

    add_idea(phone, "Een podium op het strand")
    first = phone.locator(".column").first
    expect(first.locator("article.idea")).to_have_count(1)
    expect(first.locator(".column__empty")).to_be_hidden()
    expect(phone.locator(".column").nth(1).locator(".column__empty")).to_be_visible()

    phone.reload()  # a reload agrees
    expect(phone.locator(".column").first.locator(".column__empty")).to_be_hidden()
    expect(phone.locator(".column").nth(1).locator(".column__empty")).to_be_visible()
