"""The agenda in a real Chromium: the filters follow without a reload and stand in the URL; an event
page's JSON-LD block is data the strict CSP leaves alone, and a `</script>` in a title stays inside it."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from profiles.models import Municipality
from profiles.reference import ensure_reference_data
from tests.e2e.conftest import console_problems
from tests.helpers.factories import publish_event as publish
from tests.helpers.factories import when

pytestmark = pytest.mark.django_db(transaction=True)


def test_filtering_the_agenda_live_with_the_filter_in_the_url(page, live_url):
    ensure_reference_data()  # a transactional test before this one emptied every table
    publish(
        title="Dans in Heemskerk", municipality=Municipality.objects.get(slug="heemskerk"), starts_at=when(2)
    )
    publish(
        title="Concert in Velsen", municipality=Municipality.objects.get(slug="velsen"), starts_at=when(4)
    )
    problems = console_problems(page)
    page.goto(f"{live_url}/agenda/")
    titles = page.locator("#agenda-results .event-card__title")
    expect(titles).to_have_text(["Dans in Heemskerk", "Concert in Velsen"])
    page.evaluate("window.marker = 'same page'")

    page.locator("details", has=page.locator("input[name=gemeente]")).locator("summary").click()
    page.locator("input[name=gemeente][value=velsen]").check()
    expect(page).to_have_url(f"{live_url}/agenda/?gemeente=velsen")
    expect(titles).to_have_text(["Concert in Velsen"])
    expect(page.locator(".agenda-feeds code")).to_contain_text("/agenda.ics?gemeente=velsen")
    assert page.evaluate("window.marker") == "same page"
    assert problems == []


def test_the_json_ld_of_an_event_is_data_under_the_csp_and_a_script_in_its_title_stays_text(page, live_url):
    title = "</script><script>alert(1)</script>"
    event = publish(title=title)
    problems = console_problems(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_url}{event.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(title)
    blocks = page.locator('script[type="application/ld+json"]')
    expect(blocks).to_have_count(1)
    data = json.loads(blocks.first.text_content())
    assert data["@type"] == "Event" and data["name"] == title
    assert page.locator("script:not([src]):not([type='application/ld+json'])").count() == 0
    assert dialogs == [] and problems == []
