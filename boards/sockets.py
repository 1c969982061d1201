"""What a board's socket needs from the board: who this socket is, what to replay, what an action
does. Plain Django and synchronous; realtime.consumers.BoardConsumer calls it from a thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from boards import forms, permissions, rendering, services
from boards.events import EVENT_NEEDLE, read_seq_marker
from boards.identity import participant_for
from boards.models import Board, BoardEvent, Idea
from profiles.sockets import current_user
from realtime import names

REPLAY_LIMIT = 200  # more missed events than this: a fresh snapshot instead
#: A snapshot larger than this is fetched over HTTP instead: daphne refuses WebSocket messages over
#: 1 MiB, and a phone should not be sent that much in one frame (a board of some 200 ideas and up).
SNAPSHOT_MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class BoardAccess:
    board_id: int
    audience: str
    user_id: int | None = None
    guest_id: int | None = None
    control_groups: list[str] = field(default_factory=list)

    def topics(self, language: str) -> list[str]:
        topics = [
            names.board_audience(self.board_id, self.audience, language),
            names.presence(self.board_id, language),
        ]
        if self.user_id is not None:
            topics.append(names.user(self.user_id))
        if self.guest_id is not None:
            topics.append(names.guest(self.guest_id))
        if self.audience == rendering.FACILITATORS:
            topics.append(names.board_guests(self.board_id))  # the guest list changed: fetch it
        return topics


def projector_token(scope: dict[str, Any]) -> str:
    query = parse_qs((scope.get("query_string") or b"").decode("latin1"))
    return (query.get("t") or [""])[0]


def access_for(*, scope: dict[str, Any], board_id: int) -> BoardAccess | None:
    board = Board.objects.select_related("meeting").filter(pk=board_id).first()
    if board is None:
        return None
    user = current_user(scope)
    token = projector_token(scope)
    if token:
        if not permissions.can_open_projector(None, board, token):
            return None
        return BoardAccess(
            board_id=board.pk,
            audience=rendering.PROJECTOR,
            control_groups=[names.projector_group(board.pk)],
        )
    if permissions.can_moderate(user, board):
        return BoardAccess(
            board_id=board.pk,
            audience=rendering.FACILITATORS,
            user_id=user.pk,
            control_groups=[names.user_group(user.pk), names.moderators_group(board.pk)],
        )
    participant = participant_for(user=user, django_session=scope.get("session"), meeting=board.meeting)
    if participant is None:
        return None
    if participant.guest is not None:
        return BoardAccess(
            board_id=board.pk,
            audience=rendering.PARTICIPANTS,
            guest_id=participant.guest.pk,
            control_groups=[names.guest_group(participant.guest.pk)],
        )
    return BoardAccess(
        board_id=board.pk,
        audience=rendering.PARTICIPANTS,
        user_id=user.pk,
        control_groups=[names.user_group(user.pk)],
    )


def counts_as_present(access: BoardAccess) -> bool:
    """Participants and facilitators count; the projector in the room does not."""
    return access.audience != rendering.PROJECTOR


def pushed_seq(text: str) -> int | None:
    """The seq of a pushed board fragment, read from its marker (boards.events); None for any other push."""
    marker = read_seq_marker(text)
    return marker.seq if marker is not None else None


def is_board_event(text: str) -> bool:
    """Does `text` start with a seq marker? The same answer as `pushed_seq(text) is not None`, without
    the regular expression: the consumer asks it for every write to every board socket (1000 phones,
    20 ideas a second: 20,000 times a second)."""
    return text.startswith('<div id="board-') and text.find(EVENT_NEEDLE, 15, 40) != -1


def event_count(text: str) -> int:
    """How many board events a pushed board event message carries: one, or the several the
    in-process hub joined (realtime.hub.joined)."""
    return text.count(EVENT_NEEDLE)


def replay(*, access: BoardAccess, since: int, language: str) -> list[str]:
    """The events of this socket's audience after `since`, in order; or a snapshot if too many."""
    board = Board.objects.select_related("meeting").get(pk=access.board_id)
    current = rendering.audience_seq(board, access.audience)
    if since == current:
        return []
    level = rendering.LEVEL[access.audience]
    events = list(
        BoardEvent.objects.select_related("board__meeting")
        .filter(board=board, audience__lte=level, seq__gt=since)
        .order_by("seq")[: REPLAY_LIMIT + 1]
    )
    first_prev = getattr(events[0], f"prev_{access.audience}") if events else None
    if since > current or len(events) > REPLAY_LIMIT or first_prev != since:
        return snapshot(access=access, language=language)
    return rendering.render_events(events, access.audience, language)


def snapshot(*, access: BoardAccess, language: str) -> list[str]:
    """The whole board for this socket's audience; or, when that is too large for one message, a
    hint to fetch the same snapshot over HTTP (cmij.js does, with htmx)."""
    board = Board.objects.select_related("meeting").get(pk=access.board_id)
    html = rendering.render_snapshot(board, access.audience, language)
    if len(html.encode()) > SNAPSHOT_MAX_BYTES:
        return [rendering.render_snapshot_hint(board, access.audience, language)]
    return [html]


def act(
    *, scope: dict[str, Any], access: BoardAccess, action: str, message: dict[str, Any], language: str
) -> list[str]:
    """A participant's action over the socket: the same forms and services as the HTMX views."""
    board = Board.objects.select_related("meeting").get(pk=access.board_id)
    participant = participant_for(
        user=current_user(scope), django_session=scope.get("session"), meeting=board.meeting
    )
    with translation.override(language):
        if participant is None:
            return [_notice(board, _("You may not do that."), language)]
        try:
            if action == "post":
                form = forms.IdeaForm(message)
                sent = form.submit(board=board, participant=participant)
                return [rendering.render_idea_form_answer(board, participant, form, sent, language, oob=True)]
            form = forms.IdeaRefForm(message)
            if not form.is_valid():
                raise ValidationError(_("That message could not be read."))
            idea = Idea.objects.filter(board=board, pk=form.cleaned_data["idea"]).first()
            if idea is None:
                raise ValidationError(_("This idea cannot be voted on."))
            if action == "vote":
                services.idea_vote(idea=idea, participant=participant)
            else:
                services.idea_unvote(idea=idea, participant=participant)
            return [
                rendering.render_idea_action_answer(board, participant, idea.pk, language, my_state_oob=True)
            ]
        except ValidationError as error:
            return [_notice(board, " ".join(error.messages), language)]
        except PermissionDenied:
            return [_notice(board, _("You may not do that."), language)]


def _notice(board: Board, message: str, language: str) -> str:
    return rendering.render_partial("notice-oob", {"board": board, "message": message}, language)
