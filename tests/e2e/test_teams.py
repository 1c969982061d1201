"""Action teams in real browsers: member A has the team page open; member B posts an update and a task
for A in another browser; A sees both appear without a reload, and A's bell rises."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from boards import services as board_services
from boards.identity import Participant
from boards.models import Board
from teams import services as team_services
from tests.e2e.conftest import console_problems, login_context
from tests.helpers import factories

pytestmark = pytest.mark.django_db(transaction=True)


def a_team():
    organiser = factories.organiser()
    facilitator = factories.MemberFactory()
    meeting = factories.meeting(by=organiser, facilitators=[facilitator])
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    anna = factories.MemberFactory(display_name="Anna Coördinator")
    bram = factories.MemberFactory(display_name="Bram Teamlid")
    idea, _created = board_services.idea_create(
        board=board,
        participant=Participant(user=anna),
        prompt=board.prompts.first(),
        text="Een open podium in de bibliotheek",
        client_msg_id=board_services.client_msg_id_new(),
    )
    team = team_services.team_create(
        idea=idea, by=facilitator, name="Open podium", goal="Elke maand een avond.", coordinator=anna
    )
    team_services.team_join(team=team, member=bram)
    return team, anna, bram


def open_team(browser, live_url, user, team):
    context = login_context(browser, live_url, user, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems = console_problems(page)
    page.goto(f"{live_url}{team.get_absolute_url()}")
    expect(page.locator("#live")).to_have_attribute("data-live-state", "open")
    return page, problems


def test_a_teammates_update_and_task_appear_live_and_the_bell_rises(browser, live_url):
    team, anna, bram = a_team()
    a, a_problems = open_team(browser, live_url, anna, team)
    b, b_problems = open_team(browser, live_url, bram, team)
    a.evaluate("window.notReloaded = true")
    expect(a.locator("#bell-count")).to_be_hidden()
    expect(a.locator("#team-live .team-update")).to_have_count(0)

    b.locator("#id_update-text").fill("De zaal in de bibliotheek is rond!")
    b.locator("#team-update-form button[type=submit]").click()
    expect(b.locator("#team-live .team-update")).to_contain_text("De zaal in de bibliotheek is rond!")
    expect(b.locator("#id_update-text")).to_have_value("")

    # A: without a reload, the update is there and the bell counts it.
    expect(a.locator("#team-live .team-update").first).to_contain_text("De zaal in de bibliotheek is rond!")
    expect(a.locator("#bell-count .bell__number")).to_have_text("1")

    b.locator("#id_task-title").fill("Affiches ophangen")
    b.locator("#id_task-owner").select_option(str(anna.pk))
    b.locator("#team-task-form button[type=submit]").click()
    expect(b.locator("#team-live .team-task")).to_contain_text("Affiches ophangen")

    task = a.locator("#team-live .team-task", has_text="Affiches ophangen")
    expect(task).to_contain_text("Anna Coördinator")
    expect(a.locator("#bell-count .bell__number")).to_have_text("2")
    assert a.evaluate("window.notReloaded") is True

    # A's own controls came with A's own fetch: A changes the task's status, B sees it.
    task.locator("select[name=status]").select_option("doing")
    task.locator("form", has=a.locator("select[name=status]")).locator("button").click()
    expect(b.locator("#team-live .team-task--doing")).to_contain_text("Affiches ophangen")
    assert a_problems == [] and b_problems == []
