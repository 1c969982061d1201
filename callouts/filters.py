"""What a reader of the feed asked for: one `FeedQuery`, used both ways.

- as a database filter, for the page and its "load more" (`callouts.selectors.feed_page`);
- as the hub's per-socket predicate for new callouts (`choose`): a cheap test on the tags a callout
  was published with (kind, disciplines, municipality), with no database and no render.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from callouts.models import Callout

#: Variants of a published new callout (callouts.rendering.render_new_callout).
CARD = "card"
HINT = "hint"


@dataclass(frozen=True)
class FeedQuery:
    kinds: frozenset[str] = frozenset()
    discipline_ids: frozenset[int] = frozenset()
    municipality_ids: frozenset[int] = frozenset()
    search: str = ""
    #: "Matches my profile": one of my disciplines, or my municipality.
    mine: bool = False
    my_discipline_ids: frozenset[int] = field(default=frozenset())
    my_municipality_id: int | None = None

    # --- as a database filter ---------------------------------------------------------------------

    def filter(self, callouts: QuerySet[Callout]) -> QuerySet[Callout]:
        if self.kinds:
            callouts = callouts.filter(kind__in=self.kinds)
        if self.discipline_ids:
            callouts = callouts.filter(pk__in=_with_disciplines(self.discipline_ids))
        if self.municipality_ids:
            callouts = callouts.filter(municipality_id__in=self.municipality_ids)
        if self.mine:
            mine = Q(pk__in=_with_disciplines(self.my_discipline_ids))
            if self.my_municipality_id is not None:
                mine |= Q(municipality_id=self.my_municipality_id)
            callouts = callouts.filter(mine)
        for word in self.search.split():
            callouts = callouts.filter(Q(title__icontains=word) | Q(body__icontains=word))
        return callouts

    # --- as the hub's predicate ---------------------------------------------------------------------

    def choose(self, tags: Mapping[str, Any]) -> str | None:
        """The variant of a new callout this reader gets: the card, a hint (a text search cannot be
        judged without the database: the reader's "new callouts" button loads the matches), or none."""
        if self.kinds and tags["kind"] not in self.kinds:
            return None
        if self.discipline_ids and not self.discipline_ids & tags["disciplines"]:
            return None
        if self.municipality_ids and tags["municipality"] not in self.municipality_ids:
            return None
        if self.mine and not (
            self.my_discipline_ids & tags["disciplines"]
            or (self.my_municipality_id is not None and tags["municipality"] == self.my_municipality_id)
        ):
            return None
        return HINT if self.search else CARD


def callout_tags(callout: Callout, discipline_ids: list[int]) -> dict[str, Any]:
    """What `choose` looks at, published with the callout."""
    return {"kind": callout.kind, "disciplines": discipline_ids, "municipality": callout.municipality_id}


def _with_disciplines(discipline_ids: frozenset[int]) -> QuerySet:
    return Callout.disciplines.through.objects.filter(discipline_id__in=discipline_ids).values("callout_id")
