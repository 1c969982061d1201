"""Callouts in real browsers: a member posts, another member's bell rises and the callout arrives at
the top of their feed without a reload; they respond, and the author's bell rises."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from callouts.models import Callout
from tests.e2e.conftest import console_problems, login_context
from tests.helpers.factories import maker, post, trust
from tests.helpers.pages import feed_live, live_round_trip

pytestmark = pytest.mark.django_db(transaction=True)


def open_feed(browser, live_url, user, path="/oproepen/"):
    context = login_context(browser, live_url, user, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems = console_problems(page)
    page.goto(f"{live_url}{path}")
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    feed_live(page)
    return page, problems


def post_in_browser(page, live_url, title, discipline_label, kind="collaboration"):
    """Post through the app itself: the pushes leave from the served process."""
    page.goto(f"{live_url}/oproepen/nieuw/")
    page.locator(f"#id_kind input[value='{kind}']").check()
    page.locator("#id_title").fill(title)
    page.locator("#id_body").fill("Meer weten? Reageer hieronder.")
    page.get_by_label(discipline_label, exact=True).check()
    page.locator("form.callout-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(title)


def bell(page):
    return page.locator("#bell-count .bell__number")


def test_a_callout_reaches_the_follower_live_and_the_response_reaches_the_author(browser, live_url):
    author = maker(disciplines=["muziek"], municipality_slug="beverwijk", display_name="Anna Auteur")
    trust(author)  # past the first callout an organiser approves
    follower = maker(disciplines=["theater"], municipality_slug="velsen", display_name="Bram Volger")

    a, a_problems = open_feed(browser, live_url, author)
    b, b_problems = open_feed(browser, live_url, follower)
    expect(b.locator("#bell-count")).to_be_hidden()
    expect(b.locator("#feed-items > li")).to_have_count(0)

    a.goto(f"{live_url}/oproepen/nieuw/")
    a.locator("#id_kind input[value='people']").check()
    a.locator("#id_title").fill("Figuranten gezocht voor een openluchtvoorstelling")
    a.locator("#id_body").fill("We spelen in augustus op het **strand** van IJmuiden.")
    a.locator("#id_disciplines input[value]").nth(0).wait_for()
    a.get_by_label("Theater", exact=True).check()
    a.locator("form.callout-form button[type=submit]").click()
    expect(a.locator("h1")).to_have_text("Figuranten gezocht voor een openluchtvoorstelling")

    # B: without a reload, the bell rises and the callout is on top of the feed.
    expect(bell(b)).to_have_text("1")
    first = b.locator("#feed-items > li").first
    expect(first).to_contain_text("Figuranten gezocht")
    expect(first.locator("strong")).to_have_text("strand")

    first.get_by_role("link").first.click()
    b.locator("#id_body").fill("Ik doe graag mee, met mijn hele toneelclub!")
    b.locator("form.respond-form button[type=submit]").click()
    expect(b.locator(".thread__message")).to_contain_text("hele toneelclub")

    # A is on the callout's page: the bell rises there too, and the thread is theirs to read.
    expect(bell(a)).to_have_text("1")
    a.locator(".bell").click()
    expect(a.locator(".notification--unread")).to_contain_text("Bram Volger")
    a.locator(".notification--unread button").first.click()
    expect(a.locator(".thread")).to_contain_text("hele toneelclub")
    expect(a.locator("#bell-count")).to_be_hidden()

    assert a_problems == [] and b_problems == []


def test_filters_live_in_the_url_and_a_scrolled_reader_gets_a_button(browser, live_url):
    author = maker()
    reader = maker()
    for i in range(25):
        post(author, title=f"Oudere oproep {i}", disciplines=["dans"])
    page, problems = open_feed(browser, live_url, reader)
    poster, _poster_problems = open_feed(browser, live_url, author)

    page.locator("details", has=page.locator("input[name=discipline]")).locator("summary").click()
    page.locator("input[name=discipline][value=film]").check()
    expect(page).to_have_url(f"{live_url}/oproepen/?discipline=film")
    expect(page.locator("#feed-items > li")).to_have_count(0)
    feed_live(page)  # subscribed again, with the filter
    page.evaluate("window.scrollTo(0, 0)")  # ticking the filter may have scrolled: read from the top

    # A matching callout arrives on top; a callout for another discipline does not.
    post_in_browser(poster, live_url, "Cameraploeg gezocht", "Film en video")
    post_in_browser(poster, live_url, "Nog een dansoproep", "Dans")
    expect(page.locator("#feed-items > li").first).to_contain_text("Cameraploeg gezocht")
    live_round_trip(page)  # the dance callout was published before: had it come, it is here now
    expect(page.locator("#feed-items > li")).to_have_count(1)

    page.go_back()
    expect(page).to_have_url(f"{live_url}/oproepen/")
    expect(page.locator("#feed-items > li")).to_have_count(20)
    page.locator("#feed-more a").click()
    expect(page.locator("#feed-items > li")).to_have_count(27)

    # Scrolled down: the page does not move; a button counts what came.
    page.mouse.wheel(0, 5000)
    page.wait_for_function("document.getElementById('feed-items').getBoundingClientRect().top < 0")
    post_in_browser(poster, live_url, "Laatste nieuws", "Dans")
    button = page.locator("#feed-new")
    expect(button).to_be_visible()
    expect(button).to_contain_text("1")
    expect(page.locator("#feed-items > li", has_text="Laatste nieuws")).to_have_count(0)
    button.click()
    expect(page.locator("#feed-items > li").first).to_contain_text("Laatste nieuws")
    expect(button).to_be_hidden()
    assert Callout.objects.count() == 28
    assert problems == []
