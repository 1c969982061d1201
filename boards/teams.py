"""Action teams (actieteams): every write and the reads worth naming.

An idea, or a merged group of ideas, becomes a team: a facilitator of its board starts one, or a
member asks and the facilitator approves. A team has members, tasks and short updates, and writes a
report-back (terugkoppeling) to the next session. The lineage runs idea -> team -> report-backs ->
the summaries they landed in.

Services are keyword-only and atomic: permission, validation of the whole row, the writes, the
notifications (rows now, pushes after commit) and a hint to every page watching the team
(realtime.broadcast.team_changed_on_commit). Pages re-fetch their own view on that hint: per-person
controls never ride in a shared fragment.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import permissions
from boards.models import (
    ActionTeam,
    Idea,
    ReportBack,
    Session,
    TeamMembership,
    TeamRequest,
    TeamTask,
    TeamUpdate,
    Topic,
)
from callouts.models import Notification
from callouts.services import notify
from cmij.text import markdown_html
from profiles.permissions import is_member
from realtime import broadcast

#: How many past sessions without a report-back make a team overdue.
OVERDUE_AFTER = 2

# --- starting a team -------------------------------------------------------------------------------


def idea_group(idea: Idea) -> list[Idea]:
    """The idea and the ideas merged with it: the target of the merge and all merged into it."""
    root = idea
    seen = {root.pk}
    while root.merged_into_id is not None and root.merged_into_id not in seen:
        root = Idea.objects.get(pk=root.merged_into_id)
        seen.add(root.pk)
    return [root, *Idea.objects.filter(merged_into=root).exclude(pk=root.pk).order_by("created_at", "id")]


def _require_startable(idea: Idea) -> None:
    if idea.status != Idea.Status.VISIBLE:
        raise ValidationError(_("Only an idea that participants could see can start an action team."))


def check_length(model: type, field: str, value: str) -> str:
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
    return name.strip(), check_length(ActionTeam, "goal", goal.strip())


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
    group = idea_group(idea)
    team = ActionTeam(
        name=name,
        goal=goal,
        topic=topic,
        coordinator=coordinator,
        session=idea.board.session,
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
        recipients=request_deciders(idea).exclude(pk=by.pk).values("pk"),
        kind=Notification.Kind.TEAM_REQUEST,
        actor=by,
        url=reverse("boards:team_requests"),
        subject=request.name,
    )
    return request


def request_deciders(idea: Idea) -> QuerySet:
    """Who decides a request: the board's facilitators; the organisers when the board has none."""
    User = get_user_model()
    facilitators = User.objects.filter(facilitated_boards=idea.board_id, is_active=True)
    if facilitators.exists():
        return facilitators
    return User.objects.filter(is_staff=True, is_active=True)


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
        else reverse("boards:team_from_idea", kwargs={"idea_id": request.idea_id}),
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
    update = TeamUpdate(team=team, author=by, text=check_length(TeamUpdate, "text", text.strip()))
    update.full_clean()
    update.save()
    notify(
        recipients=team_members(team).exclude(pk=by.pk).values("pk"),
        kind=Notification.Kind.TEAM_UPDATE,
        actor=by,
        url=team.get_absolute_url(),
        subject=team.name,
    )
    _changed(team)
    return update


def team_members(team: ActionTeam) -> QuerySet:
    """The team's active members, as users."""
    return get_user_model().objects.filter(
        pk__in=TeamMembership.objects.filter(team=team).values("member_id"), is_active=True
    )


# --- report-backs ------------------------------------------------------------------------------------


@transaction.atomic
def report_back_save(*, team: ActionTeam, session: Session, by: AbstractBaseUser, text: str) -> ReportBack:
    """The coordinator writes (or rewrites) the team's one report-back to a coming session."""
    team = _lock(team)
    if not permissions.can_write_report_back(by, team):
        raise PermissionDenied
    if session.starts_at <= timezone.now():
        raise ValidationError(
            {"session": _("This session has already started: a report-back is for a coming session.")}
        )
    report = ReportBack.objects.filter(team=team, session=session).first() or ReportBack(
        team=team, session=session
    )
    report.text = check_length(ReportBack, "text", text.strip())
    report.text_html = markdown_html(report.text)
    report.author = by
    report.full_clean()
    report.save()
    _changed(team)
    return report


# --- reads -------------------------------------------------------------------------------------------


def open_tasks_queryset() -> QuerySet[TeamTask]:
    return TeamTask.objects.exclude(status=TeamTask.Status.DONE).select_related("owner__profile")


def teams_list() -> QuerySet[ActionTeam]:
    return ActionTeam.objects.select_related("topic", "coordinator__profile").annotate(
        member_count=Count("memberships", distinct=True)
    )


def team_for_page(team_id: int) -> ActionTeam:
    return ActionTeam.objects.select_related("topic", "coordinator__profile", "session").get(pk=team_id)


def team_live(team: ActionTeam) -> dict:
    """What the live part of a team's page shows, in a fixed number of queries."""
    return {
        "memberships": list(
            TeamMembership.objects.filter(team=team).select_related("member__profile").order_by("joined_at")
        ),
        "tasks": list(TeamTask.objects.filter(team=team).select_related("owner__profile")),
        "updates": list(TeamUpdate.objects.filter(team=team).select_related("author__profile")[:50]),
    }


def team_lineage(team: ActionTeam) -> dict:
    """Where the team came from (its ideas, on their boards) and what it left (its report-backs, and
    the published summaries of their sessions)."""
    reports = list(
        ReportBack.objects.filter(team=team)
        .select_related("session__summary")
        .order_by("-session__starts_at")
    )
    for report in reports:
        summary = getattr(report.session, "summary", None)
        report.published_summary = summary if summary is not None and summary.is_published else None
    return {
        "ideas": list(team.ideas.select_related("board__session").order_by("created_at", "id")),
        "report_backs": reports,
    }


def report_backs_for_session(session: Session) -> list[ReportBack]:
    """The report-backs on a session's programme, each with its team, coordinator and open tasks
    (`report.team.open_tasks`): three queries however many there are."""
    return list(
        ReportBack.objects.filter(session=session)
        .select_related("team__coordinator__profile", "team__topic", "author__profile", "session")
        .prefetch_related(Prefetch("team__tasks", queryset=open_tasks_queryset(), to_attr="open_tasks"))
        .order_by("team__name", "id")
    )


def report_back_for_page(report_id: int) -> ReportBack:
    return (
        ReportBack.objects.select_related("team__coordinator__profile", "session", "author__profile")
        .prefetch_related(Prefetch("team__tasks", queryset=open_tasks_queryset(), to_attr="open_tasks"))
        .get(pk=report_id)
    )


def open_tasks(team: ActionTeam) -> list[TeamTask]:
    return list(open_tasks_queryset().filter(team=team))


def teams_of_idea(idea: Idea) -> QuerySet[ActionTeam]:
    """The teams an idea led to (directly or as part of a merged group)."""
    return ActionTeam.objects.filter(ideas=idea).select_related("topic").distinct()


def teams_overdue(now=None) -> list[ActionTeam]:
    """Teams that sent no report-back to either of the last two sessions that started after the team
    was made and have started by now. A team younger than two sessions is not overdue."""
    now = now or timezone.now()
    started = list(
        Session.objects.filter(starts_at__lte=now).order_by("-starts_at").values("pk", "starts_at")
    )
    teams = ActionTeam.objects.select_related("topic", "coordinator__profile").prefetch_related(
        Prefetch("report_backs", queryset=ReportBack.objects.only("pk", "team_id", "session_id"))
    )
    overdue = []
    for team in teams:
        since = [s["pk"] for s in started if s["starts_at"] > team.created_at][:OVERDUE_AFTER]
        if len(since) < OVERDUE_AFTER:
            continue
        reported = {report.session_id for report in team.report_backs.all()}
        if not reported.intersection(since):
            overdue.append(team)
    return overdue


def coming_sessions() -> QuerySet[Session]:
    """Sessions a report-back can be written for: those that have not started."""
    return Session.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at")


def pending_requests(user: AbstractBaseUser) -> QuerySet[TeamRequest]:
    """The requests this user may decide: all for organisers, their boards' for facilitators."""
    requests = TeamRequest.objects.filter(status=TeamRequest.Status.PENDING).select_related(
        "idea__board__session", "requested_by__profile", "topic"
    )
    if permissions.is_organiser(user):
        return requests
    return requests.filter(idea__board__facilitators=user).distinct()


def my_requests(*, idea: Idea, user: AbstractBaseUser) -> QuerySet[TeamRequest]:
    return TeamRequest.objects.filter(idea=idea, requested_by=user).select_related("team")
