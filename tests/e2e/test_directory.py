"""The directory in a real browser: filter by a discipline, the list follows without a reload, the
URL carries the filter, typing keeps the focus, and back brings the previous list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import console_problems, login_context
from tests.helpers.factories import MemberFactory
from tests.helpers.factories import directory_profile as make

pytestmark = pytest.mark.django_db(transaction=True)


def test_filtering_the_directory_live_with_the_filter_in_the_url(browser, live_url):
    make("Pim Schilder", disciplines=["beeldende-kunst"], kern="ijmuiden", bio="Schilderijen van de zee")
    make("Dana Danser", disciplines=["dans"], kern="heemskerk")
    make("Bo Beide", disciplines=["dans", "muziek"], kern="wijk-aan-zee")
    context = login_context(browser, live_url, MemberFactory(display_name="Zoë Zoeker"))
    page = context.new_page()
    problems = console_problems(page)
    page.goto(f"{live_url}/makers/")
    cards = page.locator("#directory-results .card__title")
    expect(cards).to_have_count(4)
    page.evaluate("window.marker = 'same page'")  # gone if the page reloads

    page.locator("details", has=page.locator("input[name=discipline]")).locator("summary").click()
    page.locator("input[name=discipline][value=dans]").check()
    expect(page).to_have_url(f"{live_url}/makers/?discipline=dans")
    expect(cards).to_have_text(["Bo Beide", "Dana Danser"])

    search = page.locator("#id_zoek")
    search.click()
    search.fill("Bo")
    expect(cards).to_have_text(["Bo Beide"])
    expect(search).to_be_focused()
    expect(page).to_have_url(f"{live_url}/makers/?zoek=Bo&discipline=dans")
    assert page.evaluate("window.marker") == "same page"

    page.go_back()
    expect(page).to_have_url(f"{live_url}/makers/?discipline=dans")
    expect(cards).to_have_text(["Bo Beide", "Dana Danser"])
    page.go_back()
    expect(page).to_have_url(f"{live_url}/makers/")
    expect(cards).to_have_count(4)
    assert problems == []
