"""The plenary report-back in real browsers: a team's coordinator writes the report-back for the coming
meeting, the facilitator puts it on the projector from the meeting's programme, and the projector,
open all along, shows it without a reload, and the board again when it is taken off."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from boards.models import Board, Meeting
from cmij.demo import DEMO_ACCOUNTS, DEMO_SESSION_TITLE
from teams.models import ActionTeam
from tests.e2e.conftest import console_problems, login_context

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_report_back_goes_from_the_coordinator_to_the_projector_without_a_reload(browser, live_url):
    call_command("seed_demo", verbosity=0)
    meeting = Meeting.objects.get(title=DEMO_SESSION_TITLE)
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    facilitator = next(
        board.facilitators.get(email=email) for email, _n, role in DEMO_ACCOUNTS if role == "facilitator"
    )
    team = ActionTeam.objects.get(name="Ateliers in leegstand")  # the demo's overdue team

    projector = browser.new_page(viewport={"width": 1280, "height": 720})
    projector_problems = console_problems(projector)
    projector.goto(f"{live_url}/borden/{board.pk}/projector/?t={board.projector_token}")
    expect(projector.locator("#live")).to_have_attribute("data-live-state", "open")
    expect(projector.locator(f"#board-{board.pk}-report-back")).to_be_hidden()
    projector.evaluate("window.notReloaded = true")

    coordinator = login_context(browser, live_url, team.coordinator).new_page()
    coordinator.goto(f"{live_url}/actieteams/{team.pk}/terugkoppeling/")
    coordinator.locator("#id_session").select_option(str(meeting.pk))
    coordinator.locator("#id_text").fill("We hebben **twee panden** op het oog in IJmuiden.")
    coordinator.locator("form.team-form button[type=submit]").click()
    expect(coordinator).not_to_have_url(f"{live_url}/actieteams/{team.pk}/terugkoppeling/")

    organiser_page = login_context(browser, live_url, facilitator).new_page()
    page_problems = console_problems(organiser_page)
    organiser_page.goto(f"{live_url}{meeting.get_absolute_url()}")
    report_backs = organiser_page.locator(".programme__report-backs li", has_text="Ateliers in leegstand")
    report_backs.get_by_role("button").click()
    expect(
        organiser_page.locator(".programme__report-backs li", has_text="Ateliers in leegstand").locator(
            ".badge"
        )
    ).to_be_visible()

    stage = projector.locator(f"#board-{board.pk}-report-back")
    expect(stage).to_be_visible()
    expect(stage).to_contain_text("Ateliers in leegstand")
    expect(stage.locator("strong")).to_have_text("twee panden")
    expect(stage).to_contain_text("Eigenaren van de panden benaderen")  # an open task, carried over

    organiser_page.locator("#report-backs > form button").click()
    expect(stage).to_be_hidden()
    assert projector.evaluate("window.notReloaded") is True
    assert projector_problems == [] and page_problems == []
