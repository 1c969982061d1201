"""The programme's actions: answering yes / maybe / no, the organisers' list and its export, and
putting a team's report-back on the projector (one click from the programme)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from boards import permissions, programme, services
from boards.models import Board, Registration, ReportBack, Session


@require_POST
def registration_set(request: HttpRequest, slug: str) -> HttpResponse:
    session = get_object_or_404(Session, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(session.get_absolute_url())
    answer = request.POST.get("answer", "")
    try:
        registration = programme.registration_set(session=session, member=request.user, answer=answer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.waiting:
            messages.info(
                request,
                _("The session is full: you are on the waiting list. We tell you when a place comes free."),
            )
        else:
            messages.success(request, _("Thank you, your answer is saved."))
    return HttpResponseRedirect(f"{session.get_absolute_url()}#registration")


@require_GET
def registration_list(request: HttpRequest, slug: str) -> HttpResponse:
    session = get_object_or_404(Session, slug=slug)
    if not permissions.can_see_registrations(request.user):
        raise PermissionDenied
    return render(
        request,
        "boards/registrations.html",
        {
            "session": session,
            "registrations": programme.registrations(session),
            "attendance": programme.attendance(session),
            "Answer": Registration.Answer,
        },
    )


@require_GET
def registration_export(request: HttpRequest, slug: str) -> HttpResponse:
    session = get_object_or_404(Session, slug=slug)
    if not permissions.can_see_registrations(request.user):
        raise PermissionDenied
    response = HttpResponse(programme.registrations_csv(session), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="aanmeldingen-{session.slug}.csv"'
    return response


@require_POST
def report_back_show(request: HttpRequest, board_id: int) -> HttpResponse:
    """Show a report-back on the board's projector, or (empty field) take it off again."""
    board = get_object_or_404(Board.objects.select_related("session"), pk=board_id)
    if not permissions.can_moderate(request.user, board):
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
    return HttpResponseRedirect(f"{board.session.get_absolute_url()}#programme")
