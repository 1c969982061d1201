"""Every write to meetings and boards.

Each board write runs in one transaction: the board row is locked (select_for_update), the rows
change, and a BoardEvent takes the next seq from the locked row, so seq order is commit order.
After commit the event is rendered once per audience and language and published (realtime).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from boards import permissions, rendering, selectors, tasks
from boards.events import Audience, EventKind
from boards.identity import Participant
from boards.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Board,
    BoardEvent,
    Guest,
    Idea,
    Meeting,
    Prompt,
    Registration,
    Vote,
)
from cmij.images import image_checked, set_image
from notifications import services as notification_services
from notifications.models import Notification
from profiles.models import Municipality
from realtime import broadcast, control, names

DEFAULT_PROMPTS = (gettext_noop("Ideas"), gettext_noop("Questions"), gettext_noop("Opportunities"))
TIMER_MAX_SECONDS = 3 * 60 * 60


# --- meetings -------------------------------------------------------------------------------------


def join_code_new() -> str:
    """A fresh join code: 10 characters of 31 gives about 49 bits, far beyond guessing."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not Meeting.objects.filter(join_code=code).exists():
            return code


def meeting_slug_new(title: str, starts_at: datetime) -> str:
    """The date and title as a slug; taken already, the first free "-2", "-3"... after it. One query
    whatever the number of namesakes (it was one per namesake)."""
    base = slugify(f"{starts_at:%Y-%m-%d} {title}")[:150] or "bijeenkomst"
    taken = set(Meeting.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def meeting_create(
    *,
    by: AbstractUser,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
    municipality: Municipality | None = None,
    theme: str = "",
    description: str = "",
    capacity: int | None = None,
    facilitators: Iterable[AbstractUser] = (),
    image: File | None = None,
    image_alt: str = "",
) -> Meeting:
    """A meeting and its plenary board, whose facilitators are the meeting's; with an image, checked
    and stored in its widths (cmij.images)."""
    if not permissions.can_create_meeting(by):
        raise PermissionDenied
    meeting = Meeting(
        title=title,
        slug=meeting_slug_new(title, starts_at),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        municipality=municipality,
        theme=theme,
        description=description,
        capacity=capacity,
        join_code=join_code_new(),
        created_by=by,
        image_alt=image_alt.strip(),
    )
    set_image(meeting, _meeting_checked(meeting, image))
    meeting.save()
    facilitators = list(facilitators)
    meeting.facilitators.set(facilitators)
    board_create(
        meeting=meeting, by=by, title=title, theme=theme, kind=Board.Kind.PLENARY, facilitators=facilitators
    )
    tasks.schedule_guest_removal(meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, by: AbstractUser, facilitators=None, image: File | bool | None = None, **fields
) -> Meeting:
    """Edit a meeting. `image`: an upload to use, False to remove the image, None to keep it."""
    if not permissions.can_edit_meeting(by):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(meeting, name, value.strip() if name == "image_alt" else value)
    meeting.sequence += 1  # calendar apps take the change (agenda.calendars)
    set_image(meeting, _meeting_checked(meeting, image), remove=image is False)
    meeting.save()
    if facilitators is not None:
        meeting.facilitators.set(facilitators)
        plenary = meeting.boards.filter(kind=Board.Kind.PLENARY).first()
        if plenary is not None:
            plenary.facilitators.set(facilitators)
            # Someone who lost the role leaves the facilitators' topic at once.
            control.recheck_roles_on_commit(names.moderators_group(plenary.pk))
    if "ends_at" in fields:
        tasks.schedule_guest_removal(meeting)
    return meeting


def _meeting_checked(meeting: Meeting, image: File | bool | None) -> bytes | None:
    """Every check of a meeting at once (its image too, `image` as meeting_update takes it); the
    image made ready to store."""
    jpeg, errors = image_checked(meeting, image)
    try:
        meeting.full_clean(exclude=list(errors))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return jpeg


@transaction.atomic
def join_code_rotate(*, meeting: Meeting, by: AbstractUser) -> str:
    """A new code; guests who joined stay (their rights hang on the guest row, not the code)."""
    _require_moderator_of_meeting(by, meeting)
    meeting.join_code = join_code_new()
    meeting.save(update_fields=["join_code"])
    _announce_to_projectors(meeting)
    return meeting.join_code


@transaction.atomic
def joining_set_open(*, meeting: Meeting, by: AbstractUser, open: bool) -> None:
    _require_moderator_of_meeting(by, meeting)
    meeting.join_open = open
    meeting.save(update_fields=["join_open"])
    _announce_to_projectors(meeting)


def _require_moderator_of_meeting(user: AbstractUser, meeting: Meeting) -> None:
    if not any(permissions.can_moderate(user, board) for board in meeting.boards.all()):
        raise PermissionDenied


def _announce_to_projectors(meeting: Meeting) -> None:
    for board in meeting.boards.all():
        locked = lock_board(board.pk)
        board_event_append(board=locked, kind=EventKind.JOIN, audience=Audience.PROJECTOR)


@transaction.atomic
def guest_join(
    *, meeting: Meeting, code: str, display_name: str, earlier_guest_ids: Iterable[int] = ()
) -> Guest:
    """A guest joins with the code. `earlier_guest_ids`: the guests this browser joined as before
    (boards.identity.joined_guest_ids); one of them removed from this meeting keeps it out."""
    if Guest.objects.filter(pk__in=list(earlier_guest_ids), meeting=meeting, kicked=True).exists():
        raise ValidationError(
            _("You were removed from this session. Ask the facilitator if you think this is a mistake."),
            code="removed",
        )
    if selectors.normalise_join_code(code) != meeting.join_code:
        raise ValidationError(_("This join code is not valid (any more). Check it with the facilitator."))
    if not meeting.join_open:
        raise ValidationError(
            _("Joining this session is closed. Ask the facilitator if you still want to take part."),
            code="joining_closed",
        )
    # A ceiling per code: a code that leaked beyond the room cannot fill the meeting with guests.
    if Guest.objects.filter(meeting=meeting).count() >= settings.CMIJ_MAX_GUESTS_PER_SESSION:
        raise ValidationError(_("This session is full. Ask the facilitator for help."))
    guest = Guest(meeting=meeting, display_name=display_name.strip())
    guest.full_clean()
    guest.save()
    guests_changed(meeting)
    return guest


def guests_changed(meeting: Meeting) -> None:
    """After commit, tell the facilitator pages of the meeting's boards that its guest list changed:
    a hint to fetch it (coalesced: at most one per board per second, realtime.broadcast)."""
    for board_id in meeting.boards.values_list("pk", flat=True):
        broadcast.hint_on_commit(
            names.board_guests(board_id), partial(rendering.render_guests_hint, board_id)
        )


# --- boards ---------------------------------------------------------------------------------------


def lock_board(board_id: int) -> Board:
    """The board row, locked until the transaction ends: every board write starts here."""
    return Board.objects.select_for_update().get(pk=board_id)


def board_event_append(
    *, board: Board, kind: str, audience: int = Audience.PARTICIPANTS, refs: dict | None = None
) -> BoardEvent:
    """Log a change of a locked board with the next seq, and publish it after commit."""
    seq = board.last_seq + 1
    event = BoardEvent(
        board=board,
        seq=seq,
        audience=audience,
        kind=kind,
        refs=refs or {},
        prev_facilitators=board.last_seq,
        prev_projector=board.last_seq_projector if audience <= Audience.PROJECTOR else None,
        prev_participants=board.last_seq_participants if audience <= Audience.PARTICIPANTS else None,
    )
    event.save()
    board.last_seq = seq
    update = ["last_seq"]
    if audience <= Audience.PROJECTOR:
        board.last_seq_projector = seq
        update.append("last_seq_projector")
    if audience <= Audience.PARTICIPANTS:
        board.last_seq_participants = seq
        update.append("last_seq_participants")
    board.save(update_fields=update)

    audiences = [a.label for a in Audience if a >= audience]
    broadcast.board_on_commit(board.pk, audiences, rendering.EventRenderer(event.pk))
    return event


@transaction.atomic
def board_create(
    *,
    meeting: Meeting,
    by: AbstractUser,
    title: str,
    theme: str = "",
    kind: str = Board.Kind.BREAKOUT,
    facilitators: Iterable[AbstractUser] = (),
    prompts: Iterable[str] | None = None,
) -> Board:
    if not permissions.can_edit_meeting(by):
        raise PermissionDenied
    board = Board(
        meeting=meeting,
        kind=kind,
        title=title,
        theme=theme,
        position=meeting.boards.count(),
        projector_token=secrets.token_urlsafe(24),
    )
    board.full_clean()
    board.save()
    board.facilitators.set(list(facilitators))
    if prompts is None:
        # The room speaks Dutch, whoever sets the board up.
        with translation.override(settings.LANGUAGE_CODE):
            prompts = [_(name) for name in DEFAULT_PROMPTS]
    titles = list(prompts)
    for position, prompt_title in enumerate(titles):
        Prompt.objects.create(board=board, title=prompt_title, position=position)
    return board


@transaction.atomic
def board_update(
    *, board: Board, by: AbstractUser, title: str, theme: str = "", facilitators: Iterable[AbstractUser] = ()
) -> Board:
    """An organiser renames a board or changes who facilitates it; those who lost the role leave
    the facilitators' topic at once."""
    board = lock_board(board.pk)
    if not permissions.can_edit_meeting(by):
        raise PermissionDenied
    board.title, board.theme = title, theme
    board.full_clean()
    board.save(update_fields=["title", "theme"])
    board.facilitators.set(list(facilitators))
    board_event_append(board=board, kind=EventKind.BOARD)
    control.recheck_roles_on_commit(names.moderators_group(board.pk))
    return board


SETTINGS_FIELDS = ("title", "theme", "anonymous", "moderated", "votes_per_participant", "idea_max_length")


@transaction.atomic
def board_update_settings(*, board: Board, by: AbstractUser, **fields) -> Board:
    board = lock_board_to_moderate(board, by)
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not board settings: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(board, name, value)
    board.full_clean()
    board.save(update_fields=list(fields))
    board_event_append(board=board, kind=EventKind.BOARD)
    return board


def lock_board_to_moderate(board: Board, by: AbstractUser) -> Board:
    """The locked board row, if `by` may moderate it."""
    board = lock_board(board.pk)
    if not permissions.can_moderate(by, board):
        raise PermissionDenied
    return board


@transaction.atomic
def _board_change(
    *, board: Board, by: AbstractUser, kind: str, audience: int = Audience.PARTICIPANTS, **fields: object
) -> Board:
    """A facilitator sets fields of the board; `audience` and up see the change (an event of `kind`)."""
    board = lock_board_to_moderate(board, by)
    for name, value in fields.items():
        setattr(board, name, value)
    board.save(update_fields=list(fields))
    board_event_append(board=board, kind=kind, audience=audience)
    return board


def board_set_phase(*, board: Board, by: AbstractUser, phase: str) -> Board:
    if phase not in Board.Phase.values:
        raise ValidationError(_("Unknown phase."))
    return _board_change(board=board, by=by, kind=EventKind.BOARD, phase=phase)


def board_set_locked(*, board: Board, by: AbstractUser, locked: bool) -> Board:
    return _board_change(board=board, by=by, kind=EventKind.BOARD, locked=locked)


def board_set_join_panel(*, board: Board, by: AbstractUser, size: str) -> Board:
    """How large the projector shows how to join; every projector of the board follows (a join event)."""
    if size not in Board.JoinPanel.values:
        raise ValidationError(_("Unknown size."))
    return _board_change(
        board=board, by=by, kind=EventKind.JOIN, audience=Audience.PROJECTOR, join_panel=size
    )


def timer_start(*, board: Board, by: AbstractUser, seconds: int) -> Board:
    """The timer is its end time; screens count down from it with the server's now."""
    if not 1 <= seconds <= TIMER_MAX_SECONDS:
        raise ValidationError(_("A timer runs between one second and three hours."))
    return _board_change(
        board=board, by=by, kind=EventKind.TIMER, timer_ends_at=timezone.now() + timedelta(seconds=seconds)
    )


def timer_stop(*, board: Board, by: AbstractUser) -> Board:
    return _board_change(board=board, by=by, kind=EventKind.TIMER, timer_ends_at=None)


@transaction.atomic
def prompt_create(*, board: Board, by: AbstractUser, title: str) -> Prompt:
    board = lock_board_to_moderate(board, by)
    prompt = Prompt(board=board, title=title.strip(), position=board.prompts.count())
    prompt.full_clean()
    prompt.save()
    board_event_append(board=board, kind=EventKind.PROMPTS)
    return prompt


@transaction.atomic
def prompt_rename(*, prompt: Prompt, by: AbstractUser, title: str) -> Prompt:
    board = lock_board_to_moderate(prompt.board, by)
    prompt.title = title.strip()
    prompt.full_clean()
    prompt.save(update_fields=["title"])
    board_event_append(board=board, kind=EventKind.PROMPTS)
    return prompt


# --- ideas ----------------------------------------------------------------------------------------


def _check_text(board: Board, text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(_("Write your idea first."))
    if len(text) > board.idea_max_length:
        raise ValidationError(
            _("An idea on this board has at most %(max)d characters; yours has %(n)d.")
            % {"max": board.idea_max_length, "n": len(text)}
        )
    return text


#: An idea's links to rows a service has already read (and locked, for the board).
IDEA_RELATED = ["board", "prompt", "author_user", "author_guest", "merged_into"]


@transaction.atomic
def idea_create(
    *, board: Board, participant: Participant, prompt: Prompt, text: str, client_msg_id: str
) -> tuple[Idea, bool]:
    """Store an idea once per client_msg_id: a retried post returns the first one, unchanged."""
    board = lock_board(board.pk)
    existing = Idea.objects.filter(board=board, client_msg_id=client_msg_id).first()
    if existing is not None:
        if not participant.owns(existing):
            raise PermissionDenied
        return existing, False
    if board.locked:
        raise ValidationError(_("This board is locked."))
    if not permissions.can_add_idea(participant, board):
        raise ValidationError(_("Ideas can only be added while the board is collecting."))
    if prompt.board_id != board.pk:
        raise ValidationError(_("That column is not on this board."))
    idea = Idea(
        board=board,
        prompt=prompt,
        text=_check_text(board, text),
        author_name="" if board.anonymous else participant.display_name,
        client_msg_id=client_msg_id,
        status=Idea.Status.PENDING if board.moderated else Idea.Status.VISIBLE,
        **participant.author_fields(),
    )
    # The fields' own rules; not the related rows (just read) nor the client_msg_id constraint
    # (checked above, and by the database below): those would be four more queries per post.
    idea.full_clean(exclude=IDEA_RELATED, validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            idea.save()
    except IntegrityError:  # the same client_msg_id raced in; the board lock makes this rare
        return Idea.objects.get(board=board, client_msg_id=client_msg_id), False
    audience = Audience.FACILITATORS if idea.status == Idea.Status.PENDING else Audience.PARTICIPANTS
    board_event_append(board=board, kind=EventKind.IDEA, audience=audience, refs={"ideas": [idea.pk]})
    return idea, True


@transaction.atomic
def idea_edit(*, idea: Idea, participant: Participant, text: str) -> Idea:
    board = lock_board(idea.board_id)
    idea.refresh_from_db()
    idea.board = board
    if not permissions.can_change_own_idea(participant, idea):
        raise PermissionDenied
    idea.text = _check_text(board, text)
    idea.save(update_fields=["text", "updated_at"])
    board_event_append(
        board=board, kind=EventKind.IDEA, audience=_audience_of(idea), refs={"ideas": [idea.pk]}
    )
    return idea


@transaction.atomic
def idea_delete(*, idea: Idea, participant: Participant) -> None:
    board = lock_board(idea.board_id)
    idea.refresh_from_db()
    idea.board = board
    if not permissions.can_change_own_idea(participant, idea):
        raise PermissionDenied
    audience = _audience_of(idea)
    idea_id = idea.pk
    idea.delete()
    board_event_append(board=board, kind=EventKind.IDEA, audience=audience, refs={"ideas": [idea_id]})


def _audience_of(idea: Idea) -> int:
    """Who saw this idea: a change to a queued or hidden idea concerns facilitators only."""
    return Audience.PARTICIPANTS if idea.shown_to_participants else Audience.FACILITATORS


@transaction.atomic
def idea_vote(*, idea: Idea, participant: Participant) -> Idea:
    board = lock_board(idea.board_id)
    idea.refresh_from_db()
    if not permissions.can_vote(participant, board):
        raise ValidationError(_("Voting is not open on this board."))
    if not idea.shown_to_participants or idea.board_id != board.pk:
        raise ValidationError(_("This idea cannot be voted on."))
    if Vote.objects.filter(idea=idea, **participant.voter_fields()).exists():
        raise ValidationError(_("You already voted for this idea."))
    if selectors.votes_left(board=board, participant=participant) <= 0:
        raise ValidationError(_("You have used all your votes. Take one back to vote again."))
    Vote.objects.create(board=board, idea=idea, **participant.voter_fields())
    Idea.objects.filter(pk=idea.pk).update(vote_count=F("vote_count") + 1)
    idea.vote_count += 1  # read above under the board's lock, which every vote holds
    board_event_append(board=board, kind=EventKind.IDEA, refs={"ideas": [idea.pk]})
    return idea


@transaction.atomic
def idea_unvote(*, idea: Idea, participant: Participant) -> Idea:
    board = lock_board(idea.board_id)
    if not permissions.can_vote(participant, board):
        raise ValidationError(_("Voting is not open on this board."))
    vote = Vote.objects.filter(idea=idea, **participant.voter_fields()).first()
    if vote is None:
        raise ValidationError(_("You have no vote on this idea."))
    vote.delete()
    Idea.objects.filter(pk=idea.pk).update(vote_count=F("vote_count") - 1)
    idea.refresh_from_db()
    board_event_append(
        board=board, kind=EventKind.IDEA, audience=_audience_of(idea), refs={"ideas": [idea.pk]}
    )
    return idea


# --- facilitation ---------------------------------------------------------------------------------

MODERATION = {
    # action: (allowed from statuses, new status or None, pinned or None)
    "approve": ({Idea.Status.PENDING}, Idea.Status.VISIBLE, None),
    "reject": ({Idea.Status.PENDING}, Idea.Status.REJECTED, None),
    "hide": ({Idea.Status.VISIBLE}, Idea.Status.HIDDEN, None),
    "unhide": ({Idea.Status.HIDDEN}, Idea.Status.VISIBLE, None),
    "pin": ({Idea.Status.VISIBLE, Idea.Status.HIDDEN, Idea.Status.PENDING}, None, True),
    "unpin": ({Idea.Status.VISIBLE, Idea.Status.HIDDEN, Idea.Status.PENDING}, None, False),
}


@transaction.atomic
def idea_moderate(*, idea: Idea, by: AbstractUser, action: str) -> Idea:
    board = lock_board_to_moderate(idea.board, by)
    if action not in MODERATION:
        raise ValidationError(_("Unknown moderation action."))
    idea.refresh_from_db()
    allowed, status, pinned = MODERATION[action]
    if idea.status not in allowed:
        raise ValidationError(_("That cannot be done with this idea now."))
    was_shown = idea.shown_to_participants
    if status is not None:
        idea.status = status
    if pinned is not None:
        idea.pinned = pinned
    idea.save(update_fields=["status", "pinned", "updated_at"])
    # Participants hear of it when it appears for them or leaves them, and of a rejection (as an idea
    # gone, no text), so its author's page takes it off their "waiting for approval"; else only
    # facilitators.
    shown = was_shown or idea.shown_to_participants or action == "reject"
    audience = Audience.PARTICIPANTS if shown else Audience.FACILITATORS
    board_event_append(board=board, kind=EventKind.IDEA, audience=audience, refs={"ideas": [idea.pk]})
    return idea


@transaction.atomic
def idea_correct(*, idea: Idea, by: AbstractUser, text: str) -> Idea:
    """A facilitator fixes a typo; the idea shows it was edited by the facilitator."""
    board = lock_board_to_moderate(idea.board, by)
    idea.refresh_from_db()
    idea.text = _check_text(board, text)
    idea.edited_by_facilitator = True
    idea.save(update_fields=["text", "edited_by_facilitator", "updated_at"])
    board_event_append(
        board=board, kind=EventKind.IDEA, audience=_audience_of(idea), refs={"ideas": [idea.pk]}
    )
    return idea


@transaction.atomic
def idea_move(*, idea: Idea, by: AbstractUser, prompt: Prompt) -> Idea:
    board = lock_board_to_moderate(idea.board, by)
    if prompt.board_id != board.pk:
        raise ValidationError(_("That column is not on this board."))
    idea.refresh_from_db()
    idea.prompt = prompt
    idea.save(update_fields=["prompt", "updated_at"])
    board_event_append(
        board=board, kind=EventKind.IDEA, audience=_audience_of(idea), refs={"ideas": [idea.pk]}
    )
    return idea


@transaction.atomic
def ideas_merge(*, target: Idea, others: Iterable[Idea], by: AbstractUser) -> Idea:
    """Merge duplicates into `target`: their votes move to it; they stay visible inside it."""
    board = lock_board_to_moderate(target.board, by)
    target.refresh_from_db()
    ids = [idea.pk for idea in others if idea.pk != target.pk]
    merged = list(Idea.objects.filter(pk__in=ids, board=board, merged_into__isnull=True))
    if not merged or len(merged) != len(ids):
        raise ValidationError(_("Choose other ideas of this board to merge into this one."))
    if target.merged_into_id is not None:
        raise ValidationError(_("This idea was itself merged into another."))
    moved = Vote.objects.filter(idea__in=merged).update(idea=target)
    Idea.objects.filter(pk__in=[m.pk for m in merged]).update(merged_into=target, vote_count=0)
    # Ideas merged earlier into one of these now belong to the target too.
    Idea.objects.filter(merged_into__in=merged).update(merged_into=target)
    Idea.objects.filter(pk=target.pk).update(vote_count=F("vote_count") + moved)
    target.refresh_from_db()
    board_event_append(board=board, kind=EventKind.IDEA, refs={"ideas": [target.pk, *[m.pk for m in merged]]})
    return target


@transaction.atomic
def guest_kick(*, guest: Guest, by: AbstractUser, new_code: bool = False) -> None:
    """Remove a guest from the meeting: their sockets close with 4008, and neither that guest nor that
    browser joins this meeting again (guest_join). With `new_code`, the room gets a new join code too,
    for someone who would come back from another device (everyone else stays in)."""
    _require_moderator_of_meeting(by, guest.meeting)
    guest.kicked = True
    guest.save(update_fields=["kicked"])
    control.close_sockets_on_commit(
        names.guest_group(guest.pk), code=control.CLOSE_STAY_AWAY, why=control.WHY_REMOVED
    )
    if new_code:
        join_code_rotate(meeting=guest.meeting, by=by)
    guests_changed(guest.meeting)


@transaction.atomic
def meeting_boards_close(*, meeting: Meeting, by: AbstractUser) -> list[Board]:
    """Close every board of the meeting that is still open (its phase: closed), each with its event,
    so every screen in the room follows; returns the boards it closed."""
    if not permissions.can_close_meeting(by, meeting):
        raise PermissionDenied
    closed = []
    for board_id in selectors.open_boards(meeting).values_list("pk", flat=True):
        board = lock_board(board_id)
        if board.phase == Board.Phase.CLOSED:
            continue
        board.phase = Board.Phase.CLOSED
        board.save(update_fields=["phase"])
        board_event_append(board=board, kind=EventKind.BOARD)
        closed.append(board)
    return closed


def client_msg_id_new() -> str:
    """For a post that came without one (no JavaScript): the same shape the glue JS makes."""
    return secrets.token_urlsafe(16)


@transaction.atomic
def projector_link_rotate(*, board: Board, by: AbstractUser) -> str:
    """A new projector link; the old one stops working for new page loads and sockets."""
    board = lock_board_to_moderate(board, by)
    board.projector_token = secrets.token_urlsafe(24)
    board.save(update_fields=["projector_token"])
    control.close_sockets_on_commit(names.projector_group(board.pk), code=control.CLOSE_STAY_AWAY)
    return board.projector_token


# --- registrations: a cap, a waiting list ---------------------------------------------------------


@transaction.atomic
def registration_set(*, meeting: Meeting, member: AbstractUser, answer: str) -> Registration:
    if answer not in Registration.Answer.values:
        raise ValidationError(_("Choose yes, maybe or no."), code="answer")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not permissions.can_register(member, meeting):
        raise PermissionDenied
    registration = Registration.objects.filter(meeting=meeting, member=member).first()
    had_place = (
        registration is not None
        and registration.answer == Registration.Answer.YES
        and not registration.waiting
    )
    if registration is None:
        registration = Registration(meeting=meeting, member=member)
    if answer == Registration.Answer.YES and not had_place:
        registration.waiting = selectors.attendance(meeting).full
    elif answer != Registration.Answer.YES:
        registration.waiting = False
    registration.answer = answer
    registration.full_clean()
    registration.save()
    if had_place and answer != Registration.Answer.YES:
        _first_in_line_moves_up(meeting)
    return registration


def _first_in_line_moves_up(meeting: Meeting) -> None:
    if selectors.attendance(meeting).full:
        return
    first = (
        Registration.objects.filter(meeting=meeting, answer=Registration.Answer.YES, waiting=True)
        .order_by("created_at", "id")
        .first()
    )
    if first is None:
        return
    first.waiting = False
    first.save(update_fields=["waiting", "updated_at"])
    notification_services.notify(
        recipients=get_user_model().objects.filter(pk=first.member_id).values("pk"),
        kind=Notification.Kind.PLACE_FREE,
        actor=None,
        url=meeting.get_absolute_url(),
        subject=meeting.title,
    )


# --- leaving (profiles/registry.py) ---------------------------------------------------------------


@transaction.atomic
def ideas_anonymise(*, user: AbstractUser) -> None:
    """Before an account is deleted: the member's ideas on past boards stay, without a name (their
    votes stay counted by the foreign key's SET_NULL)."""
    Idea.objects.filter(author_user=user).update(author_user=None, author_name="")


def guest_ideas_anonymise(*, guests: QuerySet[Guest]) -> None:
    """Before a meeting's guests are removed (tasks.guests_remove): their ideas stay, without a name
    (their votes stay counted by the foreign key's SET_NULL)."""
    Idea.objects.filter(author_guest__in=guests).update(author_guest=None, author_name="")
