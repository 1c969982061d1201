"""The meeting programme: registrations with a cap and a waiting list, the organisers' list and export,
and an action team's report-back put on the projector from the programme."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from boards import rendering
from boards import selectors as board_selectors
from boards import services as board_services
from boards.events import Audience
from boards.models import Registration
from notifications.models import Notification
from teams import selectors as team_selectors
from teams import services as team_services
from teams.models import ActionTeam, ReportBack, TeamTask
from tests.helpers import factories
from tests.helpers.clients import sent_to_log_in

pytestmark = pytest.mark.django_db
Answer = Registration.Answer


@pytest.fixture
def small_meeting(organiser):
    return factories.meeting(by=organiser, capacity=2)


def test_a_yes_beyond_the_places_waits_in_line_and_moves_up_when_a_place_comes_free(small_meeting):
    first, second, third, fourth = (factories.MemberFactory() for _ in range(4))
    for member in (first, second, third, fourth):
        board_services.registration_set(meeting=small_meeting, member=member, answer=Answer.YES)
    waiting = {r.member_id: r.waiting for r in Registration.objects.filter(meeting=small_meeting)}
    assert waiting == {first.pk: False, second.pk: False, third.pk: True, fourth.pk: True}
    assert board_selectors.attendance(small_meeting).full

    board_services.registration_set(meeting=small_meeting, member=first, answer=Answer.NO)

    assert Registration.objects.get(member=third).waiting is False, "the first in line got the place"
    assert Registration.objects.get(member=fourth).waiting is True
    told = Notification.objects.get(kind=Notification.Kind.PLACE_FREE)
    assert told.recipient_id == third.pk and told.subject == small_meeting.title
    counts = board_selectors.attendance(small_meeting)
    assert (counts.yes, counts.no, counts.waiting) == (2, 1, 1)


def test_answering_again_changes_the_answer_and_keeps_a_place(small_meeting, member):
    board_services.registration_set(meeting=small_meeting, member=member, answer=Answer.YES)
    board_services.registration_set(meeting=small_meeting, member=member, answer=Answer.YES)
    board_services.registration_set(meeting=small_meeting, member=member, answer=Answer.MAYBE)
    registration = Registration.objects.get(meeting=small_meeting, member=member)
    assert (registration.answer, registration.waiting) == (Answer.MAYBE, False)
    assert Registration.objects.filter(meeting=small_meeting).count() == 1


def test_without_a_cap_everyone_gets_a_place(meeting):
    for _ in range(5):
        board_services.registration_set(meeting=meeting, member=factories.MemberFactory(), answer=Answer.YES)
    assert not Registration.objects.filter(waiting=True).exists()
    assert board_selectors.attendance(meeting).places_left is None


def test_an_unknown_answer_or_an_ended_meeting_is_refused(organiser, member):
    past = factories.meeting(by=organiser, starts_at=timezone.now() - timedelta(days=2))
    with pytest.raises(PermissionDenied):
        board_services.registration_set(meeting=past, member=member, answer=Answer.YES)
    upcoming = factories.meeting(by=organiser)
    with pytest.raises(ValidationError):
        board_services.registration_set(meeting=upcoming, member=member, answer="perhaps")
    assert not Registration.objects.exists()


def test_registering_over_http_needs_an_account(client, meeting, member):
    url = reverse("boards:registration_set", args=[meeting.slug])
    response = client.post(url, {"answer": "yes"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(member)
    response = client.post(url, {"answer": "maybe"})
    assert response.status_code == 302
    assert Registration.objects.get(member=member).answer == Answer.MAYBE
    page = client.get(meeting.get_absolute_url())
    assert 'value="maybe" checked' in page.content.decode()


def test_only_organisers_see_and_export_the_list(client, meeting, member, organiser, facilitator):
    tricky = factories.MemberFactory(display_name="=HYPERLINK(1)")
    board_services.registration_set(meeting=meeting, member=tricky, answer=Answer.YES)
    for url in (
        reverse("boards:registrations", args=[meeting.slug]),
        reverse("boards:registrations_csv", args=[meeting.slug]),
    ):
        client.logout()
        assert sent_to_log_in(client.get(url))
        for who in (member, facilitator):
            client.force_login(who)
            assert client.get(url).status_code == 403
        client.force_login(organiser)
        assert client.get(url).status_code == 200
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    assert rows[1][0] == "'=HYPERLINK(1)", "a formula is neutralised"
    assert rows[1][1] == tricky.email


def test_the_programme_lists_the_breakouts_report_backs_and_topics_in_order(client, meeting, breakout):
    team = ActionTeam.objects.create(name="Podium voor jong talent", goal="Een podium")
    ReportBack.objects.create(team=team, meeting=meeting, text="We vonden een zaal.")
    page = client.get(meeting.get_absolute_url()).content.decode()
    order = [page.index(word) for word in ("Inloop", "Plenaire opening", breakout.title, team.name, "Borrel")]
    assert order == sorted(order)


# --- the report-back on the projector ---------------------------------------------------------------


@pytest.fixture
def report_back(meeting):
    team = ActionTeam.objects.create(name="Werkplaats Wijk aan Zee", goal="Een werkplaats")
    TeamTask.objects.create(team=team, title="Offerte opvragen")
    TeamTask.objects.create(team=team, title="Klaar", status=TeamTask.Status.DONE)
    return ReportBack.objects.create(
        team=team, meeting=meeting, text="**Gelukt**: een ruimte.", text_html="<p><strong>Gelukt</strong></p>"
    )


def test_showing_a_report_back_is_an_event_for_the_projector_only(board, facilitator, report_back):
    team_services.report_back_show(board=board, by=facilitator, report_back=report_back)
    board.refresh_from_db()
    event = board.events.last()
    assert (event.kind, event.audience) == ("report_back", Audience.PROJECTOR)
    assert board.last_seq_participants < event.seq, "participants are not told"
    projector = rendering.render_event(event, rendering.PROJECTOR, "nl")
    assert "Werkplaats Wijk aan Zee" in projector and "Offerte opvragen" in projector
    assert "Klaar" not in projector, "done tasks do not carry over"
    snapshot = rendering.render_snapshot(board, rendering.PROJECTOR, "nl")
    assert "Gelukt" in snapshot
    assert "Gelukt" not in rendering.render_snapshot(board, rendering.PARTICIPANTS, "nl")


def test_only_the_boards_moderators_put_a_report_back_on_the_projector(client, board, member, report_back):
    url = reverse("teams:report_back_show", args=[board.pk])
    client.force_login(member)
    assert client.post(url, {"report_back": report_back.pk}).status_code == 403
    assert team_selectors.report_back_shown(board) is None


def test_a_report_back_of_another_meeting_is_refused(board, facilitator, organiser):
    other = factories.meeting(by=organiser)
    team = ActionTeam.objects.create(name="Ander team", goal="Iets")
    elsewhere = ReportBack.objects.create(team=team, meeting=other, text="x")
    with pytest.raises(ValidationError):
        team_services.report_back_show(board=board, by=facilitator, report_back=elsewhere)
    assert team_selectors.report_back_shown(board) is None
    assert not board.events.filter(kind="report_back").exists()


def test_the_programme_offers_the_projector_button_to_facilitators_only(
    client, meeting, board, facilitator, member, report_back
):
    client.force_login(member)
    assert (
        reverse("teams:report_back_show", args=[board.pk])
        not in client.get(meeting.get_absolute_url()).content.decode()
    )
    client.force_login(facilitator)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("teams:report_back_show", args=[board.pk]) in page
    response = client.post(
        reverse("teams:report_back_show", args=[board.pk]), {"report_back": report_back.pk}
    )
    assert response.status_code == 302
    assert team_selectors.report_back_shown(board) == report_back
    client.post(reverse("teams:report_back_show", args=[board.pk]), {"report_back": ""})
    assert team_selectors.report_back_shown(board) is None
