"""Callout HTML for pushes, from the same partials the pages use. Rendered once per language,
never per reader: the per-reader choice is the hub's (callouts.filters.FeedQuery.choose)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from callouts import selectors
from callouts.filters import CARD, HINT
from callouts.models import Callout

FEED = "callouts/feed.html"


def render_new_callout(callout_id: int, language: str) -> dict[str, str]:
    """The variants of a new callout: its card for the top of the feed, or a hint to look."""
    callout = selectors.callouts_for_cards().filter(pk=callout_id).first()
    if callout is None:
        return {}
    with translation.override(language):
        return {
            CARD: render_to_string(f"{FEED}#callout-new", {"callout": callout}),
            HINT: render_to_string(f"{FEED}#callout-hint", {}),
        }


def render_callout_update(callout_id: int, language: str) -> str:
    """The changed card for readers who have it on their page; a callout that left the feed goes."""
    callout = selectors.in_feed().filter(pk=callout_id).first()
    if callout is None:
        return render_callout_gone(callout_id)
    with translation.override(language):
        return render_to_string(f"{FEED}#callout-card", {"callout": callout, "oob": True})


def render_callout_gone(callout_id: int) -> str:
    return render_to_string(f"{FEED}#callout-gone", {"callout_id": callout_id})


def thread_url(callout: Callout, responder_id: int) -> str:
    return f"{callout.get_absolute_url()}#gesprek-{responder_id}"


def reports_url() -> str:
    return reverse("callouts:reports")
