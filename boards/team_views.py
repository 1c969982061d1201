"""Thin views for action teams: a form, one service call, a render.

The team page's live part (#team-live: members, tasks, updates, with the viewer's own controls) is
fetched by each page for itself: after its own action (the answer carries it out of band) and after a
push (a hint; realtime.broadcast.team_changed_on_commit). Every action also works as a plain POST.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from boards import permissions, team_forms, teams
from boards.models import ActionTeam, Idea, ReportBack, TeamRequest, TeamTask
from profiles.permissions import is_member


def members_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors are sent to log in (and come back); inactive accounts are refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _team(team_id: int) -> ActionTeam:
    try:
        return teams.team_for_page(team_id)
    except ActionTeam.DoesNotExist:
        raise Http404 from None


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _form_errors(form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


# --- starting a team ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@members_only
def team_from_idea(request: HttpRequest, idea_id: int) -> HttpResponse:
    """Facilitators of the idea's board (and organisers) start the team here; other members ask."""
    idea = get_object_or_404(
        Idea.objects.select_related("board__session", "merged_into"), pk=idea_id, status=Idea.Status.VISIBLE
    )
    starts = permissions.can_start_team(request.user, idea)
    form_class = team_forms.TeamStartForm if starts else team_forms.TeamForm
    form = form_class(
        request.POST or None, initial={"name": idea.text[:120]} if request.method == "GET" else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if starts:
                team = teams.team_create(idea=idea, by=request.user, **data)
            else:
                teams.team_request_create(idea=idea, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if starts:
                messages.success(request, _("The action team has started."))
                return redirect(team)
            messages.success(request, _("Your request was sent to the facilitator."))
            return redirect("boards:team_from_idea", idea_id=idea.pk)
    return render(
        request,
        "boards/teams/team_from_idea.html",
        {
            "idea": idea,
            "group": teams.idea_group(idea),
            "form": form,
            "starts": starts,
            "teams": teams.teams_of_idea(idea),
            "my_requests": teams.my_requests(idea=idea, user=request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@members_only
def team_requests(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_team_requests(request.user):
        raise PermissionDenied
    return render(
        request, "boards/teams/team_requests.html", {"requests": teams.pending_requests(request.user)}
    )


@require_POST
@members_only
def team_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    team_request = get_object_or_404(TeamRequest.objects.select_related("idea__board"), pk=request_id)
    if not permissions.can_decide_team_request(request.user, team_request):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    try:
        decided = teams.team_request_decide(request=team_request, by=request.user, approve=approve)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        if decided.team is not None:
            messages.success(request, _("Approved: the action team has started."))
        else:
            messages.success(request, _("The request was refused; the member was told."))
    return redirect("boards:team_requests")


# --- teams -------------------------------------------------------------------------------------------


@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    sees_overdue = permissions.can_see_overdue_teams(request.user)
    return render(
        request,
        "boards/teams/team_list.html",
        {
            "teams": teams.teams_list(),
            "members_see": is_member(request.user),
            "overdue_ids": {team.pk for team in teams.teams_overdue()} if sees_overdue else set(),
            "sees_overdue": sees_overdue,
        },
    )


def _live_context(request: HttpRequest, team: ActionTeam) -> dict:
    user = request.user
    works = permissions.can_work_in_team(user, team)
    return {
        "team": team,
        "works": works,
        "in_team": permissions.is_team_member(user, team),
        "can_join": permissions.can_join_team(user, team),
        "is_coordinator": permissions.is_team_coordinator(user, team),
        "statuses": TeamTask.Status.choices,
        "owners": list(team_forms.members_of(team)) if works else [],
        **teams.team_live(team),
    }


@require_GET
@vary_on_headers("HX-Request")
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    """Everyone sees name, goal and topic; members see the rest, and watch the live part."""
    team = _team(team_id)
    context = {"team": team, "details": permissions.can_see_team_details(request.user, team)}
    if context["details"]:
        context.update(_live_context(request, team))
        context.update(teams.team_lineage(team))
        context.update(
            {
                "can_change": permissions.can_change_team(request.user, team),
                "can_report": permissions.can_write_report_back(request.user, team),
                "task_form": team_forms.TaskForm(team=team),
                "update_form": team_forms.UpdateForm(),
            }
        )
    else:
        context["member_count"] = team.memberships.count()
    return render(request, "boards/teams/team.html", context)


@require_GET
@members_only
def team_live(request: HttpRequest, team_id: int) -> HttpResponse:
    """The live part, out of band: fetched after a push hint (or the page's own action)."""
    team = _team(team_id)
    return _live_answer(request, team)


def _live_answer(request: HttpRequest, team: ActionTeam, error: str = "") -> HttpResponse:
    context = _live_context(request, team)
    context.update({"oob": True, "error": error})
    return render(request, "boards/teams/team.html#team-live", context)


def _after_action(request: HttpRequest, team: ActionTeam, error: str = "", done: str = "") -> HttpResponse:
    """HTMX: the live part, out of band (with the error, if any). Otherwise back to the page."""
    if request.htmx:
        return _live_answer(request, team, error)
    if error:
        messages.error(request, error)
    elif done:
        messages.success(request, done)
    return redirect(team)


@require_POST
@members_only
def team_join(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team(team_id)
    try:
        teams.team_join(team=team, member=request.user)
    except ValidationError as error:
        return _after_action(request, team, error=_errors(error))
    return _after_action(request, team, done=_("Welcome to the team."))


@require_POST
@members_only
def team_leave(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team(team_id)
    try:
        teams.team_leave(team=team, member=request.user)
    except ValidationError as error:
        return _after_action(request, team, error=_errors(error))
    return _after_action(request, team, done=_("You left the team."))


@require_http_methods(["GET", "POST"])
@members_only
def team_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team(team_id)
    if not permissions.can_change_team(request.user, team):
        raise PermissionDenied
    form = team_forms.TeamEditForm(
        request.POST or None,
        team=team,
        initial={"name": team.name, "goal": team.goal, "topic": team.topic, "coordinator": team.coordinator},
    )
    if request.method == "POST" and form.is_valid():
        try:
            teams.team_update(team=team, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The team was saved."))
            return redirect(team)
    return render(
        request,
        "boards/teams/team_edit.html",
        {"team": team, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- tasks and updates -------------------------------------------------------------------------------


def _worker_team(request: HttpRequest, team_id: int) -> ActionTeam:
    team = _team(team_id)
    if not permissions.can_work_in_team(request.user, team):
        raise PermissionDenied
    return team


def _form_answer(
    request: HttpRequest, team: ActionTeam, partial: str, form, sent: bool, done: str
) -> HttpResponse:
    """HTMX: the form again (fresh when sent, with its errors when not) and, when sent, the live part
    out of band. Otherwise back to the page with a notice."""
    if request.htmx:
        context = {"team": team, f"{partial.split('-')[0]}_form": form}
        if sent:
            context.update(_live_context(request, team))
            context["oob"] = True
        return render(request, f"boards/teams/team.html#{partial}-answer", context)
    if sent:
        messages.success(request, done)
    else:
        messages.error(request, _form_errors(form))
    return redirect(team)


@require_POST
@members_only
def task_create(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _worker_team(request, team_id)
    form = team_forms.TaskForm(request.POST, team=team)
    sent = False
    if form.is_valid():
        try:
            teams.task_create(team=team, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            sent = True
            form = team_forms.TaskForm(team=team)
    return _form_answer(request, team, "task-form", form, sent, _("The task was added."))


@require_POST
@members_only
def update_post(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _worker_team(request, team_id)
    form = team_forms.UpdateForm(request.POST)
    sent = False
    if form.is_valid():
        try:
            teams.update_post(team=team, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            sent = True
            form = team_forms.UpdateForm()
    return _form_answer(request, team, "update-form", form, sent, _("Your update was posted."))


def _task(request: HttpRequest, task_id: int) -> tuple[TeamTask, ActionTeam]:
    task = get_object_or_404(TeamTask.objects.select_related("team"), pk=task_id)
    team = _worker_team(request, task.team_id)
    return task, team


@require_POST
@members_only
def task_status(request: HttpRequest, task_id: int) -> HttpResponse:
    task, team = _task(request, task_id)
    form = team_forms.TaskStatusForm(request.POST)
    if not form.is_valid():
        return _after_action(request, team, error=_form_errors(form))
    teams.task_set_status(task=task, by=request.user, status=form.cleaned_data["status"])
    return _after_action(request, team, done=_("The task was changed."))


@require_POST
@members_only
def task_assign(request: HttpRequest, task_id: int) -> HttpResponse:
    task, team = _task(request, task_id)
    form = team_forms.TaskAssignForm(request.POST, team=team)
    if not form.is_valid():
        return _after_action(request, team, error=_form_errors(form))
    try:
        teams.task_assign(task=task, by=request.user, owner=form.cleaned_data["owner"])
    except ValidationError as error:
        return _after_action(request, team, error=_errors(error))
    return _after_action(request, team, done=_("The task was changed."))


# --- report-backs ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@members_only
def report_back_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    """The coordinator writes the team's report-back to a coming session (the next one by default)."""
    team = _team(team_id)
    if not permissions.can_write_report_back(request.user, team):
        raise PermissionDenied
    sessions = teams.coming_sessions()
    chosen = sessions.filter(pk=request.GET.get("bijeenkomst") or 0).first() or sessions.first()
    existing = team.report_backs.filter(session=chosen).first() if chosen else None
    form = team_forms.ReportBackForm(
        request.POST or None,
        sessions=sessions,
        initial={"session": chosen, "text": existing.text if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = teams.report_back_save(team=team, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report-back was saved; it is on the session's programme."))
            return redirect("boards:report_back", report_id=report.pk)
    return render(
        request,
        "boards/teams/report_back_edit.html",
        {
            "team": team,
            "form": form,
            "open_tasks": teams.open_tasks(team),
            "has_sessions": chosen is not None,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def report_back_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    try:
        report = teams.report_back_for_page(report_id)
    except ReportBack.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_report_back(request.user, report):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return render(
        request,
        "boards/teams/report_back_page.html",
        {
            "report_back": report,
            "open_tasks": report.team.open_tasks,
            "can_edit": permissions.can_write_report_back(request.user, report.team)
            and report.session.starts_at > timezone.now(),
        },
    )
