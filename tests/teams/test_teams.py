"""Action teams: started from an idea (or a merged group), requests, members, tasks, updates, the live
team page, notifications, report-backs, overdue teams and the lineage idea -> team -> report-back ->
summary. Services, the permission matrix over HTTP, and the site socket's "team" action."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from asgiref.sync import sync_to_async
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from archive.models import Summary, Topic
from boards import services as board_services
from boards.models import Board, Idea
from notifications.models import Notification
from profiles.references import Names
from realtime import broadcast, names
from realtime.hub import get_hub
from teams import selectors as team_selectors
from teams import services as team_services
from teams.models import ActionTeam, ReportBack, TeamMembership, TeamRequest, TeamTask, TeamUpdate
from tests.helpers import factories
from tests.helpers.clients import HTMX, client_for
from tests.helpers.factories import idea_on, team_of
from tests.helpers.notified import recipients
from tests.helpers.sockets import nothing_more, open_site, watch_team

# --- data --------------------------------------------------------------------------------------------


@pytest.fixture
def idea(board, member):
    return idea_on(board, member)


@pytest.fixture
def coordinator(db):
    return factories.MemberFactory(display_name="Carla Coördinator")


@pytest.fixture
def team_member(db):
    return factories.MemberFactory(display_name="Teun Teamlid")


@pytest.fixture
def team(idea, facilitator, coordinator, team_member):
    team = team_of(idea, facilitator, coordinator=coordinator)
    team_services.team_join(team=team, member=team_member)
    return team


@pytest.fixture
def pushes(monkeypatch):
    """The team ids whose watchers were told, after commit (the publish itself is the hub's)."""
    told: list[int] = []
    monkeypatch.setattr(broadcast, "publish_team_changed", told.append)
    return told


# --- starting a team ---------------------------------------------------------------------------------


def test_a_facilitator_turns_a_merged_group_of_ideas_into_a_team(board, facilitator, member):
    target = idea_on(board, member, "Een podium voor jonge makers")
    other = idea_on(board, member, "Open podium in de bieb")
    board_services.ideas_merge(target=target, others=[other], by=facilitator)
    team = team_of(Idea.objects.get(pk=other.pk), facilitator)  # from the merged one: the whole group
    assert set(team.ideas.values_list("pk", flat=True)) == {target.pk, other.pk}
    assert team.meeting_id == board.meeting_id
    assert team.coordinator == facilitator and team.created_by == facilitator
    assert list(team.memberships.values_list("member_id", flat=True)) == [facilitator.pk]
    assert list(team_selectors.teams_of_idea(target)) == [team] and list(
        team_selectors.teams_of_idea(other)
    ) == [team]


def test_an_organiser_may_start_a_team_and_name_another_coordinator(idea, organiser, member):
    team = team_of(idea, organiser, coordinator=member)
    assert team.coordinator == member
    assert TeamMembership.objects.filter(team=team, member=member).exists()


def test_members_and_facilitators_of_another_board_may_not_start_a_team(idea, member, breakout, meeting):
    other_facilitator = factories.MemberFactory()
    breakout.facilitators.add(other_facilitator)
    for user in (member, other_facilitator):
        with pytest.raises(PermissionDenied):
            team_of(idea, user)
    assert not ActionTeam.objects.exists()


def test_a_hidden_idea_starts_no_team(idea, facilitator):
    Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.HIDDEN)
    idea.refresh_from_db()
    with pytest.raises(ValidationError):
        team_of(idea, facilitator)
    assert not ActionTeam.objects.exists()


@pytest.mark.parametrize(
    ("name", "goal"),
    [
        ("", "Een doel"),
        ("   ", "Een doel"),
        ("<b>Podium</b>", "Een doel"),
        ("Podium", ""),
        ("x" * 121, "Doel"),
    ],
)
def test_bad_names_and_goals_store_nothing(idea, facilitator, name, goal):
    with pytest.raises(ValidationError):
        team_services.team_create(idea=idea, by=facilitator, name=name, goal=goal)
    assert not ActionTeam.objects.exists() and not TeamMembership.objects.exists()


# --- requests ----------------------------------------------------------------------------------------


def test_a_member_asks_and_only_the_boards_facilitators_hear_of_it(idea, member, facilitator, organiser):
    request = team_services.team_request_create(idea=idea, by=member, name="Podium", goal="Elke maand")
    assert request.status == TeamRequest.Status.PENDING
    assert recipients(Notification.Kind.TEAM_REQUEST) == {facilitator.pk}
    row = Notification.objects.get(kind=Notification.Kind.TEAM_REQUEST)
    assert row.subject == "Podium" and row.url == reverse("teams:team_requests") and row.actor == member


def test_a_second_pending_request_for_the_same_idea_is_refused(idea, member):
    team_services.team_request_create(idea=idea, by=member, name="Podium", goal="Elke maand")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        team_services.team_request_create(idea=idea, by=member, name="Podium 2", goal="Elke maand")
    assert "already asked" in str(refused.value)
    assert TeamRequest.objects.count() == 1


def test_approving_starts_the_team_with_the_requester_as_coordinator(idea, member, facilitator):
    request = team_services.team_request_create(idea=idea, by=member, name="Podium", goal="Elke maand")
    decided = team_services.team_request_decide(request=request, by=facilitator, approve=True)
    assert decided.status == TeamRequest.Status.APPROVED and decided.decided_by == facilitator
    team = decided.team
    assert team.coordinator == member and team.created_by == facilitator
    assert list(team.ideas.all()) == [idea]
    assert recipients(Notification.Kind.TEAM_REQUEST_DECIDED) == {member.pk}
    assert (
        Notification.objects.get(kind=Notification.Kind.TEAM_REQUEST_DECIDED).url == team.get_absolute_url()
    )
    with pytest.raises(ValidationError):
        team_services.team_request_decide(request=request, by=facilitator, approve=False)
    assert ActionTeam.objects.count() == 1


def test_refusing_makes_no_team_and_tells_the_requester(idea, member, organiser):
    request = team_services.team_request_create(idea=idea, by=member, name="Podium", goal="Elke maand")
    decided = team_services.team_request_decide(request=request, by=organiser, approve=False)
    assert decided.status == TeamRequest.Status.REFUSED and decided.team is None
    assert not ActionTeam.objects.exists()
    assert recipients(Notification.Kind.TEAM_REQUEST_DECIDED) == {member.pk}


def test_only_the_boards_facilitators_and_organisers_decide(idea, member):
    request = team_services.team_request_create(idea=idea, by=member, name="Podium", goal="Elke maand")
    for user in (member, factories.MemberFactory()):
        with pytest.raises(PermissionDenied):
            team_services.team_request_decide(request=request, by=user, approve=True)
    assert TeamRequest.objects.get().status == TeamRequest.Status.PENDING


# --- members -----------------------------------------------------------------------------------------


def test_joining_twice_is_a_clear_error_and_stored_once(team, team_member):
    with translation.override("en"), pytest.raises(ValidationError) as twice:
        team_services.team_join(team=team, member=team_member)
    assert "already in this action team" in str(twice.value)
    assert TeamMembership.objects.filter(team=team, member=team_member).count() == 1


def test_the_coordinator_hands_over_before_leaving(team, coordinator, team_member):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        team_services.team_leave(team=team, member=coordinator)
    assert "hand over first" in str(refused.value)
    team_services.team_update(
        team=team, by=coordinator, name=team.name, goal=team.goal, topic=None, coordinator=team_member
    )
    team_services.team_leave(team=team, member=coordinator)
    assert not TeamMembership.objects.filter(team=team, member=coordinator).exists()


def test_a_new_coordinator_from_outside_joins_the_team(team, organiser, member):
    topic = Topic.objects.create(slug="zichtbaarheid", name="Zichtbaarheid")
    team_services.team_update(
        team=team, by=organiser, name="Podium IJmond", goal="Nieuw doel", topic=topic, coordinator=member
    )
    team.refresh_from_db()
    assert (team.name, team.topic, team.coordinator) == ("Podium IJmond", topic, member)
    assert TeamMembership.objects.filter(team=team, member=member).exists()


def test_only_the_coordinator_or_an_organiser_changes_the_team(team, team_member, facilitator):
    for user in (team_member, facilitator):
        with pytest.raises(PermissionDenied):
            team_services.team_update(
                team=team, by=user, name="Anders", goal="Anders", topic=None, coordinator=user
            )
    team.refresh_from_db()
    assert team.name == "Open podium"


# --- tasks and updates -------------------------------------------------------------------------------


def test_a_task_for_another_member_notifies_only_them_and_tells_the_watchers(
    team, coordinator, team_member, pushes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = team_services.task_create(
            team=team, by=coordinator, title="Zaal vastleggen", owner=team_member
        )
    assert recipients(Notification.Kind.TASK_ASSIGNED) == {team_member.pk}
    row = Notification.objects.get(kind=Notification.Kind.TASK_ASSIGNED)
    assert (row.subject, row.url, row.actor) == ("Zaal vastleggen", team.get_absolute_url(), coordinator)
    assert pushes == [team.pk]

    team_services.task_create(team=team, by=team_member, title="Affiche maken", owner=team_member)  # own task
    assert Notification.objects.filter(kind=Notification.Kind.TASK_ASSIGNED).count() == 1
    team_services.task_assign(task=task, by=team_member, owner=coordinator)
    assert recipients(Notification.Kind.TASK_ASSIGNED) == {team_member.pk, coordinator.pk}
    team_services.task_set_status(task=task, by=team_member, status=TeamTask.Status.DONE)
    assert TeamTask.objects.get(pk=task.pk).status == TeamTask.Status.DONE


def test_bad_tasks_are_refused_and_store_nothing(team, coordinator, member):
    yesterday = timezone.localdate() - timedelta(days=1)
    bad = [
        {"title": "Zaal", "owner": member},  # not in the team
        {"title": "Zaal", "due_on": yesterday},
        {"title": ""},
        {"title": "<script>x</script>"},
    ]
    for fields in bad:
        with pytest.raises(ValidationError):
            team_services.task_create(team=team, by=coordinator, **fields)
    assert not TeamTask.objects.exists() and not Notification.objects.exists()
    task = team_services.task_create(team=team, by=coordinator, title="Zaal", due_on=timezone.localdate())
    with pytest.raises(ValidationError):
        team_services.task_assign(task=task, by=coordinator, owner=member)
    with pytest.raises(ValidationError):
        team_services.task_set_status(task=task, by=coordinator, status="lost")
    task.refresh_from_db()
    assert task.owner is None and task.status == TeamTask.Status.OPEN


def test_outsiders_post_no_tasks_or_updates_but_organisers_may(team, member, facilitator, organiser):
    for user in (member, facilitator):
        with pytest.raises(PermissionDenied):
            team_services.task_create(team=team, by=user, title="Zaal")
        with pytest.raises(PermissionDenied):
            team_services.update_post(team=team, by=user, text="Hallo")
    assert not TeamTask.objects.exists() and not TeamUpdate.objects.exists()
    team_services.task_create(team=team, by=organiser, title="Zaal")
    team_services.update_post(team=team, by=organiser, text="Goed bezig")


def test_an_update_notifies_the_other_members_only(
    team, coordinator, team_member, member, pushes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        team_services.update_post(team=team, by=team_member, text="De zaal is rond!")
    assert recipients(Notification.Kind.TEAM_UPDATE) == {coordinator.pk}
    assert Notification.objects.get(kind=Notification.Kind.TEAM_UPDATE).subject == team.name
    assert pushes == [team.pk]


def test_a_too_long_or_empty_update_is_refused(team, team_member):
    for text in ("x" * 2001, "   "):
        with pytest.raises(ValidationError):
            team_services.update_post(team=team, by=team_member, text=text)
    assert not TeamUpdate.objects.exists() and not Notification.objects.exists()


def test_every_change_tells_the_watchers_after_commit_only(
    team, coordinator, team_member, member, pushes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        team_services.team_join(team=team, member=member)
        team_services.team_leave(team=team, member=member)
        task = team_services.task_create(team=team, by=coordinator, title="Zaal")
        team_services.task_set_status(task=task, by=coordinator, status=TeamTask.Status.DOING)
        team_services.task_assign(task=task, by=coordinator, owner=team_member)
        team_services.update_post(team=team, by=coordinator, text="Hallo")
        team_services.report_back_save(team=team, meeting=factories.meeting(), by=coordinator, text="Verslag")
        team_services.team_update(
            team=team, by=coordinator, name="Nieuw", goal="Doel", topic=None, coordinator=coordinator
        )
    assert pushes == [team.pk] * 8
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        team_services.task_create(team=team, by=coordinator, title="")
    assert len(pushes) == 8


# --- report-backs ------------------------------------------------------------------------------------


def test_the_coordinator_writes_one_report_back_per_meeting(team, coordinator, meeting):
    first = team_services.report_back_save(
        team=team, meeting=meeting, by=coordinator, text="We hebben **een zaal**."
    )
    again = team_services.report_back_save(
        team=team, meeting=meeting, by=coordinator, text="We hebben *twee* zalen."
    )
    assert first.pk == again.pk and ReportBack.objects.count() == 1
    assert again.text_html == "<p>We hebben <em>twee</em> zalen.</p>"


def test_a_report_back_for_a_past_meeting_is_refused(team, coordinator, organiser):
    past = factories.meeting(by=organiser, starts_at=timezone.now() - timedelta(days=1))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        team_services.report_back_save(team=team, meeting=past, by=coordinator, text="Te laat")
    assert "already started" in str(refused.value)
    assert not ReportBack.objects.exists()


def test_only_the_coordinator_or_an_organiser_writes_the_report_back(
    team, team_member, facilitator, organiser, meeting
):
    for user in (team_member, facilitator):
        with pytest.raises(PermissionDenied):
            team_services.report_back_save(team=team, meeting=meeting, by=user, text="Verslag")
    team_services.report_back_save(team=team, meeting=meeting, by=organiser, text="Verslag")
    with pytest.raises(ValidationError):
        team_services.report_back_save(team=team, meeting=meeting, by=organiser, text="x" * 5001)
    assert ReportBack.objects.get().text == "Verslag"


def test_report_backs_for_a_meeting_take_the_same_queries_however_many(board, facilitator, member, organiser):
    coming = factories.meeting(by=organiser, title="Volgende keer")

    def add_team(n: int) -> None:
        team = team_of(idea_on(board, member, f"Idee {n}"), facilitator, coordinator=member, name=f"Team {n}")
        team_services.task_create(team=team, by=member, title=f"Taak {n}", owner=member)
        team_services.task_create(team=team, by=member, title=f"Klaar {n}")
        TeamTask.objects.filter(title=f"Klaar {n}").update(status=TeamTask.Status.DONE)
        team_services.report_back_save(team=team, meeting=coming, by=member, text=f"Stand van zaken {n}")

    def render_all() -> str:
        reports = team_selectors.report_backs_for_meeting(coming)
        names = Names.of(*(report.text_html for report in reports))  # none referred to: no query
        return "".join(
            render_to_string(
                "teams/report_back.html",
                {"report_back": report, "open_tasks": report.team.open_tasks, "names": names},
            )
            for report in reports
        )

    add_team(1)
    with CaptureQueriesContext(connection) as one:
        html = render_all()
    assert "Taak 1" in html and "Klaar 1" not in html and "Stand van zaken 1" in html
    for n in range(2, 6):
        add_team(n)
    with CaptureQueriesContext(connection) as five:
        html = render_all()
    assert all(f"Taak {n}" in html for n in range(1, 6))
    assert len(five) == len(one) == 2


def _age(team: ActionTeam, days: int) -> None:
    ActionTeam.objects.filter(pk=team.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_a_team_silent_at_the_last_two_meetings_is_overdue(board, facilitator, member, organiser):
    silent = team_of(idea_on(board, member, "Stil"), facilitator, name="Stil team")
    reporting = team_of(idea_on(board, member, "Spraakzaam"), facilitator, name="Spraakzaam team")
    young = team_of(idea_on(board, member, "Jong"), facilitator, name="Jong team")
    for team in (silent, reporting):
        _age(team, 90)
    _age(young, 40)
    older = factories.meeting(by=organiser, title="Maart", starts_at=timezone.now() - timedelta(days=60))
    factories.meeting(by=organiser, title="Mei", starts_at=timezone.now() - timedelta(days=30))
    factories.meeting(by=organiser, title="Straks", starts_at=timezone.now() + timedelta(days=30))
    # Reported to the older one of the two (written before it started).
    ReportBack.objects.create(team=reporting, meeting=older, text="Gedaan", author=member)
    assert team_selectors.teams_overdue() == [silent]


# --- the permission matrix over HTTP -----------------------------------------------------------------


@pytest.fixture
def roles(team, member, team_member, coordinator, facilitator, organiser):
    return {
        "anonymous": None,
        "member": member,
        "team member": team_member,
        "coordinator": coordinator,
        "facilitator": facilitator,
        "organiser": organiser,
    }


def status_for(roles, method: str, url: str, data=None, **extra) -> dict[str, int]:
    found = {}
    for role, user in roles.items():
        client = client_for(user, language="en")
        response = client.post(url, data or {}, **extra) if method == "post" else client.get(url, **extra)
        found[role] = response.status_code
    return found


LOGIN = 302


def test_matrix_team_from_idea(roles, idea):
    url = reverse("teams:team_from_idea", args=[idea.pk])
    assert status_for(roles, "get", url) == {
        "anonymous": LOGIN,
        "member": 200,
        "team member": 200,
        "coordinator": 200,
        "facilitator": 200,
        "organiser": 200,
    }
    assert "Send the request" in client_for(roles["member"], language="en").get(url).content.decode()
    assert "Start the team" in client_for(roles["facilitator"], language="en").get(url).content.decode()


def test_a_member_requests_and_a_facilitator_starts_through_the_page(idea, member, facilitator):
    url = reverse("teams:team_from_idea", args=[idea.pk])
    data = {"name": "Podium", "goal": "Elke maand", "topic": ""}
    assert client_for(member, language="en").post(url, data).status_code == 302
    assert TeamRequest.objects.get().requested_by == member and not ActionTeam.objects.exists()
    response = client_for(facilitator, language="en").post(url, data | {"coordinator": ""})
    team = ActionTeam.objects.get()
    assert response.status_code == 302 and response["Location"] == team.get_absolute_url()
    again = client_for(member, language="en").post(url, data)
    assert again.status_code == 400 and "already asked" in again.content.decode()


def test_bad_input_on_the_start_page_says_why(idea, facilitator):
    url = reverse("teams:team_from_idea", args=[idea.pk])
    response = client_for(facilitator, language="en").post(url, {"name": "<i>Podium</i>", "goal": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "Say what the team wants to achieve." in page
    assert "&lt;" in page or "&lt;i&gt;" in page
    assert 'class="errorlist' in page and not ActionTeam.objects.exists()


def test_matrix_requests_page_and_decisions(roles, idea, member, facilitator):
    request = team_services.team_request_create(idea=idea, by=member, name="Tweede podium", goal="Meer")
    url = reverse("teams:team_requests")
    assert status_for(roles, "get", url) == {
        "anonymous": LOGIN,
        "member": 403,
        "team member": 403,
        "coordinator": 403,
        "facilitator": 200,
        "organiser": 200,
    }
    assert "Tweede podium" in client_for(facilitator, language="en").get(url).content.decode()
    decide = reverse("teams:team_request_decide", args=[request.pk])
    for role in ("member", "team member", "coordinator"):
        assert client_for(roles[role], language="en").post(decide, {"decision": "approve"}).status_code == 403
    assert client_for(facilitator, language="en").post(decide, {"decision": "approve"}).status_code == 302
    assert TeamRequest.objects.get(pk=request.pk).team.name == "Tweede podium"


def test_matrix_team_page(roles, team):
    team_services.task_create(team=team, by=roles["coordinator"], title="Zaal vastleggen")
    for role, user in roles.items():
        page = client_for(user, language="en").get(team.get_absolute_url()).content.decode()
        assert "Open podium" in page and "Elke maand een avond" in page
        sees = role != "anonymous"
        assert ("Carla Coördinator" in page) is sees
        assert ("Zaal vastleggen" in page) is sees
        assert ('id="team-subscription"' in page) is sees
        works = role in ("team member", "coordinator", "organiser")
        assert ('id="team-task-form"' in page) is works, role
        assert ("Join this team" in page) is (role in ("member", "facilitator", "organiser")), role


def test_matrix_live_part(roles, team):
    url = reverse("teams:team_live", args=[team.pk])
    assert status_for(roles, "get", url) == {
        "anonymous": LOGIN,
        "member": 200,
        "team member": 200,
        "coordinator": 200,
        "facilitator": 200,
        "organiser": 200,
    }
    live = client_for(roles["member"], language="en").get(url, **HTMX).content.decode()
    assert live.lstrip().startswith('<section id="team-live"') and 'hx-swap-oob="true"' in live


def test_matrix_tasks_and_updates(roles, team):
    expected = {
        "anonymous": LOGIN,
        "member": 403,
        "team member": 302,
        "coordinator": 302,
        "facilitator": 403,
        "organiser": 302,
    }
    assert (
        status_for(roles, "post", reverse("teams:task_create", args=[team.pk]), {"task-title": "Zaal"})
        == expected
    )
    assert TeamTask.objects.count() == 3
    assert (
        status_for(roles, "post", reverse("teams:team_update_post", args=[team.pk]), {"update-text": "Hoi"})
        == expected
    )
    assert TeamUpdate.objects.count() == 3
    task = TeamTask.objects.first()
    assert (
        status_for(roles, "post", reverse("teams:task_status", args=[task.pk]), {"status": "done"})
        == expected
    )
    assert status_for(roles, "post", reverse("teams:task_assign", args=[task.pk]), {"owner": ""}) == expected


def test_matrix_team_edit_and_report_back(roles, team):
    expected = {
        "anonymous": LOGIN,
        "member": 403,
        "team member": 403,
        "coordinator": 200,
        "facilitator": 403,
        "organiser": 200,
    }
    assert status_for(roles, "get", reverse("teams:team_edit", args=[team.pk])) == expected
    assert status_for(roles, "get", reverse("teams:report_back_edit", args=[team.pk])) == expected


def test_matrix_join_and_leave(roles, team, member, team_member, coordinator):
    join = reverse("teams:team_join", args=[team.pk])
    assert client_for(language="en").post(join).status_code == LOGIN
    assert client_for(member, language="en").post(join).status_code == 302
    assert TeamMembership.objects.filter(team=team, member=member).exists()
    twice = client_for(member, language="en").post(join, **HTMX)
    assert "already in this action team" in twice.content.decode()
    assert TeamMembership.objects.filter(team=team, member=member).count() == 1
    leave = reverse("teams:team_leave", args=[team.pk])
    refused = client_for(coordinator, language="en").post(leave, **HTMX).content.decode()
    assert "hand over first" in refused and TeamMembership.objects.filter(member=coordinator).exists()
    assert client_for(team_member, language="en").post(leave).status_code == 302
    assert not TeamMembership.objects.filter(team=team, member=team_member).exists()


def test_an_htmx_task_answers_the_fresh_form_and_the_live_part(team, coordinator, team_member):
    url = reverse("teams:task_create", args=[team.pk])
    answer = (
        client_for(coordinator, language="en")
        .post(url, {"task-title": "Affiches ophangen", "task-owner": team_member.pk}, **HTMX)
        .content.decode()
    )
    assert answer.lstrip().startswith('<form id="team-task-form"')
    assert '<section id="team-live"' in answer and 'hx-swap-oob="true"' in answer
    assert "Affiches ophangen" in answer.split('<section id="team-live"')[1]
    assert recipients(Notification.Kind.TASK_ASSIGNED) == {team_member.pk}


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"task-title": "Zaal", "task-owner": "OUTSIDER"}, "must be a member of the team"),
        ({"task-title": "Zaal", "task-due_on": "2001-01-01"}, "due date has passed"),
        ({"task-title": ""}, "Say what needs doing."),
        ({"task-title": "a < b"}, "no &lt; or &gt;"),
    ],
)
def test_bad_tasks_over_htmx_keep_the_form_with_the_reason(team, coordinator, member, data, says):
    if data.get("task-owner") == "OUTSIDER":
        data = data | {"task-owner": member.pk}
    answer = client_for(coordinator, language="en").post(
        reverse("teams:task_create", args=[team.pk]), data, **HTMX
    )
    page = answer.content.decode()
    assert says in page and "errorlist" in page and '<section id="team-live"' not in page
    assert not TeamTask.objects.exists()


def test_a_too_long_update_says_why(team, team_member):
    answer = client_for(team_member, language="en").post(
        reverse("teams:team_update_post", args=[team.pk]), {"update-text": "x" * 2001}, **HTMX
    )
    assert "at most 2000 characters" in answer.content.decode()
    assert not TeamUpdate.objects.exists()


def test_the_report_back_page_and_a_past_meeting_through_the_form(team, coordinator, meeting, organiser):
    url = reverse("teams:report_back_edit", args=[team.pk])
    team_services.task_create(team=team, by=coordinator, title="Zaal vastleggen")
    page = client_for(coordinator, language="en").get(url).content.decode()
    assert "Zaal vastleggen" in page and f'value="{meeting.pk}" selected' in page
    past = factories.meeting(by=organiser, title="Vorige keer", starts_at=timezone.now() - timedelta(days=3))
    refused = client_for(coordinator, language="en").post(url, {"session": past.pk, "text": "Te laat"})
    assert refused.status_code == 400 and "has not started" in refused.content.decode()
    assert not ReportBack.objects.exists()
    done = client_for(coordinator, language="en").post(
        url, {"session": meeting.pk, "text": "We hebben **een zaal**."}
    )
    report = ReportBack.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("teams:report_back", args=[report.pk])
    shown = client_for(coordinator, language="en").get(done["Location"]).content.decode()
    assert "<strong>een zaal</strong>" in shown and "Zaal vastleggen" in shown and "hx-disable" in shown


def test_the_report_back_pages_edit_link_opens_the_form_on_its_own_meeting(
    team, coordinator, meeting, organiser
):
    """Not the next meeting's form: a report-back to a later meeting is edited where it was written."""
    later = factories.meeting(by=organiser, title="Later", starts_at=meeting.starts_at + timedelta(days=30))
    report = team_services.report_back_save(team=team, meeting=later, by=coordinator, text="Voor later")
    page = client_for(coordinator, language="en").get(reverse("teams:report_back", args=[report.pk]))
    edit = re.search(r'href="([^"]+)">Edit the report-back', page.content.decode()).group(1)
    form = client_for(coordinator, language="en").get(unescape(edit)).content.decode()
    assert f'value="{later.pk}" selected' in form and "Voor later" in form


def test_a_report_back_is_for_members_until_its_summary_is_published(team, coordinator, meeting):
    report = team_services.report_back_save(
        team=team, meeting=meeting, by=coordinator, text="Stand van zaken"
    )
    url = reverse("teams:report_back", args=[report.pk])
    assert client_for(language="en").get(url).status_code == LOGIN
    assert client_for(factories.MemberFactory(), language="en").get(url).status_code == 200
    Summary.objects.create(meeting=meeting, text="Verslag", published_at=timezone.now())
    assert "Stand van zaken" in client_for(language="en").get(url).content.decode()


def test_the_team_list_shows_overdue_teams_to_organisers_only(team, organiser, member, board, facilitator):
    _age(team, 90)
    for days in (60, 30):
        factories.meeting(
            by=organiser, title=f"Sessie {days}", starts_at=timezone.now() - timedelta(days=days)
        )
    url = reverse("teams:teams")
    assert "team-card--overdue" in client_for(organiser, language="en").get(url).content.decode()
    for user in (member, None):
        page = client_for(user, language="en").get(url).content.decode()
        assert "Open podium" in page and "team-card--overdue" not in page
    assert ("Carla Coördinator" in client_for(language="en").get(url).content.decode()) is False


def test_the_lineage_idea_team_report_back_summary_on_the_team_page(team, idea, coordinator, meeting, member):
    report = team_services.report_back_save(
        team=team, meeting=meeting, by=coordinator, text="Stand van zaken"
    )
    page = client_for(member, language="en").get(team.get_absolute_url()).content.decode()
    assert f"{reverse('boards:board', args=[idea.board_id])}#idea-{idea.pk}" in page
    assert reverse("teams:report_back", args=[report.pk]) in page
    assert meeting.get_absolute_url() in page
    summary = Summary.objects.create(meeting=meeting, text="Verslag")
    assert (
        summary.get_absolute_url()
        not in client_for(member, language="en").get(team.get_absolute_url()).content.decode()
    )
    Summary.objects.filter(pk=summary.pk).update(published_at=timezone.now())
    assert (
        summary.get_absolute_url()
        in client_for(member, language="en").get(team.get_absolute_url()).content.decode()
    )
    assert list(team_selectors.teams_of_idea(idea)) == [team]


# --- live: the site socket's "team" action ------------------------------------------------------------


def hint_for(team_id: int) -> str:
    return f'<div id="live-refetch" data-team="{team_id}" data-url="{reverse("teams:team_live", args=[team_id])}"'


def _two_teams():
    organiser = factories.organiser()
    facilitator = factories.MemberFactory()
    meeting = factories.meeting(by=organiser, facilitators=[facilitator])
    board = meeting.boards.get(kind=Board.Kind.PLENARY)
    author = factories.MemberFactory()
    watcher = factories.MemberFactory()
    n = team_of(idea_on(board, author, "Podium"), facilitator, coordinator=author, name="Team N")
    m = team_of(idea_on(board, author, "Festival"), facilitator, coordinator=author, name="Team M")
    return author, watcher, n, m


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("socket_origin")
async def test_a_member_watching_a_team_gets_a_hint_after_an_update_and_another_team_does_not():
    author, watcher, n, m = await sync_to_async(_two_teams)()
    on_n = await open_site(watcher)
    on_m = await open_site(watcher, language="en")
    assert (await watch_team(on_n, n.pk)).startswith(hint_for(n.pk))  # at once: catch up after (re)connecting
    assert (await watch_team(on_m, m.pk)).startswith(hint_for(m.pk))
    hub = get_hub()
    assert len(hub.sockets[names.team(n.pk, "nl")]) == 1 and len(hub.sockets[names.team(m.pk, "en")]) == 1
    assert names.team(n.pk, "en") not in hub.sockets  # one topic per team and language in use

    await sync_to_async(team_services.update_post)(team=n, by=author, text="De zaal is rond!")
    assert (await on_n.receive_from(timeout=3)).startswith(hint_for(n.pk))
    assert await nothing_more(on_m, names.team(m.pk, "en"), noise=None)  # after n's hint

    await sync_to_async(team_services.task_create)(team=m, by=author, title="Affiches")
    assert (await on_m.receive_from(timeout=3)).startswith(hint_for(m.pk))
    assert await nothing_more(on_n, names.team(n.pk, "nl"), noise=None)  # after m's hint
    for socket in (on_n, on_m):
        await socket.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("socket_origin")
async def test_bad_team_messages_get_an_error_and_the_socket_stays_open():
    author, watcher, n, m = await sync_to_async(_two_teams)()
    socket = await open_site(watcher)
    for bad in ("abc", None, True, -1, 10**9, [n.pk], 1.5):
        answer = await watch_team(socket, bad)
        assert answer.startswith('<div id="live-error"'), bad
    await socket.send_to(text_data=json.dumps({"action": "ping"}))
    assert "live-pong" in await socket.receive_from(timeout=3)
    # A socket watches one team at a time: watching another drops the first.
    assert (await watch_team(socket, n.pk)).startswith(hint_for(n.pk))
    assert (await watch_team(socket, m.pk)).startswith(hint_for(m.pk))
    assert names.team(n.pk, "nl") not in get_hub().sockets and names.team(m.pk, "nl") in get_hub().sockets
    await socket.send_to(text_data=json.dumps({"action": "team", "team": "abc"}))
    assert (await socket.receive_from(timeout=3)).startswith('<div id="live-error"')
    assert names.team(m.pk, "nl") in get_hub().sockets  # a bad message changes nothing

    anonymous = await open_site(None)
    assert (await watch_team(anonymous, n.pk)).startswith('<div id="live-error"')
    assert names.team(n.pk, "nl") not in get_hub().sockets
    await sync_to_async(team_services.update_post)(team=n, by=author, text="Niet voor anoniem")
    assert await nothing_more(anonymous, names.site("nl"), noise=None)  # on no team's topic: its own
    for each in (socket, anonymous):
        await each.disconnect()


# --- the idea's card on the board ------------------------------------------------------------------


def test_an_ideas_card_shows_its_merged_ideas_and_its_team_on_the_page_and_in_a_push(
    board, member, facilitator
):
    """The card's parts come from lists fetched with the ideas (Prefetch to_attr), on the board page
    and in a pushed card alike."""
    from boards import rendering

    kept = idea_on(board, member, "Een open podium elke maand")
    board_services.ideas_merge(
        target=kept, others=[idea_on(board, member, "Elke maand een podium")], by=facilitator
    )
    team_of(kept, facilitator, name="Podiumploeg")
    Board.objects.filter(pk=board.pk).update(phase="discuss")
    page = client_for(member).get(board.get_absolute_url()).content.decode()
    pushed = rendering.render_idea_oob(kept.pk, rendering.PARTICIPANTS, "nl")
    for html in (page, pushed):
        card = html[html.index(f'id="idea-{kept.pk}"') :].split("</article>", 1)[0]
        assert "1 samengevoegd idee" in card and "<li>Elke maand een podium</li>" in card
        assert "Actieteam: Podiumploeg" in card
