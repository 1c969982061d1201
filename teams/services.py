"""Every write to action teams (actieteams); their reads are in teams/selectors.py.

An idea, or a merged group of ideas, becomes a team: a facilitator of its board starts one, or a
member asks and the facilitator approves. A team has members, tasks and short updates, and writes a
report-back (terugkoppeling) to the next meeting. The lineage runs idea -> team -> report-backs ->
the summaries they landed in.

Services are keyword-only and atomic: permission, validation of the whole row, the writes, the
notifications (rows now, pushes after commit) and a hint to every page watching the team
(realtime.broadcast.team_changed_on_commit). Pages re-fetch their own view on that hint: per-person
controls never ride in a shared fragment.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import services as archive_services
from archive.models import Topic
from boards import services as board_services
from boards.events import Audience, EventKind
from boards.models import (
    Board,
    Idea,
    Meeting,
)
from cmij.text import markdown_html
from notifications.models import Notification
from notifications.services import notify
from profiles.references import name_typed_in
from profiles.roles import is_member
from realtime import broadcast
from teams import permissions, selectors
from teams.models import (
    ActionTeam,
    ReportBack,
    ReportBackShown,
    TeamMembership,
    TeamRequest,
    TeamTask,
    TeamUpdate,
)


def _require_startable(idea: Idea) -> None:
    if idea.status != Idea.Status.VISIBLE:
        raise ValidationError(_("Only an idea that participants could see can start an action team."))


def _check_length(model: type, field: str, value: str) -> str:
    """A TextField's max_length is not checked by full_clean(); check it here, with the reason."""
    limit = model._meta.get_field(field).max_length
    if limit is not None and len(value) > limit:
        raise ValidationError(
            {
                field: _("At most %(max)d characters, please; this has %(n)d.")
                % {"max": limit, "n": len(value)}
            }
        )
    return value


def _clean_team_fields(name: str, goal: str) -> tuple[str, str]:
    return name.strip(), _check_length(ActionTeam, "goal", goal.strip())


def _team_make(
    *,
    idea: Idea,
    created_by: AbstractBaseUser,
    coordinator: AbstractBaseUser,
    name: str,
    goal: str,
    topic: Topic | None,
) -> ActionTeam:
    if not is_member(coordinator):
        raise ValidationError({"coordinator": _("The coordinator must be an active member.")})
    name, goal = _clean_team_fields(name, goal)
    group = selectors.idea_group(idea)
    team = ActionTeam(
        name=name,
        goal=goal,
        topic=topic,
        coordinator=coordinator,
        meeting=idea.board.meeting,
        created_by=created_by,
    )
    team.full_clean()
    team.save()
    team.ideas.set(group)
    TeamMembership.objects.create(team=team, member=coordinator)
    return team


@transaction.atomic
def team_create(
    *,
    idea: Idea,
    by: AbstractBaseUser,
    name: str,
    goal: str,
    topic: Topic | None = None,
    coordinator: AbstractBaseUser | None = None,
) -> ActionTeam:
    """A facilitator of the idea's board (or an organiser) turns the idea, with the ideas merged
    with it, into an action team. The coordinator (by default the one who starts it) is a member."""
    if not permissions.can_start_team(by, idea):
        raise PermissionDenied
    _require_startable(idea)
    return _team_make(
        idea=idea, created_by=by, coordinator=coordinator or by, name=name, goal=goal, topic=topic
    )


@transaction.atomic
def team_request_create(
    *, idea: Idea, by: AbstractBaseUser, name: str, goal: str, topic: Topic | None = None
) -> TeamRequest:
    """A member asks the board's facilitators to start a team from an idea; they hear of it."""
    if not permissions.can_request_team(by, idea):
        raise PermissionDenied
    _require_startable(idea)
    if TeamRequest.objects.filter(idea=idea, requested_by=by, status=TeamRequest.Status.PENDING).exists():
        raise ValidationError(
            _("You already asked for an action team from this idea; the facilitator has not answered yet.")
        )
    name, goal = _clean_team_fields(name, goal)
    request = TeamRequest(idea=idea, requested_by=by, name=name, goal=goal, topic=topic)
    request.full_clean()
    request.save()
    notify(
        recipients=selectors.request_deciders(idea).exclude(pk=by.pk).values("pk"),
        kind=Notification.Kind.TEAM_REQUEST,
        actor=by,
        url=reverse("teams:team_requests"),
        subject=request.name,
    )
    return request


@transaction.atomic
def team_request_decide(*, request: TeamRequest, by: AbstractBaseUser, approve: bool) -> TeamRequest:
    """Approve (the team starts, the requester coordinates it) or refuse; the requester hears."""
    request = TeamRequest.objects.select_for_update().select_related("idea__board").get(pk=request.pk)
    if not permissions.can_decide_team_request(by, request):
        raise PermissionDenied
    if request.status != TeamRequest.Status.PENDING:
        raise ValidationError(_("This request was already answered."))
    if approve:
        _require_startable(request.idea)
        request.team = _team_make(
            idea=request.idea,
            created_by=by,
            coordinator=request.requested_by,
            name=request.name,
            goal=request.goal,
            topic=request.topic,
        )
        request.status = TeamRequest.Status.APPROVED
    else:
        request.status = TeamRequest.Status.REFUSED
    request.decided_by = by
    request.save(update_fields=["status", "team", "decided_by"])
    notify(
        recipients=get_user_model().objects.filter(pk=request.requested_by_id, is_active=True).values("pk"),
        kind=Notification.Kind.TEAM_REQUEST_DECIDED,
        actor=by,
        url=request.team.get_absolute_url()
        if request.team
        else reverse("teams:team_from_idea", kwargs={"idea_id": request.idea_id}),
        subject=request.name,
        detail=request.status,  # approved / refused: the line may say which
    )
    return request


# --- members -----------------------------------------------------------------------------------------


def _lock(team: ActionTeam) -> ActionTeam:
    return ActionTeam.objects.select_for_update().get(pk=team.pk)


def _changed(team: ActionTeam) -> None:
    broadcast.team_changed_on_commit(team.pk)


@transaction.atomic
def team_join(*, team: ActionTeam, member: AbstractBaseUser) -> TeamMembership:
    if not is_member(member):
        raise PermissionDenied
    team = _lock(team)
    if TeamMembership.objects.filter(team=team, member=member).exists():
        raise ValidationError(_("You are already in this action team."))
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(team=team, member=member)
    except IntegrityError:  # a second click that got past the check
        raise ValidationError(_("You are already in this action team.")) from None
    _changed(team)
    return membership


@transaction.atomic
def team_leave(*, team: ActionTeam, member: AbstractBaseUser) -> None:
    team = _lock(team)
    if not permissions.is_team_member(member, team):
        raise ValidationError(_("You are not in this action team."))
    if team.coordinator_id == member.pk:
        raise ValidationError(
            _("You coordinate this team: hand over first (make another member coordinator), then leave.")
        )
    TeamMembership.objects.filter(team=team, member=member).delete()
    TeamTask.objects.filter(team=team, owner=member).exclude(status=TeamTask.Status.DONE).update(owner=None)
    _changed(team)


@transaction.atomic
def team_update(
    *,
    team: ActionTeam,
    by: AbstractBaseUser,
    name: str,
    goal: str,
    topic: Topic | None,
    coordinator: AbstractBaseUser,
) -> ActionTeam:
    """The coordinator (or an organiser) edits the team or hands it over; a new coordinator who was
    not in the team joins it."""
    team = _lock(team)
    if not permissions.can_change_team(by, team):
        raise PermissionDenied
    if coordinator is None or not is_member(coordinator):
        raise ValidationError({"coordinator": _("The coordinator must be an active member.")})
    team.name, team.goal = _clean_team_fields(name, goal)
    team.topic = topic
    team.coordinator = coordinator
    team.full_clean()
    team.save()
    TeamMembership.objects.get_or_create(team=team, member=coordinator)
    _changed(team)
    return team


# --- tasks and updates -------------------------------------------------------------------------------


def _require_worker(by: AbstractBaseUser, team: ActionTeam) -> None:
    if not permissions.can_work_in_team(by, team):
        raise PermissionDenied


def _check_owner(team: ActionTeam, owner: AbstractBaseUser | None) -> None:
    if owner is not None and not TeamMembership.objects.filter(team=team, member=owner).exists():
        raise ValidationError({"owner": _("A task's owner must be a member of the team.")})


def _tell_owner(task: TeamTask, by: AbstractBaseUser) -> None:
    if task.owner_id is None or task.owner_id == by.pk:
        return
    notify(
        recipients=get_user_model().objects.filter(pk=task.owner_id, is_active=True).values("pk"),
        kind=Notification.Kind.TASK_ASSIGNED,
        actor=by,
        url=task.team.get_absolute_url(),
        subject=task.title,
    )


@transaction.atomic
def task_create(
    *,
    team: ActionTeam,
    by: AbstractBaseUser,
    title: str,
    owner: AbstractBaseUser | None = None,
    due_on: date | None = None,
) -> TeamTask:
    """A task for the team; its owner (a team member) hears of it unless they made it."""
    team = _lock(team)
    _require_worker(by, team)
    _check_owner(team, owner)
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date has passed; choose today or a later day.")})
    task = TeamTask(team=team, title=title.strip(), owner=owner, due_on=due_on)
    task.full_clean()
    task.save()
    _tell_owner(task, by)
    _changed(team)
    return task


@transaction.atomic
def task_set_status(*, task: TeamTask, by: AbstractBaseUser, status: str) -> TeamTask:
    task = TeamTask.objects.select_for_update().select_related("team").get(pk=task.pk)
    _require_worker(by, task.team)
    if status not in TeamTask.Status.values:
        raise ValidationError({"status": _("Choose to do, in progress or done.")})
    if task.status != status:
        task.status = status
        task.save(update_fields=["status", "updated_at"])
        _changed(task.team)
    return task


@transaction.atomic
def task_assign(*, task: TeamTask, by: AbstractBaseUser, owner: AbstractBaseUser | None) -> TeamTask:
    """Give a task to a team member (or to nobody); the new owner hears of it unless it is `by`."""
    task = TeamTask.objects.select_for_update().select_related("team").get(pk=task.pk)
    _require_worker(by, task.team)
    _check_owner(task.team, owner)
    new_owner_id = owner.pk if owner is not None else None
    if task.owner_id != new_owner_id:
        task.owner = owner
        task.save(update_fields=["owner", "updated_at"])
        _tell_owner(task, by)
        _changed(task.team)
    return task


@transaction.atomic
def update_post(*, team: ActionTeam, by: AbstractBaseUser, text: str) -> TeamUpdate:
    """A short update from a team member; the other members hear of it."""
    team = _lock(team)
    _require_worker(by, team)
    update = TeamUpdate(team=team, author=by, text=_check_length(TeamUpdate, "text", text.strip()))
    update.full_clean()
    update.save()
    notify(
        recipients=selectors.team_members(team).exclude(pk=by.pk).values("pk"),
        kind=Notification.Kind.TEAM_UPDATE,
        actor=by,
        url=team.get_absolute_url(),
        subject=team.name,
    )
    _changed(team)
    return update


# --- report-backs ------------------------------------------------------------------------------------


@transaction.atomic
def report_back_save(*, team: ActionTeam, meeting: Meeting, by: AbstractBaseUser, text: str) -> ReportBack:
    """The coordinator writes (or rewrites) the team's one report-back to a coming meeting."""
    team = _lock(team)
    if not permissions.can_write_report_back(by, team):
        raise PermissionDenied
    if meeting.starts_at <= timezone.now():
        raise ValidationError(
            {"session": _("This session has already started: a report-back is for a coming session.")}
        )
    report = ReportBack.objects.filter(team=team, meeting=meeting).first() or ReportBack(
        team=team, meeting=meeting
    )
    report.text = _check_length(ReportBack, "text", text.strip())
    report.text_html = markdown_html(report.text)
    report.author = by
    report.full_clean()
    report.save()
    _changed(team)
    return report


def report_backs_name_review(*, user: AbstractBaseUser) -> None:
    """Before an account is deleted (profiles/registry.py's `member_deleting`): each report-back in
    which the member's display name is typed by hand becomes a review item for the facilitators of
    its meeting (archive.services.name_review_add), on that meeting's summary edit page. The text
    stays as its coordinator wrote it."""
    profile = getattr(user, "profile", None)
    name = profile.display_name if profile is not None else ""
    if not name.split():
        return
    reports = ReportBack.objects.filter(text__icontains=name.split()[0]).select_related("team", "meeting")
    for report in reports:
        if name_typed_in(name, report.text):
            archive_services.name_review_add(
                meeting=report.meeting, name=name, leaving=user, team_name=report.team.name
            )


@transaction.atomic
def report_back_show(*, board: Board, by: AbstractUser, report_back: ReportBack | None) -> Board:
    """Put an action team's report-back on the projector during the plenary report-back (or take
    it off with None). Only the projector (and the facilitators) see it; it is not the participants'.

    The board's event (kind `report_back`, for the projector and up) is appended by the boards service,
    under the board's lock like every board write; what it shows is this app's `ReportBackShown`."""
    board = board_services.lock_board_to_moderate(board, by)
    if report_back is not None and report_back.meeting_id != board.meeting_id:
        raise ValidationError(_("This report-back is for another session."))
    if report_back is None:
        ReportBackShown.objects.filter(board=board).delete()
    else:
        ReportBackShown.objects.update_or_create(board=board, defaults={"report_back": report_back})
    board_services.board_event_append(board=board, kind=EventKind.REPORT_BACK, audience=Audience.PROJECTOR)
    return board
