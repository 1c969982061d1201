"""What higher apps add to the archive, filled in their AppConfig.ready() (cmij/registry.py).

archive imports no app above it; a topic's timeline still shows the events, callouts and action teams
where the topic came up, and a summary (and its first draft) the action teams of its meeting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cmij.registry import Registry, Section


@dataclass(frozen=True)
class TimelineItem:
    """One place a topic came up. On the topic's page it shows as `label` and its date, then its
    `template` (with `item` and `members_view` in the context)."""

    kind: str  # "summary", "idea", "callout", "team", "event"
    date: datetime
    item: object
    label: str
    template: str


#: (topic, members_view: bool, limit: int) -> list[TimelineItem]: where a topic came up in a higher app.
#: `members_view` says whether the viewer may see what is for members only (ideas, callouts).
timeline_sources: Registry[Callable[..., list[TimelineItem]]] = Registry("timeline sources")

#: Section(template, context(request, summary)): parts of a summary's page after its text.
summary_sections: Registry[Section] = Registry("summary sections")

#: (meeting) -> str: Markdown added to the end of a summary's first draft.
draft_parts: Registry[Callable[..., str]] = Registry("draft parts")
