"""Thin views: a form, one service call, a render. Every board action is also a plain POST."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import rotate_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boards import exports, forms, permissions, ratelimit, registry, rendering, selectors, services
from boards.identity import joined_guest_ids, participant_for, remember_guest, remember_joined
from boards.models import Board, Guest, Idea, Meeting, Prompt, Registration
from cmij.images import image_argument, image_name, public_image_response
from cmij.registry import render_sections
from profiles.models import Profile

# --- meetings -------------------------------------------------------------------------------------


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "boards/meeting_list.html",
        {
            "upcoming": selectors.upcoming_meetings(),
            "past": selectors.past_meetings()[:20],
            "can_create": permissions.can_create_meeting(request.user),
        },
    )


@require_GET
def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("municipality"), slug=slug)
    participant = participant_for(user=request.user, django_session=request.session, meeting=meeting)
    boards = list(meeting.boards.prefetch_related("facilitators"))
    can_edit = permissions.can_edit_meeting(request.user)
    meeting_programme = selectors.programme_of(meeting)
    return render(
        request,
        "boards/meeting_detail.html",
        {
            "meeting": meeting,
            "programme": meeting_programme,
            # What the apps above add to this page (boards/registry.py): the calendar file, the summary,
            # the topics and report-backs on the programme, proposals for planning.
            "actions": render_sections(registry.meeting_actions, request, meeting),
            "intro": render_sections(registry.meeting_intro, request, meeting),
            "programme_items": render_sections(registry.programme_items, request, meeting, meeting_programme),
            "sections": render_sections(registry.meeting_sections, request, meeting),
            "attendance": selectors.attendance(meeting),
            "registration": selectors.registration_of(meeting, request.user),
            "can_register": permissions.can_register(request.user, meeting),
            "registration_open": meeting.ends_at > timezone.now(),
            "can_see_registrations": permissions.can_see_registrations(request.user),
            "Answer": Registration.Answer,
            "boards": boards,
            "participant": participant,
            "can_edit": can_edit,
            "moderates": [board for board in boards if permissions.can_moderate(request.user, board)],
            "breakout_form": forms.BreakoutForm(),
            "board_rows": [
                (board, _board_form(board) if can_edit and board.kind == Board.Kind.BREAKOUT else None)
                for board in boards
            ],
        },
    )


def _board_form(board: Board) -> forms.BreakoutForm:
    return forms.BreakoutForm(
        initial={"title": board.title, "theme": board.theme, "facilitators": list(board.facilitators.all())},
        prefix=f"board-{board.pk}",
    )


@require_GET
def meeting_image(request: HttpRequest, slug: str, width: int | None = None) -> HttpResponse:
    """A session's image, or one of its widths (cmij.images); sessions are public, and so is it."""
    meeting = Meeting.objects.filter(slug=slug).only("image", "image_width").first()
    return public_image_response(image_name(meeting, width))


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_meeting(request.user):
        raise PermissionDenied
    form = forms.MeetingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["image"] = image_argument(data)
        try:
            meeting = services.meeting_create(by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session was created."))
            return redirect(meeting)
    return render(request, "boards/meeting_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, slug=slug)
    if not permissions.can_edit_meeting(request.user):
        raise PermissionDenied
    form = forms.MeetingForm(
        request.POST or None, request.FILES or None, instance=Meeting.objects.get(pk=meeting.pk)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["image"] = image_argument(data)
        facilitators = data.pop("facilitators")
        try:
            services.meeting_update(meeting=meeting, by=request.user, facilitators=facilitators, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect(meeting)
    return render(request, "boards/meeting_form.html", {"form": form, "meeting": meeting})


@require_POST
def breakout_create(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, slug=slug)
    if not permissions.can_edit_meeting(request.user):
        raise PermissionDenied
    form = forms.BreakoutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the breakout a title."))
        return redirect(meeting)
    services.board_create(meeting=meeting, by=request.user, **form.cleaned_data)
    return redirect(meeting)


@require_POST
def board_edit(request: HttpRequest, board_id: int) -> HttpResponse:
    board = _board(board_id)
    if not permissions.can_edit_meeting(request.user):
        raise PermissionDenied
    form = forms.BreakoutForm(request.POST, prefix=f"board-{board.pk}")
    if not form.is_valid():
        messages.error(request, _("Give the breakout a title."))
    else:
        services.board_update(board=board, by=request.user, **form.cleaned_data)
        messages.success(request, _("The board was saved."))
    return redirect(board.meeting)


# --- joining --------------------------------------------------------------------------------------


# The board page right after joining puts the keyboard in the idea field (cmij.js, data-focus-on-load).
JUST_JOINED = "cmij_just_joined"


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Guests join a meeting with its code and a display name; members with the code go straight in.

    A typed code (or a link without a valid token) is limited per browser and per address; a join
    through the projector's signed link is not a guess and passes those limits (boards/ratelimit.py).
    """
    data = request.POST if request.method == "POST" else request.GET
    link_token = data.get(ratelimit.LINK_PARAM, "")
    form = forms.JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.user.is_authenticated:
        form.fields["display_name"].required = False
    context = {"form": form, "link_token": link_token}
    if request.method != "POST":
        return render(request, "boards/join.html", context)
    limiter = ratelimit.JoinLimiter(request)
    linked_meeting_id = ratelimit.join_link_meeting_id(code=request.POST.get("code", ""), token=link_token)
    refusal = None if linked_meeting_id else limiter.refusal()
    status = 200
    if refusal:
        form.add_error(None, refusal)
        status = 429
    elif form.is_valid():
        meeting = selectors.meeting_for_code(form.cleaned_data["code"])
        if linked_meeting_id and meeting is not None and meeting.pk != linked_meeting_id:
            meeting = None
        if meeting is None and selectors.meeting_closed_for_code(form.cleaned_data["code"]) is not None:
            # A correct code, but joining is closed: say so (a correct code is no guess).
            form.add_error(
                "code",
                _("Joining this session is closed. Ask the facilitator if you still want to take part."),
            )
        elif meeting is None:
            if not linked_meeting_id:  # an old link (the code was rotated) is not a guess either
                limiter.record_failure()
            form.add_error(
                "code", _("This join code is not valid (any more). Check it with the facilitator.")
            )
        elif request.user.is_authenticated:
            request.session[JUST_JOINED] = meeting.pk
            return redirect(selectors.plenary_board(meeting))
        else:
            try:
                guest = services.guest_join(
                    meeting=meeting,
                    code=form.cleaned_data["code"],
                    display_name=form.cleaned_data["display_name"],
                    earlier_guest_ids=joined_guest_ids(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # A new identity in this browser gets a new session key and CSRF token, as logging
                # in does: a key planted before the join (session fixation) is worth nothing after.
                request.session.cycle_key()
                rotate_token(request)
                remember_guest(request.session, guest)
                request.session[JUST_JOINED] = meeting.pk
                response = limiter.finish(redirect(selectors.plenary_board(meeting)))
                return remember_joined(request, response, guest)
    return limiter.finish(render(request, "boards/join.html", context, status=status))


# --- the board ------------------------------------------------------------------------------------


def board_socket_url(board: Board, *, projector: bool = False) -> str:
    """The board's WebSocket path (the projector's carries its link token)."""
    path = f"/ws/boards/{board.pk}/"
    return f"{path}?t={board.projector_token}" if projector else path


def _board(board_id: int) -> Board:
    return get_object_or_404(Board.objects.select_related("meeting"), pk=board_id)


def _participant(request: HttpRequest, board: Board):
    return participant_for(user=request.user, django_session=request.session, meeting=board.meeting)


def board_page_context(request: HttpRequest, board: Board, audience: str, socket_url: str) -> dict:
    participant = _participant(request, board) if audience != rendering.PROJECTOR else None
    context = rendering.board_context(board, audience)
    context.update(rendering.my_state(board, participant))
    context.update(rendering.join_context(board.meeting))
    context.update(
        {
            "socket_url": socket_url,
            "form": forms.IdeaForm(),
            "settings_form": forms.BoardSettingsForm(instance=board),
            "timer_form": forms.TimerForm(),
            "prompt_form": forms.PromptForm(),
            "projector_url": rendering.projector_url(board),
            "phases": Board.Phase.choices,
        }
    )
    if audience == rendering.FACILITATORS:
        context["guests"] = list(selectors.guests_of(board.meeting))
    return context


def _page_audience(request: HttpRequest, board: Board) -> str | None:
    """Whose board page this request gets: the facilitators', the participants', or none."""
    if permissions.can_moderate(request.user, board):
        return rendering.FACILITATORS
    if permissions.can_view_board(_participant(request, board), board):
        return rendering.PARTICIPANTS
    return None


@require_GET
def board_detail(request: HttpRequest, board_id: int) -> HttpResponse:
    board = _board(board_id)
    audience = _page_audience(request, board)
    if audience is None:
        return redirect(f"{reverse('boards:join')}?next={board.pk}")
    if request.GET.get("snapshot"):
        return _snapshot(request, board, audience)
    if request.GET.get("me"):
        return _my_state(request, board)
    context = board_page_context(request, board, audience, board_socket_url(board))
    context["just_joined"] = request.session.pop(JUST_JOINED, None) == board.meeting_id
    response = render(request, "boards/board.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _snapshot(request: HttpRequest, board: Board, audience: str) -> HttpResponse:
    """The board's live parts, swapped in out of band: what a socket sends after a large gap, here
    when it is too large for one socket message (boards/sockets.py snapshot)."""
    response = HttpResponse(rendering.render_snapshot(board, audience, request.LANGUAGE_CODE))
    response["Cache-Control"] = "no-store"
    return response


def _my_state(request: HttpRequest, board: Board) -> HttpResponse:
    """One person's own state, swapped in by id: what cmij.js fetches when a push changed it (votes
    per participant changed, a vote went with its idea, an own idea was approved), since per-person
    state never rides in a shared push."""
    response = HttpResponse(rendering.render_my_state(board, _participant(request, board), get_language()))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def board_projector(request: HttpRequest, board_id: int) -> HttpResponse:
    board = _board(board_id)
    token = request.GET.get("t", "")
    if not permissions.can_open_projector(request.user, board, token):
        raise PermissionDenied
    if request.GET.get("snapshot"):
        return _snapshot(request, board, rendering.PROJECTOR)
    context = board_page_context(request, board, rendering.PROJECTOR, board_socket_url(board, projector=True))
    context["breakouts"] = []
    context["page_ms"] = str(round(settings.CMIJ_PROJECTOR_PAGE_SECONDS * 1000))
    if request.GET.get("breakouts"):
        for breakout in selectors.breakouts_beside(board):
            breakout_context = rendering.board_context(breakout, rendering.PROJECTOR)
            breakout_context["socket_url"] = board_socket_url(breakout, projector=True)
            context["breakouts"].append((breakout, breakout_context))
    response = render(request, "boards/board.html", context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- participant actions --------------------------------------------------------------------------


def _respond(request: HttpRequest, board: Board, participant, idea_id: int) -> HttpResponse:
    """An HTMX request gets the person's own state (its target) and the idea's card by id; a plain
    POST goes back to the board. The card also comes on every socket; the response carries it for
    a page whose socket is down."""
    if not request.htmx:
        return HttpResponseRedirect(board.get_absolute_url())
    return HttpResponse(
        rendering.render_idea_action_answer(board, participant, idea_id, get_language(), my_state_oob=False)
    )


def _notice(request: HttpRequest, board: Board, message: str) -> HttpResponse:
    """Why an action was refused, next to the board: swapped into the notice by its id (a 200,
    since htmx does not swap error responses)."""
    if request.htmx:
        html = rendering.render_partial("notice", {"board": board, "message": message}, get_language())
        response = HttpResponse(html, status=200)
        response["HX-Retarget"] = f"#board-{board.pk}-notice"
        response["HX-Reswap"] = "outerHTML"
        return response
    messages.error(request, message)
    return HttpResponseRedirect(board.get_absolute_url())


def participant_action(view: Callable) -> Callable:
    """Load the idea's board and the participant; refuse strangers; turn refusals into notices."""

    @wraps(view)
    def wrapper(request: HttpRequest, idea_id: int, *args, **kwargs) -> HttpResponse:
        idea = get_object_or_404(Idea.objects.select_related("board__meeting"), pk=idea_id)
        board = idea.board
        participant = _participant(request, board)
        if participant is None:
            raise PermissionDenied
        try:
            return view(request, idea, board, participant, *args, **kwargs)
        except ValidationError as error:
            return _notice(request, board, " ".join(error.messages))
        except PermissionDenied:
            return _notice(request, board, _("You may not do that."))

    return require_POST(wrapper)


@require_POST
def idea_create(request: HttpRequest, board_id: int) -> HttpResponse:
    board = _board(board_id)
    participant = _participant(request, board)
    if participant is None:
        raise PermissionDenied
    form = forms.IdeaForm(request.POST)
    sent = form.submit(board=board, participant=participant)
    if not request.htmx:
        if sent or board.locked or board.phase != Board.Phase.COLLECT:
            if not sent:  # no idea field shows now: the reason comes as a message
                messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return HttpResponseRedirect(board.get_absolute_url())
        # Without JavaScript too, a refused idea stays in its field with the reason beside it.
        audience = _page_audience(request, board) or rendering.PARTICIPANTS
        context = board_page_context(request, board, audience, board_socket_url(board))
        context["form"] = form
        return render(request, "boards/board.html", context, status=400)
    return HttpResponse(
        rendering.render_idea_form_answer(board, participant, form, sent, get_language(), oob=False)
    )


@participant_action
def idea_edit(request, idea, board, participant):
    form = forms.IdeaTextForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["text"])
    services.idea_edit(idea=idea, participant=participant, text=form.cleaned_data["text"])
    return _respond(request, board, participant, idea.pk)


@participant_action
def idea_delete(request, idea, board, participant):
    idea_id = idea.pk
    services.idea_delete(idea=idea, participant=participant)
    return _respond(request, board, participant, idea_id)


@participant_action
def idea_vote(request, idea, board, participant):
    idea_id = idea.pk
    services.idea_vote(idea=idea, participant=participant)
    return _respond(request, board, participant, idea_id)


@participant_action
def idea_unvote(request, idea, board, participant):
    idea_id = idea.pk
    services.idea_unvote(idea=idea, participant=participant)
    return _respond(request, board, participant, idea_id)


# --- facilitation ---------------------------------------------------------------------------------


def facilitator_action(view: Callable) -> Callable:
    """Refuse anyone who may not moderate the board; turn refusals into notices."""

    @wraps(view)
    def wrapper(request: HttpRequest, board: Board, *args, **kwargs) -> HttpResponse:
        if not permissions.can_moderate(request.user, board):
            raise PermissionDenied
        try:
            view(request, board, *args, **kwargs)
        except ValidationError as error:
            return _notice(request, board, " ".join(error.messages))
        if request.htmx:
            response = HttpResponse("")
            response["HX-Reswap"] = "none"
            return response
        return HttpResponseRedirect(board.get_absolute_url())

    return wrapper


def on_idea(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, idea_id: int, *args, **kwargs) -> HttpResponse:
        idea = get_object_or_404(Idea.objects.select_related("board__meeting"), pk=idea_id)
        return facilitator_action(lambda request, board, *a, **kw: view(request, idea, board, *a, **kw))(
            request, idea.board, *args, **kwargs
        )

    return require_POST(wrapper)


def on_board(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, board_id: int, *args, **kwargs) -> HttpResponse:
        return facilitator_action(view)(request, _board(board_id), *args, **kwargs)

    return require_POST(wrapper)


@on_idea
def idea_moderate(request, idea, board, action: str):
    services.idea_moderate(idea=idea, by=request.user, action=action)


@require_GET
def idea_more(request: HttpRequest, idea_id: int) -> HttpResponse:
    """A facilitator's rarer actions on one idea (correct a typo, move it, merge it), on a small page
    of their own: a link on each card instead of three forms in every card of a large board."""
    idea = get_object_or_404(Idea.objects.select_related("board__meeting"), pk=idea_id)
    if not permissions.can_moderate(request.user, idea.board):
        raise PermissionDenied
    context = {"idea": idea, "board": idea.board, "prompts": list(Prompt.objects.filter(board=idea.board))}
    response = render(request, "boards/idea_more.html", context)
    response["Cache-Control"] = "no-store"
    return response


@on_idea
def idea_correct(request, idea, board):
    form = forms.IdeaTextForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["text"])
    services.idea_correct(idea=idea, by=request.user, text=form.cleaned_data["text"])


@on_idea
def idea_merge(request, idea, board):
    """The idea whose form was used is merged into the idea whose number was given."""
    form = forms.MergeForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Give the number of the idea to merge into."))
    target = Idea.objects.filter(board=board, pk=form.cleaned_data["target"]).first()
    if target is None or target.pk == idea.pk:
        raise ValidationError(_("There is no other idea with that number on this board."))
    services.ideas_merge(target=target, others=[idea], by=request.user)


@on_idea
def idea_move(request, idea, board):
    prompt = Prompt.objects.filter(board=board, pk=request.POST.get("prompt") or 0).first()
    if prompt is None:
        raise ValidationError(_("That column is not on this board."))
    services.idea_move(idea=idea, by=request.user, prompt=prompt)


@on_board
def board_phase(request, board):
    form = forms.PhaseForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Unknown phase."))
    services.board_set_phase(board=board, by=request.user, phase=form.cleaned_data["phase"])


@on_board
def board_lock(request, board):
    services.board_set_locked(board=board, by=request.user, locked=request.POST.get("locked") == "1")


@on_board
def board_settings(request, board):
    form = forms.BoardSettingsForm(request.POST, instance=Board.objects.get(pk=board.pk))
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    services.board_update_settings(
        board=board, by=request.user, **{f: form.cleaned_data[f] for f in form.fields}
    )


@on_board
def timer_start(request, board):
    form = forms.TimerForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("A timer runs between 1 and 180 minutes."))
    services.timer_start(board=board, by=request.user, seconds=form.cleaned_data["minutes"] * 60)


@on_board
def timer_stop(request, board):
    services.timer_stop(board=board, by=request.user)


@on_board
def prompt_create(request, board):
    form = forms.PromptForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Give the column a title."))
    services.prompt_create(board=board, by=request.user, title=form.cleaned_data["title"])


@require_POST
def prompt_rename(request: HttpRequest, prompt_id: int) -> HttpResponse:
    prompt = get_object_or_404(Prompt.objects.select_related("board__meeting"), pk=prompt_id)

    def rename(request, board):
        form = forms.PromptForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give the column a title."))
        services.prompt_rename(prompt=prompt, by=request.user, title=form.cleaned_data["title"])

    return facilitator_action(rename)(request, prompt.board)


@on_board
def join_code_rotate(request, board):
    services.join_code_rotate(meeting=board.meeting, by=request.user)


@on_board
def joining_set(request, board):
    services.joining_set_open(meeting=board.meeting, by=request.user, open=request.POST.get("open") == "1")


@on_board
def join_panel_set(request, board):
    form = forms.JoinPanelForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Unknown size."))
    services.board_set_join_panel(board=board, by=request.user, size=form.cleaned_data["size"])


@on_board
def projector_link_rotate(request, board):
    services.projector_link_rotate(board=board, by=request.user)


@require_POST
def guest_kick(request: HttpRequest, board_id: int) -> HttpResponse:
    """Remove a guest (after the page's in-page confirmation); "new_code": and give the room a new
    code. An HTMX request gets the guest list back by id, so the panels that are open stay open."""
    board = _board(board_id)

    def kick(request, board):
        guest = Guest.objects.filter(meeting=board.meeting, pk=request.POST.get("guest") or 0).first()
        if guest is None:
            raise ValidationError(_("That guest is not in this session."))
        services.guest_kick(guest=guest, by=request.user, new_code=request.POST.get("new_code") == "1")

    response = facilitator_action(kick)(request, board)
    if request.htmx and response.get("HX-Reswap") == "none":  # done: the list as it is now
        response = _guest_list(request, board)
        response["HX-Reswap"] = "none"
    return response


@require_GET
def guest_list(request: HttpRequest, board_id: int) -> HttpResponse:
    """The meeting's guest list on a facilitator's board page, swapped in by id: what the page fetches
    when a push says the list changed, and when its socket opens."""
    board = _board(board_id)
    if not permissions.can_moderate(request.user, board):
        raise PermissionDenied
    return _guest_list(request, board)


def _guest_list(request: HttpRequest, board: Board) -> HttpResponse:
    context = {"board": board, "guests": list(selectors.guests_of(board.meeting))}
    response = render(request, "boards/facilitator_panel.html#guests-oob", context)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def board_export(request: HttpRequest, board_id: int, fmt: str) -> HttpResponse:
    if fmt not in {"csv", "md"}:
        raise Http404
    board = _board(board_id)
    if not permissions.can_moderate(request.user, board):
        raise PermissionDenied
    if fmt == "csv":
        response = HttpResponse(exports.board_csv(board), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.board_markdown(board), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bord-{board.pk}.{fmt}"'
    return response


# --- the programme and registrations --------------------------------------------------------------


@require_POST
def registration_set(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(meeting.get_absolute_url())
    answer = request.POST.get("answer", "")
    try:
        registration = services.registration_set(meeting=meeting, member=request.user, answer=answer)
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
    return HttpResponseRedirect(f"{meeting.get_absolute_url()}#registration")


@require_GET
def registration_list(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, slug=slug)
    if not permissions.can_see_registrations(request.user):
        raise PermissionDenied
    return render(
        request,
        "boards/registrations.html",
        {
            "meeting": meeting,
            "registrations": selectors.registrations(meeting),
            "attendance": selectors.attendance(meeting),
            "Answer": Registration.Answer,
        },
    )


@require_GET
def registration_export(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, slug=slug)
    if not permissions.can_see_registrations(request.user):
        raise PermissionDenied
    response = HttpResponse(exports.registrations_csv(meeting), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="aanmeldingen-{meeting.slug}.csv"'
    return response


# --- what boards adds to the profile page (profiles/registry.py) ----------------------------------


def profile_section(request: HttpRequest, profile: Profile) -> dict | None:
    """The meetings a member took part in, on their profile page (profiles/registry.py)."""
    meetings = list(selectors.meetings_taken_part_in(profile.user)[:20])
    return {"meetings": meetings} if meetings else None
