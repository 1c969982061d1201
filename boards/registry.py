"""What higher apps add to the meeting and board pages, filled in their AppConfig.ready()
(cmij/registry.py). boards imports no app above it; the meeting page still shows a meeting's topics,
summary, proposals and report-backs, and an idea card the action teams it started.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cmij.registry import Registry, Section

#: Section(template, context(request, meeting)): links beside "edit" under the meeting's facts.
meeting_actions: Registry[Section] = Registry("meeting actions")

#: Section(template, context(request, meeting)): parts between those links and the programme.
meeting_intro: Registry[Section] = Registry("meeting intro")

#: Section(template, context(request, meeting, programme)): items (<li>) of the programme, between
#: the breakouts and the drinks.
programme_items: Registry[Section] = Registry("programme items")

#: Section(template, context(request, meeting)): parts of the meeting page after its programme.
meeting_sections: Registry[Section] = Registry("meeting sections")


@dataclass(frozen=True)
class ProjectorPart:
    """A part of the projector's view of a board (and the facilitators', so they see what the room
    sees): a template and its context(board). Sent in the page, every snapshot, and the events of
    kind `report_back` (boards.events.EventKind)."""

    template: str
    context: Callable[[Any], dict[str, Any]]


#: ProjectorPart: what the projector shows of a higher app (an action team's report-back).
projector_parts: Registry[ProjectorPart] = Registry("projector parts")


@dataclass(frozen=True)
class IdeaCardPart:
    """A part of every idea card: a template included in the card (with the card's context), and the
    related names the ideas are fetched with so it costs no query per card (a name, or a Prefetch
    with to_attr: a plain list on each idea, cheaper than a related manager's cache on 500 cards)."""

    template: str
    prefetch: tuple[Any, ...] = ()


#: IdeaCardPart: what an idea card shows of a higher app (the action teams an idea started).
idea_card_parts: Registry[IdeaCardPart] = Registry("idea card parts")
