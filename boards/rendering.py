"""Board HTML for an audience: the page, a snapshot, and each event's fragment.

The same partials serve the page, the HTMX responses and the WebSocket pushes. Shared fragments
carry no per-person state (no "you voted", no own-idea controls switched on, no author on an
anonymous board); that comes in `render_my_state`, sent only to that person.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from boards import ratelimit, registry, selectors
from boards.events import Audience, EventKind
from boards.identity import Participant
from boards.models import Board, BoardEvent, Idea, Prompt, Vote

# The audiences by name, as topics, templates and the `prev_<audience>` columns know them.
PARTICIPANTS, PROJECTOR, FACILITATORS = (audience.label for audience in Audience)
LEVEL = {audience.label: audience.value for audience in Audience}
TEMPLATE = "boards/board.html"
PANEL = "boards/facilitator_panel.html"


def audience_seq(board: Board, audience: str) -> int:
    return {
        PARTICIPANTS: board.last_seq_participants,
        PROJECTOR: board.last_seq_projector,
        FACILITATORS: board.last_seq,
    }[audience]


def visible_to(idea: Idea, audience: str) -> bool:
    """Hidden and queued ideas never reach participants or the projector."""
    if idea.merged_into_id is not None:
        return False
    if audience == FACILITATORS:
        return idea.status != Idea.Status.REJECTED
    return idea.status == Idea.Status.VISIBLE


def ideas_queryset():
    """Ideas with what every card shows, the parts higher apps add included (boards/registry.py)."""
    extra = [lookup for part in registry.idea_card_parts for lookup in part.prefetch]
    return Idea.objects.select_related("prompt").prefetch_related(
        Prefetch("merged", queryset=Idea.objects.order_by("created_at"), to_attr="merged_ideas"), *extra
    )


def card_context() -> dict[str, Any]:
    """What every context with idea cards carries: the templates of the parts higher apps add, loaded
    once here rather than looked up by name in every card's `include` (500 lookups on a full board)."""
    return {"idea_card_parts": [get_template(part.template) for part in registry.idea_card_parts]}


def board_context(board: Board, audience: str) -> dict[str, Any]:
    """Everything the board's body shows an audience, in a fixed number of queries."""
    ideas = [idea for idea in ideas_queryset().filter(board=board) if visible_to(idea, audience)]
    prompts = list(Prompt.objects.filter(board=board))
    by_prompt: dict[int, list[Idea]] = {prompt.pk: [] for prompt in prompts}
    for idea in ideas:
        by_prompt.setdefault(idea.prompt_id, []).append(idea)
    # Each column in the order the room reads it (selectors.display_key; cmij.js keeps it live).
    columns = [(prompt, selectors.in_display_order(by_prompt[prompt.pk], board)) for prompt in prompts]
    context = {
        "prompts": prompts,
        "board": board,
        "meeting": board.meeting,
        "audience": audience,
        "is_facilitator_view": audience == FACILITATORS,
        "shows_code": LEVEL[audience] >= LEVEL[PROJECTOR],
        "columns": columns,
        "queue": selectors.in_display_order(
            [idea for idea in ideas if idea.status == Idea.Status.PENDING], board, order="oldest"
        ),
        "seq": audience_seq(board, audience),
        "now": timezone.now(),
        **card_context(),
    }
    context.update(projector_parts_context(board, audience))
    return context


def projector_parts_context(board: Board, audience: str) -> dict[str, Any]:
    """What higher apps show on the projector (and, so they see what the room sees, to the
    facilitators): the report-back an action team gives (boards/registry.py)."""
    if LEVEL[audience] < LEVEL[PROJECTOR]:
        return {"projector_parts": []}
    return {"projector_parts": [(part.template, part.context(board)) for part in registry.projector_parts]}


def render_partial(name: str, context: dict[str, Any], language: str) -> str:
    with translation.override(language):
        return render_to_string(f"{TEMPLATE}#{name}", context)


class EventRenderer:
    """render(audience, language) for one event, as broadcast.publish_board calls it once per
    audience and language that has sockets: the event, its ideas and the columns are read once, on
    the first call, and shared by every render (a room with facilitators, the projector and both
    languages is up to six renders of one event)."""

    def __init__(self, event_id: int) -> None:
        self.event_id = event_id
        self.event: BoardEvent | None = None
        self.found: dict[int, Idea] | None = None
        self.prompts: list[Prompt] | None = None

    def __call__(self, audience: str, language: str) -> str:
        if self.event is None:
            self.event = BoardEvent.objects.select_related("board__meeting").get(pk=self.event_id)
            if self.event.kind == EventKind.IDEA:
                ids = self.event.refs.get("ideas", [])
                self.found = {idea.pk: idea for idea in ideas_queryset().filter(pk__in=ids)}
        if audience == FACILITATORS and self.found and self.prompts is None:
            self.prompts = list(Prompt.objects.filter(board=self.event.board))
        return render_event(self.event, audience, language, found=self.found, prompts=self.prompts)


def render_events(events: list[BoardEvent], audience: str, language: str) -> list[str]:
    """Several events (a replay), with the ideas of all of them fetched in one go: a replay of 200
    events is a few queries, not a few per event."""
    ids = {
        idea_id for event in events if event.kind == EventKind.IDEA for idea_id in event.refs.get("ideas", [])
    }
    found = {idea.pk: idea for idea in ideas_queryset().filter(pk__in=ids)} if ids else {}
    prompts = None
    if audience == FACILITATORS and ids:
        prompts = list(Prompt.objects.filter(board=events[0].board))
    return [render_event(event, audience, language, found=found, prompts=prompts) for event in events]


def render_event(
    event: BoardEvent,
    audience: str,
    language: str,
    *,
    found: dict[int, Idea] | None = None,
    prompts: list[Prompt] | None = None,
) -> str:
    """One event as one audience sees it: the seq marker, then the parts it changed, by id.

    `found` and `prompts`, when given, are the ideas and columns already fetched (render_events)."""
    board = event.board
    context: dict[str, Any] = {
        "board": board,
        "meeting": board.meeting,
        "audience": audience,
        "is_facilitator_view": audience == FACILITATORS,
        "shows_code": LEVEL[audience] >= LEVEL[PROJECTOR],
        "seq": event.seq,
        "prev": getattr(event, f"prev_{audience}"),
        "kind": event.kind,
        "now": timezone.now(),
        **card_context(),
    }
    if event.kind == EventKind.IDEA:
        ids = event.refs.get("ideas", [])
        if found is None:
            found = {idea.pk: idea for idea in ideas_queryset().filter(pk__in=ids)}
        context["idea_updates"] = [(idea_id, found.get(idea_id)) for idea_id in ids]
        if audience == FACILITATORS:
            context["prompts"] = prompts if prompts is not None else list(Prompt.objects.filter(board=board))
        context["visible"] = {
            idea_id
            for idea_id in ids
            if found.get(idea_id) is not None and visible_to(found[idea_id], audience)
        }
    elif event.kind == EventKind.JOIN:
        context.update(join_context(board.meeting))
    elif event.kind == EventKind.REPORT_BACK:
        context.update(projector_parts_context(board, audience))
    elif event.kind in {EventKind.BOARD, EventKind.PROMPTS}:
        context.update(board_context(board, audience))
        context["seq"], context["prev"] = event.seq, getattr(event, f"prev_{audience}")
    return render_partial("event", context, language)


def render_snapshot(board: Board, audience: str, language: str) -> str:
    """The whole board body for an audience, replacing what the page has (after a large gap)."""
    context = board_context(board, audience)
    context.update(join_context(board.meeting))
    context["snapshot"] = True
    return render_partial("snapshot", context, language)


def render_snapshot_hint(board: Board, audience: str, language: str) -> str:
    """ "Fetch the snapshot over HTTP": the board's own page with ?snapshot=1, for this audience."""
    if audience == PROJECTOR:
        url = f"{reverse('boards:projector', args=[board.pk])}?t={board.projector_token}&snapshot=1"
    else:
        url = f"{reverse('boards:board', args=[board.pk])}?snapshot=1"
    return render_partial("snapshot-hint", {"board": board, "url": url}, language)


def my_state(board: Board, participant: Participant | None) -> dict[str, Any]:
    """One person's own state: votes left, what they voted for, their ideas and queued ones."""
    if participant is None:
        return {"board": board, "me": None}
    # Two queries: their ideas (the ids, and the text of those waiting) and their votes.
    own = list(Idea.objects.filter(board=board, **participant.author_fields()).only("pk", "status", "text"))
    voted = list(
        Vote.objects.filter(board=board, **participant.voter_fields()).values_list("idea_id", flat=True)
    )
    own_pks, voted_pks = {idea.pk for idea in own}, set(voted)
    return {
        "board": board,
        "me": participant,
        "votes_left": selectors.votes_left_of(board, used=len(voted)),
        "own_ids": " ".join(str(pk) for pk in sorted(own_pks)),
        "voted_ids": " ".join(str(pk) for pk in sorted(voted_pks)),
        "pending": [idea for idea in own if idea.status == Idea.Status.PENDING],
        **mine_context(own_pks, voted_pks),
    }


#: The idea id in the my-state's templates of one's own part of a card; the glue (cmij.js
#: applyMyState) puts the card's own id in its place. Never an idea's id.
MINE_PLACEHOLDER = 999_999_999


def mine_context(own: set[int], voted: set[int]) -> dict[str, Any]:
    """One person's own ideas and votes, for the parts of cards that are theirs alone (`idea-mine`):
    in their own cards on their page, and in their my-state as one template per kind of part there
    is (voted, own, both), for the glue to put back into a card a push replaced. One per kind, not
    one per idea: a poster's answer stays as small with thirty ideas as with one."""
    kinds = sorted({(pk in voted, pk in own) for pk in own | voted})
    mine_kinds = [
        {"voted": {MINE_PLACEHOLDER} if is_voted else set(), "own": {MINE_PLACEHOLDER} if is_own else set()}
        for is_voted, is_own in kinds
    ]
    return {"own": own, "voted": voted, "mine_kinds": mine_kinds, "mine_placeholder": MINE_PLACEHOLDER}


def render_my_state(board: Board, participant: Participant | None, language: str) -> str:
    return render_partial("my-state-oob", my_state(board, participant), language)


def render_idea_form_answer(
    board: Board, participant: Participant, form, sent: bool, language: str, *, oob: bool
) -> str:
    """The answer to a post, to that person only: the form (fresh, or with the text and why it was
    refused) and their own state. The form lists the columns, so only the prompts are loaded; the
    board is the one the request or the message read, as fresh as what the form shows of it."""
    context = {
        "board": board,
        "columns": [(prompt, []) for prompt in Prompt.objects.filter(board=board)],
        "form": type(form)() if sent else form,  # a fresh form after a post that was stored
        "sent": sent,
        "me": participant,
        "oob": oob,
    }
    return render_partial("idea-form", context, language) + render_my_state(board, participant, language)


def render_idea_action_answer(
    board: Board, participant: Participant, idea_id: int, language: str, *, my_state_oob: bool
) -> str:
    """The answer to a person's action on an idea: their own state, the idea's card as participants
    see it (for a page whose socket is down), and an empty notice."""
    state = render_partial(
        "my-state-oob" if my_state_oob else "my-state", my_state(board, participant), language
    )
    card = render_idea_oob(idea_id, PARTICIPANTS, language)
    return state + card + render_partial("notice-oob", {"board": board, "message": ""}, language)


def join_url(meeting) -> str:
    """The link in the QR code: from CMIJ_BASE_URL, so a phone on the network can open it.

    It carries a token signed for the meeting's current code: a join through it is not a guess, so the
    limits on wrong codes never refuse it (boards/ratelimit.py). Rotating the code voids old links.
    """
    return f"{settings.CMIJ_BASE_URL}{join_path(meeting)}"


def join_path(meeting) -> str:
    """The join link's path and query (the code and its signed token), for any base address."""
    token = ratelimit.join_link_token(meeting)
    query = urlencode({"code": meeting.join_code, ratelimit.LINK_PARAM: token})
    return f"{reverse('boards:join')}?{query}"


def join_context(meeting) -> dict[str, Any]:
    link = join_url(meeting)
    return {
        "join_url": link,
        "join_url_display": link.split("://", 1)[-1].split("?", 1)[0],
        "join_qr": join_qr(link),
    }


@functools.lru_cache(maxsize=64)
def join_qr(link: str) -> str:
    """The join link's QR code as an image URI, made once per link (about 10 ms; every board page
    and snapshot carries the join context). Black on white with the standard quiet zone of 4
    modules: phones read it from the back of a room."""
    return segno.make(link, error="m").svg_data_uri(scale=6, border=4, dark="#000", light="#fff")


def projector_url(board: Board) -> str:
    return f"{settings.CMIJ_BASE_URL}{reverse('boards:projector', kwargs={'board_id': board.pk})}?t={board.projector_token}"


def render_idea_oob(idea_id: int, audience: str, language: str) -> str:
    """One idea's card as it now is for an audience (or its empty stub when gone), swapped by id."""
    idea = ideas_queryset().select_related("board__meeting").filter(pk=idea_id).first()
    context: dict[str, Any] = {
        "oob": True,
        "audience": audience,
        "idea_id": idea_id,
        "idea": idea,
        **card_context(),
    }
    if idea is not None:
        context.update({"board": idea.board, "is_facilitator_view": audience == FACILITATORS})
        if audience == FACILITATORS:
            context["prompts"] = list(Prompt.objects.filter(board=idea.board))
    name = "idea-card" if idea is not None and visible_to(idea, audience) else "idea-gone"
    return render_partial(name, context, language)


def render_guests_hint(board_id: int) -> str:
    """ "The guest list changed": the facilitator page fetches it (boards:guest_list). No language:
    the page fetches the list in its own."""
    return render_to_string(f"{PANEL}#guests-hint", {"board_id": board_id})


def render_presence(board_id: int, count: int, language: str) -> str:
    """How many are on the board; no query, so a consumer may render it (it goes to everyone)."""
    return render_partial("presence", {"board_id": board_id, "count": count}, language)
