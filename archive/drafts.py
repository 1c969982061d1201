"""A summary's first draft, made from a meeting's closed boards: ideas by votes, merges counted once,
no name written: a member's idea carries a reference to the member (profiles/references.py), which
becomes the current public name, or "a participant", when the summary is read; a guest's idea says "a
participant"."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Value, When
from django.template.loader import render_to_string

from archive import registry
from boards.models import Board, Idea, Meeting, Prompt
from profiles.references import member_reference

# --- the draft ------------------------------------------------------------------------------------


@dataclass
class DraftIdea:
    text: str
    votes: int
    merged: int
    #: A reference to the member who wrote it (`[[lid:42]]`), or "" for "a participant" (a guest).
    author: str


@dataclass
class DraftPrompt:
    prompt: Prompt
    ideas: list[DraftIdea] = field(default_factory=list)


@dataclass
class DraftBoard:
    board: Board
    prompts: list[DraftPrompt] = field(default_factory=list)


def _author_of(idea: Idea, board: Board) -> str:
    """A reference to the member who wrote the idea, never a name (nothing on an anonymous board)."""
    if board.anonymous or idea.author_user_id is None:
        return ""
    return member_reference(idea.author_user_id)


def draft_context(meeting: Meeting) -> dict:
    """What the draft template needs, in a fixed number of queries however many ideas."""
    boards = list(
        meeting.boards.annotate(
            plenary_first=Case(
                When(kind=Board.Kind.PLENARY, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("plenary_first", "position", "id")
    )
    prompts = Prompt.objects.filter(board__meeting=meeting).order_by("board_id", "position", "id")
    ideas = (
        Idea.objects.filter(board__meeting=meeting, status=Idea.Status.VISIBLE, merged_into__isnull=True)
        .annotate(merged_count=Count("merged"))
        .order_by("-vote_count", "created_at", "id")
    )
    drafted = {board.pk: DraftBoard(board=board) for board in boards}
    by_prompt: dict[int, DraftPrompt] = {}
    for prompt in prompts:
        by_prompt[prompt.pk] = DraftPrompt(prompt=prompt)
        drafted[prompt.board_id].prompts.append(by_prompt[prompt.pk])
    boards_by_id = {board.pk: board for board in boards}
    for idea in ideas:
        by_prompt[idea.prompt_id].ideas.append(
            DraftIdea(
                text=" ".join(idea.text.split()),
                votes=idea.vote_count,
                merged=idea.merged_count,
                author=_author_of(idea, boards_by_id[idea.board_id]),
            )
        )
    return {
        "meeting": meeting,
        "boards": [
            DraftBoard(board=item.board, prompts=[p for p in item.prompts if p.ideas])
            for item in drafted.values()
        ],
    }


def draft_text(meeting: Meeting) -> str:
    """The draft as Markdown, in the active language, from templates/archive/draft.md,
    then what the apps above add (archive/registry.py)."""
    text = render_to_string("archive/draft.md", draft_context(meeting))
    for part in registry.draft_parts:  # the action teams started and the report-backs (archive/registry.py)
        text += part(meeting)
    return text.strip() + "\n"
