"""A board as Markdown and CSV: ideas by prompt, most votes first, merged ideas with their result."""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from boards.models import Board, Idea, Meeting
from boards.selectors import registrations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ is prefixed with a quote."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def exported_ideas(board: Board):
    return (
        Idea.objects.filter(board=board, status=Idea.Status.VISIBLE, merged_into__isnull=True)
        .select_related("prompt")
        .prefetch_related("merged")
        .order_by("prompt__position", "prompt_id", "-vote_count", "created_at")
    )


def board_markdown(board: Board) -> str:
    prompts: dict = {}
    for idea in exported_ideas(board):
        prompts.setdefault(idea.prompt, []).append(idea)
    return render_to_string("boards/export.md", {"board": board, "prompts": prompts})


def board_csv(board: Board) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("prompt"), _("idea"), _("votes"), _("author"), _("merged ideas"), _("pinned")])
    for idea in exported_ideas(board):
        writer.writerow(
            [
                safe_cell(idea.prompt.title),
                safe_cell(idea.text),
                idea.vote_count,
                safe_cell("" if board.anonymous else idea.author_name),
                safe_cell(" | ".join(merged.text for merged in idea.merged.all())),
                _("yes") if idea.pinned else "",
            ]
        )
    return out.getvalue()


def registrations_csv(meeting: Meeting) -> str:
    """The list for the door: name, email, answer, waiting, when; safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("name"), _("email"), _("answer"), _("waiting list"), _("answered at")])
    for registration in registrations(meeting):
        member = registration.member
        profile = getattr(member, "profile", None)
        writer.writerow(
            [
                safe_cell(profile.display_name if profile else ""),
                safe_cell(member.email),
                safe_cell(registration.get_answer_display()),
                _("yes") if registration.waiting else "",
                registration.created_at.isoformat(timespec="minutes"),
            ]
        )
    return out.getvalue()
