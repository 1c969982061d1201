"""Thin views for action teams: a form, one service call, a render.

The team page's live part (#team-live: members, tasks, updates, with the viewer's own controls) is
fetched by each page for itself: after its own action (the answer carries it out of band) and after a
push (a hint; realtime.broadcast.team_changed_on_commit). Every action also works as a plain POST.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from archive.models import Summary
from boards import permissions as board_permissions
from boards.models import Board, Idea, Meeting
from boards.selectors import Programme
from cmij.decorators import role_required
from profiles.references import Names, nameable_members, references_in
from profiles.roles import is_member
from teams import forms, permissions, selectors, services
from teams.models import ActionTeam, ReportBack, TeamRequest, TeamTask


def _team(team_id: int) -> ActionTeam:
    try:
        return selectors.team_for_page(team_id)
    except ActionTeam.DoesNotExist:
        raise Http404 from None


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _form_errors(form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


# --- starting a team ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(is_member)
def team_from_idea(request: HttpRequest, idea_id: int) -> HttpResponse:
    """Facilitators of the idea's board (and organisers) start the team here; other members ask."""
    idea = get_object_or_404(
        Idea.objects.select_related("board__meeting", "merged_into"), pk=idea_id, status=Idea.Status.VISIBLE
    )
    starts = permissions.can_start_team(request.user, idea)
    form_class = forms.TeamStartForm if starts else forms.TeamForm
    form = form_class(
        request.POST or None, initial={"name": idea.text[:120]} if request.method == "GET" else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if starts:
                team = services.team_create(idea=idea, by=request.user, **data)
            else:
                services.team_request_create(idea=idea, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if starts:
                messages.success(request, _("The action team has started."))
                return redirect(team)
            messages.success(request, _("Your request was sent to the facilitator."))
            return redirect("teams:team_from_idea", idea_id=idea.pk)
    return render(
        request,
        "teams/team_from_idea.html",
        {
            "idea": idea,
            "group": selectors.idea_group(idea),
            "form": form,
            "starts": starts,
            "teams": selectors.teams_of_idea(idea),
            "my_requests": selectors.my_requests(idea=idea, user=request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@role_required(is_member)
def team_requests(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_team_requests(request.user):
        raise PermissionDenied
    return render(request, "teams/team_requests.html", {"requests": selectors.pending_requests(request.user)})


@require_POST
@role_required(is_member)
def team_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    team_request = get_object_or_404(TeamRequest.objects.select_related("idea__board"), pk=request_id)
    if not permissions.can_decide_team_request(request.user, team_request):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    try:
        decided = services.team_request_decide(request=team_request, by=request.user, approve=approve)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        if decided.team is not None:
            messages.success(request, _("Approved: the action team has started."))
        else:
            messages.success(request, _("The request was refused; the member was told."))
    return redirect("teams:team_requests")


# --- teams -------------------------------------------------------------------------------------------


@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    sees_overdue = permissions.can_see_overdue_teams(request.user)
    return render(
        request,
        "teams/team_list.html",
        {
            "teams": selectors.teams_list(),
            "members_see": is_member(request.user),
            "overdue_ids": {team.pk for team in selectors.teams_overdue()} if sees_overdue else set(),
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
        "owners": list(forms.members_of(team)) if works else [],
        **selectors.team_live(team),
    }


@require_GET
@vary_on_headers("HX-Request")
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    """Everyone sees name, goal and topic; members see the rest, and watch the live part."""
    team = _team(team_id)
    context = {"team": team, "details": permissions.can_see_team_details(request.user, team)}
    if context["details"]:
        context.update(_live_context(request, team))
        context.update(selectors.team_lineage(team))
        context.update(
            {
                "can_change": permissions.can_change_team(request.user, team),
                "can_report": permissions.can_write_report_back(request.user, team),
                "task_form": forms.TaskForm(team=team),
                "update_form": forms.UpdateForm(),
            }
        )
    else:
        context["member_count"] = team.memberships.count()
    return render(request, "teams/team.html", context)


@require_GET
@role_required(is_member)
def team_live(request: HttpRequest, team_id: int) -> HttpResponse:
    """The live part, out of band: fetched after a push hint (or the page's own action)."""
    team = _team(team_id)
    return _live_answer(request, team)


def _live_answer(request: HttpRequest, team: ActionTeam, error: str = "") -> HttpResponse:
    context = _live_context(request, team)
    context.update({"oob": True, "error": error})
    return render(request, "teams/team.html#team-live", context)


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
@role_required(is_member)
def team_join(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team(team_id)
    try:
        services.team_join(team=team, member=request.user)
    except ValidationError as error:
        return _after_action(request, team, error=_errors(error))
    return _after_action(request, team, done=_("Welcome to the team."))


@require_POST
@role_required(is_member)
def team_leave(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team(team_id)
    try:
        services.team_leave(team=team, member=request.user)
    except ValidationError as error:
        return _after_action(request, team, error=_errors(error))
    return _after_action(request, team, done=_("You left the team."))


@require_http_methods(["GET", "POST"])
@role_required(is_member)
def team_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team(team_id)
    if not permissions.can_change_team(request.user, team):
        raise PermissionDenied
    form = forms.TeamEditForm(
        request.POST or None,
        team=team,
        initial={"name": team.name, "goal": team.goal, "topic": team.topic, "coordinator": team.coordinator},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(team=team, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The team was saved."))
            return redirect(team)
    return render(
        request,
        "teams/team_edit.html",
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
        return render(request, f"teams/team.html#{partial}-answer", context)
    if sent:
        messages.success(request, done)
    else:
        messages.error(request, _form_errors(form))
    return redirect(team)


@require_POST
@role_required(is_member)
def task_create(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _worker_team(request, team_id)
    form = forms.TaskForm(request.POST, team=team)
    sent = False
    if form.is_valid():
        try:
            services.task_create(team=team, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            sent = True
            form = forms.TaskForm(team=team)
    return _form_answer(request, team, "task-form", form, sent, _("The task was added."))


@require_POST
@role_required(is_member)
def update_post(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _worker_team(request, team_id)
    form = forms.UpdateForm(request.POST)
    sent = False
    if form.is_valid():
        try:
            services.update_post(team=team, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            sent = True
            form = forms.UpdateForm()
    return _form_answer(request, team, "update-form", form, sent, _("Your update was posted."))


def _task(request: HttpRequest, task_id: int) -> tuple[TeamTask, ActionTeam]:
    task = get_object_or_404(TeamTask.objects.select_related("team"), pk=task_id)
    team = _worker_team(request, task.team_id)
    return task, team


@require_POST
@role_required(is_member)
def task_status(request: HttpRequest, task_id: int) -> HttpResponse:
    task, team = _task(request, task_id)
    form = forms.TaskStatusForm(request.POST)
    if not form.is_valid():
        return _after_action(request, team, error=_form_errors(form))
    services.task_set_status(task=task, by=request.user, status=form.cleaned_data["status"])
    return _after_action(request, team, done=_("The task was changed."))


@require_POST
@role_required(is_member)
def task_assign(request: HttpRequest, task_id: int) -> HttpResponse:
    task, team = _task(request, task_id)
    form = forms.TaskAssignForm(request.POST, team=team)
    if not form.is_valid():
        return _after_action(request, team, error=_form_errors(form))
    try:
        services.task_assign(task=task, by=request.user, owner=form.cleaned_data["owner"])
    except ValidationError as error:
        return _after_action(request, team, error=_errors(error))
    return _after_action(request, team, done=_("The task was changed."))


# --- report-backs ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(is_member)
def report_back_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    """The coordinator writes the team's report-back to a coming meeting (the next one by default)."""
    team = _team(team_id)
    if not permissions.can_write_report_back(request.user, team):
        raise PermissionDenied
    meetings = selectors.coming_meetings()
    chosen = meetings.filter(pk=request.GET.get("bijeenkomst") or 0).first() or meetings.first()
    existing = team.report_backs.filter(meeting=chosen).first() if chosen else None
    form = forms.ReportBackForm(
        request.POST or None,
        meetings=meetings,
        initial={"session": chosen, "text": existing.text if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_back_save(
                team=team,
                by=request.user,
                meeting=form.cleaned_data["session"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report-back was saved; it is on the session's programme."))
            return redirect("teams:report_back", report_id=report.pk)
    return render(
        request,
        "teams/report_back_edit.html",
        {
            "team": team,
            "form": form,
            "open_tasks": selectors.open_tasks(team),
            "has_meetings": chosen is not None,
            # Members are named by reference (profiles/references.py): whom the coordinator may
            # name, and whom the saved text names.
            "members": nameable_members(),
            "named": references_in(existing.text if existing else ""),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def report_back_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    try:
        report = selectors.report_back_for_page(report_id)
    except ReportBack.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_report_back(request.user, report):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return render(
        request,
        "teams/report_back_page.html",
        {
            "report_back": report,
            "names": Names.of(report.text_html),
            "open_tasks": report.team.open_tasks,
            "can_edit": permissions.can_write_report_back(request.user, report.team)
            and report.meeting.starts_at > timezone.now(),
        },
    )


@require_POST
def report_back_show(request: HttpRequest, board_id: int) -> HttpResponse:
    """Show a report-back on the board's projector, or (empty field) take it off again."""
    board = get_object_or_404(Board.objects.select_related("meeting"), pk=board_id)
    if not board_permissions.can_moderate(request.user, board):
        raise PermissionDenied
    report_id = request.POST.get("report_back", "")
    report_back = None
    if report_id:
        if not report_id.isdigit():
            raise PermissionDenied
        report_back = get_object_or_404(ReportBack, pk=int(report_id))
    try:
        services.report_back_show(board=board, by=request.user, report_back=report_back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if report_back is None:
            messages.success(request, _("The projector shows the board again."))
        else:
            messages.success(
                request,
                _("The projector now shows the report-back of %(team)s.") % {"team": report_back.team.name},
            )
    return HttpResponseRedirect(f"{board.meeting.get_absolute_url()}#programme")


# --- what teams adds to the meeting page (boards/registry.py) -------------------------------------


def programme_report_backs(request: HttpRequest, meeting: Meeting, programme: Programme) -> dict | None:
    """The report-backs on a meeting's programme; its plenary's facilitators put one on the projector."""
    report_backs = selectors.report_backs_for_meeting(meeting)
    if not report_backs:
        return None
    plenary = programme.plenary
    shown = selectors.report_back_shown(plenary) if plenary is not None else None
    return {
        "programme": programme,
        "report_backs": report_backs,
        "shows_report_backs": plenary is not None and board_permissions.can_moderate(request.user, plenary),
        "shown_id": shown.pk if shown is not None else None,
    }


# --- what teams adds to a summary's page (archive/registry.py) --------------------------------------


def summary_section(request: HttpRequest, summary: Summary) -> dict | None:
    """The action teams started at the summary's meeting and the report-backs given there."""
    teams = selectors.teams_started_at(summary.meeting)
    report_backs = selectors.report_backs_at(summary.meeting)
    if not teams and not report_backs:
        return None
    # The members the report-backs name, by reference (profiles/references.py): one query.
    names = Names.of(*(report_back.text_html for report_back in report_backs))
    return {"teams": teams, "report_backs": report_backs, "names": names}
