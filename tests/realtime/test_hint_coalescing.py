"""Hints are coalesced like participant counts: a room joining at once sends each facilitator page a
few "fetch the guest list again" hints, not one per phone (realtime.broadcast.HintCoalescer)."""

from __future__ import annotations

import pytest

from realtime import broadcast
from realtime.broadcast import HintCoalescer
from tests.helpers.clocks import Clock, Timers


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, str]]:
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(broadcast, "topics_in_use", lambda topics: set(topics))
    monkeypatch.setattr(broadcast, "publish_from_sync", lambda topic, text: sent.append((topic, text)))
    return sent


def test_a_burst_of_changes_publishes_the_first_at_once_and_one_more_at_the_end_of_the_window(published):
    clock, timers = Clock(), Timers()
    hints = HintCoalescer(1.0, clock=clock, timer=timers)
    for n in range(60):  # sixty phones join within the same second
        clock.now += 0.01
        hints.changed("guests:1", lambda n=n: f"hint {n}")
    assert published == [("guests:1", "hint 0")]
    assert len(timers.started) == 1  # one timer for the whole window, not one per change
    timers.fire_all()
    assert published == [("guests:1", "hint 0"), ("guests:1", "hint 59")]

    hints.changed("guests:2", lambda: "other board")  # another topic is not held back
    assert published[-1] == ("guests:2", "other board")
    clock.now += 1.5  # a quiet second later: at once again
    hints.changed("guests:1", lambda: "later")
    assert published[-1] == ("guests:1", "later") and timers.started == []


def test_nothing_is_rendered_for_a_topic_without_sockets(monkeypatch):
    monkeypatch.setattr(broadcast, "topics_in_use", lambda topics: set())
    sent = []
    monkeypatch.setattr(broadcast, "publish_from_sync", lambda topic, text: sent.append(topic))

    def render() -> str:
        raise AssertionError("rendered for nobody")

    HintCoalescer(1.0, clock=Clock(), timer=Timers()).changed("guests:1", render)
    assert sent == []
